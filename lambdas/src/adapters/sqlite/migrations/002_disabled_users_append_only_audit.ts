import type { Migration } from '../migrate';

/**
 * The users an admin disabled (the API refuses their tokens), and an audit log the
 * database itself keeps append-only: an UPDATE or DELETE of an event aborts, whoever runs it.
 * Also an index for the audit view's "target starts with" filter.
 */
export const migration002: Migration = {
  version: 2,
  name: 'disabled users, append-only audit',
  up(db) {
    db.exec(`
      CREATE TABLE disabled_users (
        user_id     TEXT PRIMARY KEY,
        email       TEXT NOT NULL,
        disabled_at TEXT NOT NULL,
        disabled_by TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE INDEX audit_by_target ON audit (target, at, id);
    `);
  },
};
