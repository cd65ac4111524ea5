import type { Migration } from '../migrate';

/** Assets by status, then id: ingest finds its work (`processing`) without reading every asset. */
export const migration005: Migration = {
  version: 5,
  name: 'assets by status',
  up(db) {
    db.exec(`CREATE INDEX assets_by_status ON assets (status, id)`);
  },
};
