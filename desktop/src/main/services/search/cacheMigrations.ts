import type { Migration } from '@rushes/lambdas/sqlite-migrate';

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

export const CACHE_MIGRATIONS: readonly Migration[] = [initial, folderWords];
