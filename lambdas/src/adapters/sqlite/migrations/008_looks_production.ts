import type { Migration } from '../migrate';

/**
 * A folder's look and burn-ins (JSON, null when it sets none: it inherits); an asset's camera
 * and sound report fields and its graded derivatives (JSON, null when none).
 */
export const migration008: Migration = {
  version: 8,
  name: 'looks and production metadata',
  up(db) {
    db.exec(`
      ALTER TABLE folders ADD COLUMN look TEXT CHECK (look IS NULL OR json_valid(look));
      ALTER TABLE assets ADD COLUMN production TEXT CHECK (production IS NULL OR json_valid(production));
      ALTER TABLE assets ADD COLUMN graded TEXT CHECK (graded IS NULL OR json_valid(graded));
    `);
  },
};
