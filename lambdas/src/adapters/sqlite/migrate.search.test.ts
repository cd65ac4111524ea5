import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RESOLUTION_CLASSES, resolutionClass, searchWords } from '@rushes/shared';
import { CATALOG_MIGRATIONS, migrate } from './migrate';
import { facetToken, type SearchFacet } from './migrations/013_search_facets';

// Migrations 010 to 013: the full-text search indexes, built from the rows already there and kept in step by triggers.

/** The assets a full-text index finds for `match`, named by `column`, in that column's order. */
function matches(db: Database.Database, index: 'asset_words' | 'asset_production', match: string, column: 'key' | 'id' = 'key'): string[] {
  return db
    .prepare<unknown[], { found: string }>(
      `SELECT a.${column} AS found FROM ${index} i JOIN assets a ON a.rowid = i.rowid WHERE ${index} MATCH ? ORDER BY a.${column}`,
    )
    .all(match)
    .map((row) => row.found);
}

describe('migration 010 (asset search index)', () => {
  const insert = `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, technical, derived,
    created_by, created_at, modified_at, version, annotations) VALUES (?, ?, ?, ?, 'mov', 1, 'video', 'ready', '{}', ?, '{}', 'a', 't', 't', 1, ?)`;
  const matching = (db: Database.Database, match: string) => matches(db, 'asset_words', match);

  it('indexes the assets already there, then follows inserts, edits and deletes', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 9));
      db.prepare(insert).run('a1', 'Show/Day 1/A001_C002.mov', 'Show/Day 1/', 'A001_C002.mov', '{"videoCodec":"prores"}', null);
      migrate(db, CATALOG_MIGRATIONS.slice(0, 10));
      expect(matching(db, '"c00"* AND "prores"* AND "day"*')).toEqual(['Show/Day 1/A001_C002.mov']);
      db.prepare(insert).run('a2', 'Show/Night/B001.mov', 'Show/Night/', 'B001.mov', null, '{"tags":["hero take"],"notes":"Flare"}');
      expect(matching(db, '"hero"* AND "fla"* AND "night"*')).toEqual(['Show/Night/B001.mov']);
      db.prepare(`UPDATE assets SET folder_path = 'Show/Dawn/', key = 'Show/Dawn/B001.mov' WHERE id = 'a2'`).run();
      expect(matching(db, '"night"*')).toEqual([]);
      expect(matching(db, '"dawn"*')).toEqual(['Show/Dawn/B001.mov']);
      db.prepare(`DELETE FROM assets WHERE id = 'a1'`).run();
      expect(matching(db, '"prores"*')).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('migration 011 (production search index)', () => {
  const insert = `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, derived,
    created_by, created_at, modified_at, version, production) VALUES (?, ?, 'Day/', ?, 'mov', 1, 'video', 'ready', '{}', '{}', 'a', 't', 't', 1, ?)`;
  const matching = (db: Database.Database, match: string) => matches(db, 'asset_production', match);

  it('indexes the assets already there by field, numbers also without leading zeros, then follows edits and deletes', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 10));
      const add = db.prepare(insert);
      add.run('a1', 'Day/A002C007.mov', 'A002C007.mov', '{"scene":"12A","take":"03","camera":"ALEXA Mini LF (A)","lens":"Cooke 32mm"}');
      add.run('a2', 'Day/plain.mov', 'plain.mov', null);
      migrate(db, CATALOG_MIGRATIONS.slice(0, 11));
      expect(matching(db, 'scene : "12a" AND take : "3" AND camera : "a" AND lens : "32mm"')).toEqual(['Day/A002C007.mov']);
      expect(matching(db, 'take : "03" AND take : "0"*')).toEqual(['Day/A002C007.mov']);
      // Columns keep fields apart: a lens word is no scene.
      expect(matching(db, 'scene : "32mm"')).toEqual([]);
      add.run('a3', 'Day/sound.wav', 'sound.wav', '{"scene":"14","take":"000","reel":"007"}');
      expect(matching(db, 'take : "0" AND reel : "7" AND reel : "007"')).toEqual(['Day/sound.wav']);
      db.prepare(`UPDATE assets SET production = '{"scene":"15"}' WHERE id = 'a3'`).run();
      expect(matching(db, 'scene : "14"')).toEqual([]);
      expect(matching(db, 'scene : "15"')).toEqual(['Day/sound.wav']);
      db.prepare(`UPDATE assets SET production = NULL WHERE id = 'a3'`).run();
      expect(matching(db, 'scene : "15"')).toEqual([]);
      db.prepare(`DELETE FROM assets WHERE id = 'a1'`).run();
      expect(matching(db, 'scene : "12a"')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('is what a search by production terms reads first, not a walk of the assets', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const plan = (
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT a.* FROM asset_production w CROSS JOIN assets a ON a.rowid = w.rowid
             WHERE asset_production MATCH 'scene : "12a"' AND a.in_trash = 0 ORDER BY w.rowid`,
          )
          .all() as { detail: string }[]
      ).map((step) => step.detail);
      // `M`: the index answers the MATCH; the assets are then looked up by rowid.
      expect(plan[0]).toMatch(/^SCAN w VIRTUAL TABLE INDEX \d+:M/);
      expect(plan[1]).toMatch(/SEARCH a USING INTEGER PRIMARY KEY/);
    } finally {
      db.close();
    }
  });
});

describe('migration 012 (search prefixes up to six letters)', () => {
  const insert = `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, technical, derived,
    created_by, created_at, modified_at, version) VALUES (?, ?, ?, ?, 'mov', 1, 'video', 'ready', '{}', ?, '{}', 'a', 't', 't', 1)`;
  const matching = (db: Database.Database, match: string) => matches(db, 'asset_words', match);
  const wordIndexSql = (db: Database.Database) =>
    (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'asset_words'`).get() as { sql: string }).sql;

  it('rebuilds the word index with prefix indexes of one to six letters, keeping what it finds and its triggers', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 11));
      db.prepare(insert).run('a1', 'Show 5/Day 35/A001_C002.mov', 'Show 5/Day 35/', 'A001_C002.mov', '{"videoCodec":"prores"}');
      expect(wordIndexSql(db)).toContain("prefix = '1 2 3'");
      migrate(db, CATALOG_MIGRATIONS.slice(0, 12));
      expect(wordIndexSql(db)).toContain("prefix = '1 2 3 4 5 6'");
      expect(matching(db, '"show"* AND "5"* AND "day"* AND "35"*')).toEqual(['Show 5/Day 35/A001_C002.mov']);
      expect(matching(db, '"prore"*')).toEqual(['Show 5/Day 35/A001_C002.mov']);
      db.prepare(insert).run('a2', 'Show 5/Night/B001.mov', 'Show 5/Night/', 'B001.mov', null);
      expect(matching(db, '"nigh"*')).toEqual(['Show 5/Night/B001.mov']);
      db.prepare(`UPDATE assets SET name = 'B002.mov', key = 'Show 5/Night/B002.mov' WHERE id = 'a2'`).run();
      expect(matching(db, '"b001"*')).toEqual([]);
      expect(matching(db, '"b002"*')).toEqual(['Show 5/Night/B002.mov']);
      db.prepare(`DELETE FROM assets WHERE id = 'a1'`).run();
      expect(matching(db, '"prores"*')).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('migration 013 (search facets)', () => {
  const insert = `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, technical, derived,
    created_by, created_at, modified_at, version) VALUES (?, ?, 'Day/', ?, 'mov', 1, ?, ?, '{}', ?, '{}', 'a', 't', 't', 1)`;
  const matching = (db: Database.Database, match: string) => matches(db, 'asset_words', match, 'id');
  const token = (facet: SearchFacet) => `"${facetToken(facet)}"`;

  it('rebuilds the word index with kind, status and resolution tokens, kept in step when they change', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 12));
      const add = db.prepare(insert);
      add.run('a1', 'Day/A001.mov', 'A001.mov', 'video', 'ready', '{"width":3840}');
      add.run('a2', 'Day/A001.wav', 'A001.wav', 'audio', 'ready', null);
      migrate(db, CATALOG_MIGRATIONS.slice(0, 13));
      expect(matching(db, `"a001"* AND ${token({ kind: 'audio' })}`)).toEqual(['a2']);
      expect(matching(db, `"day"* AND (${token({ kind: 'audio' })} OR ${token({ kind: 'video' })})`)).toEqual(['a1', 'a2']);
      expect(matching(db, token({ resolution: '4k' }))).toEqual(['a1']);
      add.run('a3', 'Day/B001.mov', 'B001.mov', 'video', 'uploading', null);
      expect(matching(db, token({ status: 'uploading' }))).toEqual(['a3']);
      // Only the status changes, as ingest does: the token follows it.
      db.prepare(`UPDATE assets SET status = 'processing' WHERE id = 'a3'`).run();
      expect(matching(db, token({ status: 'uploading' }))).toEqual([]);
      expect(matching(db, `"b001"* AND ${token({ status: 'processing' })}`)).toEqual(['a3']);
      db.prepare(`UPDATE assets SET kind = 'image', technical = '{"width":1920}' WHERE id = 'a3'`).run();
      expect(matching(db, `${token({ kind: 'image' })} AND ${token({ resolution: 'fullhd' })}`)).toEqual(['a3']);
      db.prepare(`DELETE FROM assets WHERE id = 'a3'`).run();
      expect(matching(db, token({ kind: 'image' }))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('gives the resolution class shared resolutionClass gives, and none without a numeric width', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const widths = [-1, 0, 0.5, 1, 719, 1279, 1280, 1919, 1920, 3199, 3200, 4096, 4999, 5000, 6999, 7000, 8192, 20000];
      const add = db.prepare(insert);
      widths.forEach((width, i) => add.run(`w${i}`, `Day/w${i}.mov`, `w${i}.mov`, 'video', 'ready', JSON.stringify({ width })));
      add.run('none', 'Day/none.mov', 'none.mov', 'video', 'ready', null);
      add.run('text', 'Day/text.mov', 'text.mov', 'video', 'ready', '{"width":"3840"}');
      for (const name of RESOLUTION_CLASSES) {
        const expected = widths.flatMap((width, i) => (resolutionClass(width) === name ? [`w${i}`] : [])).sort();
        expect(matching(db, token({ resolution: name })), name).toEqual(expected);
      }
    } finally {
      db.close();
    }
  });

  it('holds tokens no typed word reaches: the token text typed as words finds nothing', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      db.prepare(insert).run('a1', 'Day/A001.wav', 'A001.wav', 'audio', 'ready', null);
      const token = facetToken({ kind: 'audio' });
      expect(searchWords(token)).toEqual(['kindaudio']);
      for (const word of searchWords(`${token} kind audio res status ready`)) expect(matching(db, `"${word}"*`), word).toEqual([]);
    } finally {
      db.close();
    }
  });
});
