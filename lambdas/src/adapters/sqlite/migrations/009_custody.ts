import type { Migration } from '../migrate';

/**
 * Chain of custody: each folder's ASC MHL generations (numbered per folder; the primary key
 * is what keeps two uploads finishing together from taking the same number) and each
 * asset's entries at every hop (upload, offload tool's MHL, edit-share copy), and on the asset
 * the mark the library shows when any hop disagreed.
 */
export const migration009: Migration = {
  // Numbered by its place in this branch's list; the rooms merging 007–009 move it to 10.
  version: 9,
  name: 'custody',
  up(db) {
    db.exec(`
      CREATE TABLE custody_generations (
        root_path     TEXT NOT NULL,
        sequence      INTEGER NOT NULL CHECK (sequence > 0),
        manifest_name TEXT NOT NULL,
        c4            TEXT NOT NULL,
        hop           TEXT NOT NULL CHECK (hop IN ('upload', 'offload', 'workstation')),
        by            TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        transfer_id   TEXT,
        PRIMARY KEY (root_path, sequence)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE custody_entries (
        asset_id      TEXT NOT NULL,
        root_path     TEXT NOT NULL,
        sequence      INTEGER NOT NULL,
        path          TEXT NOT NULL,
        manifest_name TEXT NOT NULL,
        hop           TEXT NOT NULL CHECK (hop IN ('upload', 'offload', 'workstation')),
        state         TEXT NOT NULL CHECK (state IN ('recorded', 'matched', 'mismatch', 'unverifiable', 'missing')),
        hashes        TEXT NOT NULL,
        expected      TEXT,
        by            TEXT NOT NULL,
        detail        TEXT,
        at            TEXT NOT NULL,
        PRIMARY KEY (asset_id, root_path, sequence, hop)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE assets ADD COLUMN custody TEXT CHECK (custody IN ('mismatch'));
    `);
  },
};
