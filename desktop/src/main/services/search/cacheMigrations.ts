import { NO_REVIEW, type AssetView } from '@rushes/shared';
import type { Migration } from '@rushes/lambdas/sqlite-migrate';
import { indexAsset } from './searchIndex';

/**
 * The desktop's search cache: the assets this user may see, one row each, with the fields
 * filters need as columns and the words bare search matches in a contentless FTS5 index
 * (names are kept in `assets`; the index stores only what it needs to answer prefixes).
 * The full asset view, which only results need, lives in `asset_views`.
 */
const initial: Migration = {
  version: 1,
  name: 'search cache',
  up(db) {
    db.exec(`
      CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE folders (path TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      CREATE TABLE assets (
        row          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        folder_path  TEXT NOT NULL,
        name         TEXT NOT NULL,
        kind         TEXT NOT NULL,
        status       TEXT NOT NULL,
        video_codec  TEXT,
        audio_codec  TEXT,
        width        INTEGER,
        fps          REAL,
        duration     REAL,
        created_ms   INTEGER NOT NULL,
        on_fsx       INTEGER NOT NULL,
        -- A hash of the indexed text: an update that leaves it alone skips the FTS index.
        text_hash    INTEGER NOT NULL
      ) STRICT;
      -- What the UI shows, apart from the narrow rows filters read, so a filter scan
      -- touches a tenth of the pages.
      CREATE TABLE asset_views (row INTEGER PRIMARY KEY, view TEXT NOT NULL) STRICT;
      CREATE INDEX assets_folder ON assets (folder_path);
      CREATE VIRTUAL TABLE assets_fts USING fts5(
        name, path, technical,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
    `);
  },
};

/**
 * Folder paths in their own small FTS5 index: a search whose words all match a folder's
 * path ("show 5 day 35") is answered from that folder's rows instead of intersecting the
 * asset index's longest word lists.
 */
const folderWords: Migration = {
  version: 2,
  name: 'folder words',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE folders_fts USING fts5(path, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
      INSERT INTO folders_fts (path) SELECT path FROM folders;
    `);
  },
};

/**
 * Query planning (searchPlan.ts): facet tokens for filters in the word index (searchIndex.ts)
 * with `detail=column` (no word positions: search matches prefixes, never phrases, and the
 * lists are a third smaller), tags in a table of their own for `tag:`, and a folder index that
 * covers the filter columns, so a folder-first plan checks filters without reading rows;
 * all but location, which every transfer changes: keeping it out spares sync an index write.
 * The index is rebuilt from the stored views: no trip to the server.
 */
const searchPlans: Migration = {
  version: 3,
  name: 'search plans',
  up(db) {
    db.exec(`
      DROP TABLE assets_fts;
      CREATE VIRTUAL TABLE assets_fts USING fts5(
        name, path, technical, facets,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      CREATE TABLE asset_tags (tag TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (tag, row)) STRICT, WITHOUT ROWID;
      CREATE INDEX asset_tags_row ON asset_tags (row);
      DROP INDEX assets_folder;
      CREATE INDEX assets_folder ON assets (folder_path, kind, status, width, fps, duration, created_ms);
    `);
    const page = db.prepare<[number], { row: number; view: string }>(
      'SELECT row, view FROM asset_views WHERE row > ? ORDER BY row LIMIT 5000',
    );
    const text = db.prepare('INSERT INTO assets_fts (rowid, name, path, technical, facets) VALUES (?, ?, ?, ?, ?)');
    const tag = db.prepare('INSERT OR IGNORE INTO asset_tags (tag, row) VALUES (?, ?)');
    const hash = db.prepare('UPDATE assets SET text_hash = ? WHERE row = ?');
    for (let last = 0, rows = page.all(last); rows.length > 0; last = rows.at(-1)!.row, rows = page.all(last)) {
      for (const { row, view } of rows) {
        const indexed = indexAsset(JSON.parse(view) as AssetView);
        text.run(row, indexed.text.name, indexed.text.path, indexed.text.technical, indexed.text.facets);
        for (const value of indexed.tags) tag.run(value, row);
        hash.run(indexed.columns.text_hash, row);
      }
    }
  },
};

/** Each asset's tag count, so a change to an asset without tags skips the tag table. */
const tagCounts: Migration = {
  version: 4,
  name: 'tag counts',
  up(db) {
    db.exec(`
      ALTER TABLE assets ADD COLUMN tag_count INTEGER NOT NULL DEFAULT 0;
      UPDATE assets SET tag_count = (SELECT count(*) FROM asset_tags t WHERE t.row = assets.row) WHERE row IN (SELECT row FROM asset_tags);
    `);
  },
};

/**
 * The review loop: take marks and note counts as columns for the filters, and the text of
 * each asset's notes in an index of its own (rowid = the asset's row), which `note:` alone
 * searches. Views stored before carry no review: they get none, and the feed position is
 * forgotten, so the next sync walks the library again and brings every asset's marks and
 * notes as the server has them now.
 */
const review: Migration = {
  version: 5,
  name: 'review marks and notes',
  up(db) {
    db.exec(`
      ALTER TABLE assets ADD COLUMN circled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE assets ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE assets ADD COLUMN review_status TEXT NOT NULL DEFAULT 'none';
      ALTER TABLE assets ADD COLUMN note_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE assets ADD COLUMN note_hash INTEGER NOT NULL DEFAULT 0;
      CREATE VIRTUAL TABLE notes_fts USING fts5(
        text,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      DELETE FROM state WHERE key = 'since';
    `);
    db.prepare(`UPDATE asset_views SET view = json_set(view, '$.review', json(?)) WHERE json_type(view, '$.review') IS NULL`).run(
      JSON.stringify(NO_REVIEW),
    );
  },
};

/**
 * What crews say (`scene:12A take:3 reel:A002* camera:A`): each asset's production keys
 * (searchIndex.ts) in a table of their own, exact and prefix lookups by field, and as facets
 * in the word index. Views stored before already carry their production fields: the assets
 * that have any are re-indexed from them, no trip to the server.
 */
const production: Migration = {
  version: 6,
  name: 'production terms',
  up(db) {
    db.exec(`
      CREATE TABLE asset_production (field TEXT NOT NULL, key TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (field, key, row)) STRICT, WITHOUT ROWID;
      CREATE INDEX asset_production_row ON asset_production (row);
      ALTER TABLE assets ADD COLUMN production_count INTEGER NOT NULL DEFAULT 0;
    `);
    const page = db.prepare<[number], { row: number; view: string }>(
      `SELECT row, view FROM asset_views WHERE row > ? AND json_type(view, '$.production') IS NOT NULL ORDER BY row LIMIT 5000`,
    );
    const drop = db.prepare('DELETE FROM assets_fts WHERE rowid = ?');
    const text = db.prepare('INSERT INTO assets_fts (rowid, name, path, technical, facets) VALUES (?, ?, ?, ?, ?)');
    const key = db.prepare('INSERT OR IGNORE INTO asset_production (field, key, row) VALUES (?, ?, ?)');
    const count = db.prepare('UPDATE assets SET text_hash = ?, production_count = ? WHERE row = ?');
    for (let last = 0, rows = page.all(last); rows.length > 0; last = rows.at(-1)!.row, rows = page.all(last)) {
      for (const { row, view } of rows) {
        const indexed = indexAsset(JSON.parse(view) as AssetView);
        if (indexed.production.length === 0) continue;
        drop.run(row);
        text.run(row, indexed.text.name, indexed.text.path, indexed.text.technical, indexed.text.facets);
        for (const found of indexed.production) key.run(found.field, found.key, row);
        count.run(indexed.columns.text_hash, indexed.production.length, row);
      }
    }
  },
};

export const CACHE_MIGRATIONS: readonly Migration[] = [initial, folderWords, searchPlans, tagCounts, review, production];
