import type { Migration } from '../migrate';

/**
 * The review loop: each asset's take marks and note counts (`review`, JSON, NULL for none)
 * and its notes. A note goes with its asset (purge) and a reply with its thread, by cascade.
 */
export const migration007: Migration = {
  version: 7,
  name: 'notes and takes',
  up(db) {
    db.exec(`
      ALTER TABLE assets ADD COLUMN review TEXT CHECK (review IS NULL OR json_valid(review));

      CREATE TABLE notes (
        id          TEXT PRIMARY KEY,
        asset_id    TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
        parent_id   TEXT REFERENCES notes (id) ON DELETE CASCADE,
        author      TEXT NOT NULL,
        text        TEXT NOT NULL,
        frame       INTEGER NOT NULL CHECK (frame >= 0),
        out_frame   INTEGER CHECK (out_frame IS NULL OR out_frame >= frame),
        drawing     TEXT NOT NULL CHECK (json_valid(drawing)),
        resolved    INTEGER NOT NULL CHECK (resolved IN (0, 1)),
        resolved_by TEXT,
        resolved_at TEXT,
        created_at  TEXT NOT NULL,
        edited_at   TEXT,
        version     INTEGER NOT NULL CHECK (version >= 1)
      ) STRICT, WITHOUT ROWID;

      -- An asset's notes in the order they are shown; replies by thread for the cascade.
      CREATE INDEX notes_by_asset ON notes (asset_id, frame, created_at, id);
      CREATE INDEX notes_by_parent ON notes (parent_id) WHERE parent_id IS NOT NULL;
    `);
  },
};
