import type { Migration } from '../migrate';

/** Tags and notes on assets: one JSON column, null while an asset has none. */
export const migration003: Migration = {
  version: 3,
  name: 'annotations',
  up(db) {
    db.exec(`ALTER TABLE assets ADD COLUMN annotations TEXT CHECK (annotations IS NULL OR json_valid(annotations))`);
  },
};
