import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESOLUTION_CLASSES, resolutionClass, searchWords } from '@rushes/shared';
import { CATALOG_MIGRATIONS, migrate, userVersion, type Migration } from './migrate';
import { facetToken, type SearchFacet } from './migrations/013_search_facets';

function step(version: number, name: string, log: string[], sql = `CREATE TABLE t${version} (x INTEGER)`): Migration {
  return {
    version,
    name,
    up(db) {
      log.push(name);
      db.exec(sql);
    },
  };
}

function tables(db: Database.Database): string[] {
  return db
    .prepare<unknown[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('migrate', () => {
  let db: Database.Database;
  let log: string[];

  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    log = [];
  });

  afterEach(() => {
    db.close();
  });

  it('brings a new database to the latest version, and does nothing the second time', () => {
    expect(migrate(db)).toEqual({ from: 0, to: CATALOG_MIGRATIONS.length });
    expect(userVersion(db)).toBe(CATALOG_MIGRATIONS.length);
    const wordIndex = ['asset_words', 'asset_words_config', 'asset_words_data', 'asset_words_docsize', 'asset_words_idx'];
    const productionIndex = wordIndex.map((name) => name.replace('asset_words', 'asset_production'));
    expect(tables(db)).toEqual([
      ...productionIndex,
      ...wordIndex,
      'assets',
      'audit',
      'changes',
      'custody_entries',
      'custody_generations',
      'disabled_users',
      'folders',
      'notes',
      'transfers',
      'workstations',
    ]);
    expect(migrate(db)).toEqual({ from: CATALOG_MIGRATIONS.length, to: CATALOG_MIGRATIONS.length });
  });

  it('runs only the pending migrations, in order', () => {
    migrate(db, [step(1, 'one', log)]);
    expect(migrate(db, [step(1, 'one', log), step(2, 'two', log), step(3, 'three', log)])).toEqual({ from: 1, to: 3 });
    expect(log).toEqual(['one', 'two', 'three']);
    expect(tables(db)).toEqual(['t1', 't2', 't3']);
  });

  it('refuses a database from a newer build and leaves it alone', () => {
    const latest = CATALOG_MIGRATIONS.length;
    db.pragma(`user_version = ${latest + 1}`);
    expect(() => migrate(db)).toThrow(`schema version ${latest + 1}, newer than this build knows (${latest})`);
    expect(userVersion(db)).toBe(CATALOG_MIGRATIONS.length + 1);
    expect(tables(db)).toEqual([]);
  });

  it.each([
    ['a duplicate number', [1, 2, 2], /Migration 2 is listed twice/],
    ['a gap', [1, 3], /Migration 2 is missing or out of order/],
    ['numbers out of order', [2, 1], /Migration 1 is missing or out of order/],
    ['a number below 1', [0], /versions are whole numbers from 1/],
  ])('refuses a list with %s before touching the database', (_what, versions, message) => {
    const list = versions.map((version, i) => step(version, `m${i}`, log, `CREATE TABLE m${i} (x INTEGER)`));
    expect(() => migrate(db, list)).toThrow(message);
    expect(log).toEqual([]);
    expect(userVersion(db)).toBe(0);
  });

  it('rolls a failed run back completely: no table, no version bump', () => {
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [step(1, 'one', log), failing])).toThrow('disk on fire');
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});

describe('migration 001 (initial)', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
  });

  afterEach(() => {
    db.close();
  });

  const folder = (path: string, parent: string | null) =>
    db
      .prepare(
        `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at)
         VALUES (?, ?, 'n', '["admin"]', 'a', 't', 't')`,
      )
      .run(path, parent);

  it('refuses a folder whose parent has no record, and a parent removed before its children', () => {
    folder('Show/', null);
    folder('Show/Day/', 'Show/');
    expect(() => folder('Other/Day/', 'Other/')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM folders WHERE path = 'Show/'").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM folders WHERE path >= 'Show/' AND path < 'Show0'").run();
  });

  it('refuses malformed JSON and half a trash mark, and derives in_trash', () => {
    const insert = db.prepare(
      `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, derived,
                           created_by, created_at, modified_at, version, trashed_at, trashed_by)
       VALUES (?, ?, '', ?, 'mov', 1, 'video', 'ready', ?, '{}', 'a', 't', 't', 1, ?, ?)`,
    );
    insert.run('1', 'a.mov', 'a.mov', '{}', 't', 'ana');
    expect(() => insert.run('2', 'b.mov', 'b.mov', '{not json', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('3', 'c.mov', 'c.mov', '{}', 't', null)).toThrow(/CHECK/);
    expect(() => insert.run('4', 'a.mov', 'a.mov', '{}', null, null)).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT in_trash FROM assets WHERE id = '1'").pluck().get()).toBe(1);
  });
});

describe('migration 004 (workstations and transfer jobs)', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });

  afterEach(() => {
    db.close();
  });

  it('refuses an unknown platform or state and malformed JSON', () => {
    const workstation = db.prepare(
      `INSERT INTO workstations (id, name, platform, instance_id, share_root, groups, created_at, modified_at) VALUES (?, 'n', ?, NULL, '/s', ?, 't', 't')`,
    );
    workstation.run('ws-1', 'local', '[]');
    expect(() => workstation.run('ws-2', 'macos', '[]')).toThrow(/CHECK/);
    expect(() => workstation.run('ws-3', 'local', '[oops')).toThrow(/CHECK/);
    const transfer = db.prepare(
      `INSERT INTO transfers (id, requested_by_id, created_at, state, deadline, version, record) VALUES (?, 'u', 't', ?, 'd', 1, ?)`,
    );
    transfer.run('job-1', 'running', '{}');
    expect(() => transfer.run('job-2', 'moving', '{}')).toThrow(/CHECK/);
    expect(() => transfer.run('job-3', 'failed', '{')).toThrow(/CHECK/);
  });

  it('indexes only unfinished jobs for the sweep', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM transfers WHERE state IN ('queued', 'running') ORDER BY deadline, id`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('transfers_unfinished');
  });
});

describe('migration 006 (audit address)', () => {
  it('keeps events recorded before it, with no address, and the log append-only', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 5));
      db.prepare(
        `INSERT INTO audit (id, at, actor, action, outcome, target, details) VALUES ('e1', 't', 'a', 'asset.download', 'succeeded', 'x', '{}')`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 6))).toEqual({ from: 5, to: 6 });
      db.prepare(
        `INSERT INTO audit (id, at, actor, action, outcome, target, details, address) VALUES ('e2', 't', 'a', 'asset.play', 'succeeded', 'x', '{}', '127.0.0.1')`,
      ).run();
      expect(db.prepare('SELECT id, address FROM audit ORDER BY id').all()).toEqual([
        { id: 'e1', address: null },
        { id: 'e2', address: '127.0.0.1' },
      ]);
      expect(() => db.prepare(`UPDATE audit SET address = '10.0.0.1' WHERE id = 'e1'`).run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('migration 007 (notes and takes)', () => {
  it('keeps assets recorded before it with no review, and takes notes away with their asset and replies with their thread', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = ON');
      migrate(db, CATALOG_MIGRATIONS.slice(0, 6));
      db.prepare(
        `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, derived, created_by, created_at, modified_at, version)
         VALUES ('a1', 'S/a.mov', 'S/', 'a.mov', 'mov', 1, 'video', 'ready', '{}', '{}', 'x', 't', 't', 1)`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 7))).toEqual({ from: 6, to: 7 });
      expect(db.prepare('SELECT review FROM assets').pluck().all()).toEqual([null]);
      const note = db.prepare(
        `INSERT INTO notes (id, asset_id, parent_id, author, text, frame, out_frame, drawing, resolved, created_at, version)
         VALUES (?, 'a1', ?, 'ed', 'soft', ?, ?, '[]', 0, 't', 1)`,
      );
      note.run('n1', null, 10, 20);
      note.run('n2', 'n1', 10, 20);
      note.run('n3', null, 5, null);
      expect(() => note.run('n4', null, 30, 20)).toThrow(/CHECK/);
      expect(() => note.run('n5', 'missing', 1, null)).toThrow(/FOREIGN KEY/);
      db.prepare(`DELETE FROM notes WHERE id = 'n1'`).run();
      expect(db.prepare('SELECT id FROM notes').pluck().all()).toEqual(['n3']);
      db.prepare(`DELETE FROM assets WHERE id = 'a1'`).run();
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 008 (looks and production metadata)', () => {
  it('keeps folders and assets made before it, with no look, and refuses a look that is not JSON', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 7));
      db.prepare(
        `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at) VALUES ('Show/', NULL, 'Show', '["admin"]', 'a', 't', 't')`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 8))).toEqual({ from: 7, to: 8 });
      expect(db.prepare(`SELECT path, look FROM folders`).all()).toEqual([{ path: 'Show/', look: null }]);
      db.prepare(`UPDATE folders SET look = '{"burnIn":null}' WHERE path = 'Show/'`).run();
      expect(() => db.prepare(`UPDATE folders SET look = '{' WHERE path = 'Show/'`).run()).toThrow(/CHECK/);
      const columns = (db.prepare(`PRAGMA table_info(assets)`).all() as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual(expect.arrayContaining(['production', 'graded']));
    } finally {
      db.close();
    }
  });
});

describe('migration 009 (custody)', () => {
  it('numbers generations once per folder and refuses hops and states it does not know', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const generation = db.prepare(
        `INSERT INTO custody_generations (root_path, sequence, manifest_name, c4, hop, by, created_at) VALUES (?, ?, 'm.mhl', 'c4', ?, 'ed', 't')`,
      );
      generation.run('Show/A002/', 1, 'upload');
      generation.run('Show/B001/', 1, 'upload');
      expect(() => generation.run('Show/A002/', 1, 'upload')).toThrow(/UNIQUE|PRIMARY/);
      expect(() => generation.run('Show/A002/', 2, 'courier')).toThrow(/CHECK/);
      expect(() => generation.run('Show/A002/', 0, 'upload')).toThrow(/CHECK/);
      const entry = db.prepare(
        `INSERT INTO custody_entries (asset_id, root_path, sequence, path, manifest_name, hop, state, hashes, by, at) VALUES ('a1', 'Show/A002/', 1, 'x.mov', 'm.mhl', 'upload', ?, '{}', 'ed', 't')`,
      );
      entry.run('recorded');
      expect(() => entry.run('probably-fine')).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

describe('migration 010 (asset search index)', () => {
  const insert = `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, technical, derived,
    created_by, created_at, modified_at, version, annotations) VALUES (?, ?, ?, ?, 'mov', 1, 'video', 'ready', '{}', ?, '{}', 'a', 't', 't', 1, ?)`;
  const matching = (db: Database.Database, match: string) =>
    (
      db
        .prepare('SELECT a.key FROM asset_words w JOIN assets a ON a.rowid = w.rowid WHERE asset_words MATCH ? ORDER BY a.key')
        .all(match) as { key: string }[]
    ).map((row) => row.key);

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
  const matching = (db: Database.Database, match: string) =>
    (
      db
        .prepare('SELECT a.key FROM asset_production p JOIN assets a ON a.rowid = p.rowid WHERE asset_production MATCH ? ORDER BY a.key')
        .all(match) as { key: string }[]
    ).map((row) => row.key);

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
  const matching = (db: Database.Database, match: string) =>
    (
      db
        .prepare('SELECT a.key FROM asset_words w JOIN assets a ON a.rowid = w.rowid WHERE asset_words MATCH ? ORDER BY a.key')
        .all(match) as { key: string }[]
    ).map((row) => row.key);
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
  const matching = (db: Database.Database, match: string) =>
    (
      db
        .prepare('SELECT a.id FROM asset_words w JOIN assets a ON a.rowid = w.rowid WHERE asset_words MATCH ? ORDER BY a.id')
        .all(match) as { id: string }[]
    ).map((row) => row.id);
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
