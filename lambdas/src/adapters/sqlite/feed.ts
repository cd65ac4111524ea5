import Database from 'better-sqlite3';
import type { IsoDateTime } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type Change, type ChangeKind } from '../../ports';
import { rowToChange, type ChangeRow } from './rows';

// The change feed, and the write transaction that fills it: every mutation of the catalog
// runs through `write` as one immediate transaction that includes its change rows.

/** Runs `body` as one immediate transaction; SQLite's constraint errors come out as catalog errors. */
export type Write = <T>(body: () => T) => T;
/** Appends one row to the change feed, inside the caller's transaction. */
export type Changed = (kind: ChangeKind, folderPath: string, target: string, at: IsoDateTime) => void;

export class SqliteFeed {
  private readonly sql: ReturnType<typeof prepare>;
  /** The feed's head the last time `onChanges` was told (or at open). */
  private announced: number;

  /** `onChanges` hears the feed's new head after a write committed changes; it must not throw. */
  constructor(
    private readonly db: Database.Database,
    private readonly onChanges: ((latest: number) => void) | undefined,
  ) {
    this.sql = prepare(db);
    this.announced = this.latest();
  }

  readonly write: Write = <T>(body: () => T): T => {
    let result: T;
    try {
      result = this.db.transaction(body).immediate();
    } catch (error) {
      throw translate(error);
    }
    this.announceChanges();
    return result;
  };

  readonly change: Changed = (kind, folderPath, target, at) => {
    this.sql.insertChange.run(kind, folderPath, target, at);
  };

  changesSince(since: number, limit: number): Change[] {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive whole number, not ${limit}`);
    return this.sql.changesSince.all(since, limit).map(rowToChange);
  }

  latest(): number {
    return this.sql.latestChange.get() as number;
  }

  /** Tells the listener of changes this process committed; some statements insert them in bulk, so the head is read. */
  private announceChanges(): void {
    if (!this.onChanges) return;
    const latest = this.latest();
    if (latest <= this.announced) return;
    this.announced = latest;
    this.onChanges(latest);
  }
}

// The explicit checks of each write raise these errors first; this catches what a second
// process writing the same file could still cause between our check and our write.
function translate(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    if (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      return new CatalogConflict(error.message);
    }
    if (error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new CatalogNotFound(`A parent folder is missing (${error.message})`);
  }
  return error;
}

function prepare(db: Database.Database) {
  return {
    insertChange: db.prepare('INSERT INTO changes (kind, folder_path, target, at) VALUES (?, ?, ?, ?)'),
    changesSince: db.prepare<unknown[], ChangeRow>('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?'),
    latestChange: db.prepare('SELECT coalesce(max(seq), 0) FROM changes').pluck(),
  };
}
