import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NO_REVIEW } from '@rushes/shared';
import { migrate, userVersion } from '@rushes/lambdas/sqlite-migrate';
import { CACHE_MIGRATIONS } from '../src/main/services/search/cacheMigrations';
import { benchAsset } from '../../scripts/testing/searchCatalog';

describe('search cache migrations', () => {
  it('2 indexes the folder paths a version-1 cache already holds', () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 1));
    db.prepare('INSERT INTO folders (path) VALUES (?), (?)').run('Show A/Day 1/', 'Show B/');
    expect(migrate(db, CACHE_MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(userVersion(db)).toBe(2);
    const found = db.prepare('SELECT path FROM folders_fts WHERE folders_fts MATCH \'"day"* "1"*\'').all();
    expect(found).toEqual([{ path: 'Show A/Day 1/' }]);
  });

  it('3 rebuilds the word index with facets and fills the tag table from the stored views, with no server', () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 2));
    const hero = { ...benchAsset(0), tags: ['Hero', 'Night shoot'] };
    const plain = { ...benchAsset(1), tags: [] };
    for (const [row, asset] of [hero, plain].entries()) {
      db.prepare(
        `INSERT INTO assets (row, id, folder_path, name, kind, status, created_ms, on_fsx, text_hash) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)`,
      ).run(row + 1, asset.id, asset.folderPath, asset.name, asset.kind, asset.status);
      db.prepare('INSERT INTO asset_views (row, view) VALUES (?, ?)').run(row + 1, JSON.stringify(asset));
      db.prepare('INSERT INTO assets_fts (rowid, name, path, technical) VALUES (?, ?, ?, ?)').run(
        row + 1,
        asset.name,
        asset.folderPath,
        '',
      );
    }
    expect(migrate(db, CACHE_MIGRATIONS.slice(0, 3))).toEqual({ from: 2, to: 3 });
    const match = (text: string) =>
      db
        .prepare<[string], { rowid: number }>('SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?')
        .all(text)
        .map((r) => r.rowid);
    expect(match('facets : kindaudio')).toEqual([1]);
    expect(match('{name path technical} : "a000"*')).toEqual([1]);
    expect(match('{name path technical} : "kind"*')).toEqual([]);
    expect(db.prepare('SELECT tag, row FROM asset_tags ORDER BY tag').all()).toEqual([
      { tag: 'hero', row: 1 },
      { tag: 'night shoot', row: 1 },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM assets WHERE text_hash = 0').get()).toEqual({ n: 0 });
  });

  it("4 counts each asset's tags, so a change to an asset without tags can skip the tag table", () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 3));
    for (const row of [1, 2, 3]) {
      db.prepare(
        `INSERT INTO assets (row, id, folder_path, name, kind, status, created_ms, on_fsx, text_hash) VALUES (?, ?, 'A/', ?, 'video', 'ready', 0, 0, 0)`,
      ).run(row, `id-${row}`, `n${row}`);
    }
    db.prepare("INSERT INTO asset_tags (tag, row) VALUES ('hero', 1), ('pickup', 1), ('hero', 3)").run();
    expect(migrate(db, CACHE_MIGRATIONS.slice(0, 4))).toEqual({ from: 3, to: 4 });
    expect(db.prepare('SELECT row, tag_count FROM assets ORDER BY row').all()).toEqual([
      { row: 1, tag_count: 2 },
      { row: 2, tag_count: 0 },
      { row: 3, tag_count: 1 },
    ]);
  });

  it('5 gives stored views no review and forgets the feed position, so the next sync brings marks and notes', () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 4));
    const { review: _review, ...old } = benchAsset(2);
    db.prepare(
      `INSERT INTO assets (row, id, folder_path, name, kind, status, created_ms, on_fsx, text_hash) VALUES (1, ?, 'A/', 'n', 'video', 'ready', 0, 0, 0)`,
    ).run(old.id);
    db.prepare('INSERT INTO asset_views (row, view) VALUES (1, ?)').run(JSON.stringify(old));
    db.prepare("INSERT INTO state (key, value) VALUES ('since', '42')").run();
    expect(migrate(db, CACHE_MIGRATIONS.slice(0, 5))).toEqual({ from: 4, to: 5 });
    const view = JSON.parse(db.prepare<[], { view: string }>('SELECT view FROM asset_views').get()!.view) as { review: unknown };
    expect(view.review).toEqual(NO_REVIEW);
    expect(db.prepare('SELECT circled, rating, review_status, note_count, note_hash FROM assets').get()).toEqual({
      circled: 0,
      rating: 0,
      review_status: 'none',
      note_count: 0,
      note_hash: 0,
    });
    expect(db.prepare("SELECT value FROM state WHERE key = 'since'").get()).toBeUndefined();
  });

  it('6 indexes the production fields stored views already carry, by key and as facets, with no server', () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 5));
    const clip = { ...benchAsset(3), production: { scene: '12A', take: '03', camera: 'ALEXA 35 (A)' } };
    const plain = benchAsset(4);
    for (const [i, asset] of [clip, plain].entries()) {
      db.prepare(
        `INSERT INTO assets (row, id, folder_path, name, kind, status, created_ms, on_fsx, text_hash) VALUES (?, ?, 'A/', 'n', 'video', 'ready', 0, 0, 7)`,
      ).run(i + 1, asset.id);
      db.prepare('INSERT INTO asset_views (row, view) VALUES (?, ?)').run(i + 1, JSON.stringify(asset));
      db.prepare("INSERT INTO assets_fts (rowid, name, path, technical, facets) VALUES (?, 'n', 'A/', '', 'kindvideo')").run(i + 1);
    }
    expect(migrate(db, CACHE_MIGRATIONS)).toEqual({ from: 5, to: 6 });
    expect(db.prepare('SELECT field, key, row FROM asset_production ORDER BY field, key').all()).toEqual([
      { field: 'camera', key: '35', row: 1 },
      { field: 'camera', key: 'a', row: 1 },
      { field: 'camera', key: 'alexa', row: 1 },
      { field: 'scene', key: '12a', row: 1 },
      { field: 'take', key: '03', row: 1 },
      { field: 'take', key: '3', row: 1 },
    ]);
    expect(db.prepare('SELECT row, production_count, text_hash <> 7 AS rehashed FROM assets ORDER BY row').all()).toEqual([
      { row: 1, production_count: 6, rehashed: 1 },
      { row: 2, production_count: 0, rehashed: 0 },
    ]);
    // The old index entry was replaced, not doubled: one row holds the facets, and still its kind.
    expect(db.prepare("SELECT rowid FROM assets_fts WHERE assets_fts MATCH 'facets : kindvideo' ORDER BY rowid").all()).toEqual([
      { rowid: 1 },
      { rowid: 2 },
    ]);
  });

  it('refuses a cache written by a newer build', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${CACHE_MIGRATIONS.length + 1}`);
    expect(() => migrate(db, CACHE_MIGRATIONS)).toThrow(/newer than this build/);
  });
});
