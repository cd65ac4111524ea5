import type { Migration } from '../migrate';

/**
 * Edit workstations and transfer jobs. A job is one row whose `record` holds the
 * whole job, its files included (JSON, read back whole: a job is read and written as one,
 * never queried inside); the columns beside it are what listings and the sweep select and
 * order by. The partial index holds only unfinished jobs, so the timeout sweep reads a few
 * rows however long the history grows.
 */
export const migration004: Migration = {
  version: 4,
  name: 'workstations and transfer jobs',
  up(db) {
    db.exec(`
      CREATE TABLE workstations (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        platform    TEXT NOT NULL CHECK (platform IN ('windows', 'linux', 'local')),
        instance_id TEXT,
        share_root  TEXT NOT NULL,
        groups      TEXT NOT NULL CHECK (json_valid(groups)),
        created_at  TEXT NOT NULL,
        modified_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE transfers (
        id              TEXT PRIMARY KEY,
        requested_by_id TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        deadline        TEXT NOT NULL,
        version         INTEGER NOT NULL,
        record          TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;

      CREATE INDEX transfers_newest ON transfers (created_at, id);
      CREATE INDEX transfers_by_requester ON transfers (requested_by_id, created_at, id);
      CREATE INDEX transfers_unfinished ON transfers (deadline, id) WHERE state IN ('queued', 'running');
    `);
  },
};
