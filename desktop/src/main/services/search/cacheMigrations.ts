import type { Migration } from '@rushes/lambdas/sqlite-migrate';

/**
 * The desktop's search cache: the assets this user may see, one row each, with the fields
 * filters need as columns and the words bare search matches in a contentless FTS5 index
 * (names are kept in `assets`; the index stores only what it needs to answer prefixes).
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
        text_hash    INTEGER NOT NULL,
        view         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX assets_folder ON assets (folder_path);
      CREATE VIRTUAL TABLE assets_fts USING fts5(
        name, path, technical,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
    `);
  },
};

export const CACHE_MIGRATIONS: readonly Migration[] = [initial];
