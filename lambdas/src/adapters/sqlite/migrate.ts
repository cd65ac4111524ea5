import type Database from 'better-sqlite3';
import { migration001 } from './migrations/001_initial';
import { migration002 } from './migrations/002_disabled_users_append_only_audit';
import { migration003 } from './migrations/003_annotations';
import { migration004 } from './migrations/004_workstations_transfers';
import { migration005 } from './migrations/005_assets_by_status';
import { migration006 } from './migrations/006_audit_address';
import { migration007 } from './migrations/007_notes_takes';
import { migration008 } from './migrations/008_looks_production';
import { migration009 } from './migrations/009_custody';
import { migration010 } from './migrations/010_asset_search';
import { migration011 } from './migrations/011_production_search';
import { migration012 } from './migrations/012_search_prefixes';
import { migration013 } from './migrations/013_search_facets';

/**
 * One numbered step of the catalog schema. A migration is never edited once released: a
 * change is a new file with the next number. `up` runs inside the runner's transaction.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

/** Every migration this build knows, in order; `version` must be 1, 2, 3… without gaps. */
export const CATALOG_MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
];

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the schema up to the newest version, tracked in `PRAGMA user_version`. Refuses a
 * list with duplicate, missing or out-of-order numbers, and a database written by a newer
 * build: running old code on a newer schema would corrupt it quietly.
 *
 * All pending steps and the version bump run in one immediate transaction, so two
 * processes opening the same file cannot both migrate, and a failed step leaves the
 * database exactly as it was.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = CATALOG_MIGRATIONS): MigrationResult {
  checkSequence(migrations);
  const latest = migrations.length;
  const run = db.transaction((): MigrationResult => {
    const from = userVersion(db);
    if (from > latest) {
      throw new Error(
        `The catalog database ${db.name} has schema version ${from}, newer than this build knows (${latest}); ` +
          'refusing to open it. Update Rushes, or restore a backup made by this version.',
      );
    }
    for (const migration of migrations.slice(from)) {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is a checked integer.
      db.pragma(`user_version = ${migration.version}`);
    }
    return { from, to: latest };
  });
  return run.immediate();
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkSequence(migrations: readonly Migration[]): void {
  const seen = new Set<number>();
  migrations.forEach((migration, index) => {
    const { version, name } = migration;
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new Error(`Migration "${name}" has version ${version}; versions are whole numbers from 1`);
    }
    if (seen.has(version)) throw new Error(`Migration ${version} is listed twice ("${name}")`);
    seen.add(version);
    if (version !== index + 1) {
      throw new Error(`Migration ${index + 1} is missing or out of order: "${name}" (${version}) is listed in its place`);
    }
  });
}
