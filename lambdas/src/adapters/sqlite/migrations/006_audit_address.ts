import type { Migration } from '../migrate';

/** Where each request came from: the audit log records the client address of media reads. */
export const migration006: Migration = {
  version: 6,
  name: 'audit address',
  up(db) {
    // Events recorded before this keep NULL: their address was never known.
    db.exec(`ALTER TABLE audit ADD COLUMN address TEXT`);
  },
};
