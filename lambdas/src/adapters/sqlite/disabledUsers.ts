import type Database from 'better-sqlite3';
import type { DisabledMark } from '../../ports';
import type { Write } from './feed';

// Users an admin disabled, in SQLite: the API refuses their tokens until they are enabled again.

interface DisabledRow {
  user_id: string;
  email: string;
  disabled_at: string;
  disabled_by: string;
}

export class SqliteDisabledUsers {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly write: Write,
    db: Database.Database,
  ) {
    this.sql = prepare(db);
  }

  setUserDisabled(userId: string, mark: DisabledMark | null): void {
    this.write(() => {
      if (mark) this.sql.disableUser.run({ userId, email: mark.email, disabledAt: mark.disabledAt, disabledBy: mark.disabledBy });
      else this.sql.enableUser.run(userId);
    });
  }

  userDisabled(userId: string): DisabledMark | null {
    const row = this.sql.disabledUser.get(userId);
    return row ? { email: row.email, disabledAt: row.disabled_at, disabledBy: row.disabled_by } : null;
  }

  listDisabledUsers(): (DisabledMark & { userId: string })[] {
    return this.sql.disabledUsers
      .all()
      .map((row) => ({ userId: row.user_id, email: row.email, disabledAt: row.disabled_at, disabledBy: row.disabled_by }));
  }
}

function prepare(db: Database.Database) {
  return {
    disableUser: db.prepare(
      `INSERT INTO disabled_users (user_id, email, disabled_at, disabled_by) VALUES (@userId, @email, @disabledAt, @disabledBy)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, disabled_at = excluded.disabled_at, disabled_by = excluded.disabled_by`,
    ),
    enableUser: db.prepare('DELETE FROM disabled_users WHERE user_id = ?'),
    disabledUser: db.prepare<unknown[], DisabledRow>('SELECT * FROM disabled_users WHERE user_id = ?'),
    disabledUsers: db.prepare<unknown[], DisabledRow>('SELECT * FROM disabled_users ORDER BY email, user_id'),
  };
}
