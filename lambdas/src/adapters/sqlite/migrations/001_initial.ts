import type { Migration } from '../migrate';

/**
 * The first catalog schema: folders, assets, the change feed and the audit log.
 *
 * Text compares as BINARY (UTF-8 bytes, i.e. code point order), the order DynamoDB sorts
 * its keys in, so both adapters list names the same way. Prefix queries use ranges
 * (`key >= 'Show/' AND key < 'Show0'`), never LIKE, which would treat `%` and `_` in
 * names as wildcards.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      -- The root folder has no record: a top-level folder has parent_path NULL, so the
      -- foreign key holds for every folder.
      CREATE TABLE folders (
        path        TEXT PRIMARY KEY,
        parent_path TEXT REFERENCES folders (path),
        name        TEXT NOT NULL,
        acl_groups  TEXT NOT NULL CHECK (json_valid(acl_groups)),
        created_by  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        trashed_at  TEXT,
        trashed_by  TEXT,
        CHECK ((trashed_at IS NULL) = (trashed_by IS NULL))
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX folders_by_parent ON folders (parent_path, name);

      -- No foreign key to folders: an object can land in S3 under a prefix that has no
      -- folder record, and purge removes assets and folders in separate steps.
      CREATE TABLE assets (
        id             TEXT NOT NULL PRIMARY KEY,
        key            TEXT NOT NULL UNIQUE,
        folder_path    TEXT NOT NULL,
        name           TEXT NOT NULL,
        -- Sort key for 'type': the lower-case extension, '' when there is none.
        type_sort      TEXT NOT NULL,
        size           INTEGER NOT NULL CHECK (size >= 0),
        checksum       TEXT CHECK (checksum IS NULL OR json_valid(checksum)),
        kind           TEXT NOT NULL,
        status         TEXT NOT NULL,
        failure_reason TEXT,
        locations      TEXT NOT NULL CHECK (json_valid(locations)),
        technical      TEXT CHECK (technical IS NULL OR json_valid(technical)),
        derived        TEXT NOT NULL CHECK (json_valid(derived)),
        created_by     TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        modified_at    TEXT NOT NULL,
        version        INTEGER NOT NULL CHECK (version >= 1),
        trashed_at     TEXT,
        trashed_by     TEXT,
        in_trash       INTEGER GENERATED ALWAYS AS (trashed_at IS NOT NULL) VIRTUAL,
        CHECK ((trashed_at IS NULL) = (trashed_by IS NULL))
      ) STRICT;

      -- One index per sort field, so a page is a range scan that stops after limit + 1
      -- rows (keyset pagination) and never sorts: (folder, trash view, sort column, id).
      CREATE INDEX assets_by_name     ON assets (folder_path, in_trash, name, id);
      CREATE INDEX assets_by_created  ON assets (folder_path, in_trash, created_at, id);
      CREATE INDEX assets_by_modified ON assets (folder_path, in_trash, modified_at, id);
      CREATE INDEX assets_by_size     ON assets (folder_path, in_trash, size, id);
      CREATE INDEX assets_by_type     ON assets (folder_path, in_trash, type_sort, name, id);

      -- AUTOINCREMENT: a sequence number is never handed out twice, even if the newest
      -- changes were ever deleted.
      CREATE TABLE changes (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL CHECK (kind IN ('folder.put', 'folder.removed', 'asset.put', 'asset.removed')),
        folder_path TEXT NOT NULL,
        target      TEXT NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        id      TEXT PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        outcome TEXT NOT NULL,
        target  TEXT NOT NULL,
        details TEXT NOT NULL CHECK (json_valid(details))
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX audit_by_time  ON audit (at, id);
      CREATE INDEX audit_by_actor ON audit (actor, at, id);
    `);
  },
};
