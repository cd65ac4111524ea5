import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_MIGRATIONS, migrate, userVersion, type Migration } from './migrate';

// The runner. Each migration's own tests: migrate.schema.test.ts (001-009), migrate.search.test.ts (010-013).

function step(version: number, name: string, log: string[], sql = `CREATE TABLE t${version} (x INTEGER)`): Migration {
  return {
    version,
    name,
    up(db) {
      log.push(name);
      db.exec(sql);
    },
  };
}

function tables(db: Database.Database): string[] {
  return db
    .prepare<unknown[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('migrate', () => {
  let db: Database.Database;
  let log: string[];

  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    log = [];
  });

  afterEach(() => {
    db.close();
  });

  it('brings a new database to the latest version, and does nothing the second time', () => {
    expect(migrate(db)).toEqual({ from: 0, to: CATALOG_MIGRATIONS.length });
    expect(userVersion(db)).toBe(CATALOG_MIGRATIONS.length);
    const wordIndex = ['asset_words', 'asset_words_config', 'asset_words_data', 'asset_words_docsize', 'asset_words_idx'];
    const productionIndex = wordIndex.map((name) => name.replace('asset_words', 'asset_production'));
    expect(tables(db)).toEqual([
      ...productionIndex,
      ...wordIndex,
      'assets',
      'audit',
      'changes',
      'custody_entries',
      'custody_generations',
      'disabled_users',
      'folders',
      'notes',
      'transfers',
      'workstations',
    ]);
    expect(migrate(db)).toEqual({ from: CATALOG_MIGRATIONS.length, to: CATALOG_MIGRATIONS.length });
  });

  it('runs only the pending migrations, in order', () => {
    migrate(db, [step(1, 'one', log)]);
    expect(migrate(db, [step(1, 'one', log), step(2, 'two', log), step(3, 'three', log)])).toEqual({ from: 1, to: 3 });
    expect(log).toEqual(['one', 'two', 'three']);
    expect(tables(db)).toEqual(['t1', 't2', 't3']);
  });

  it('refuses a database from a newer build and leaves it alone', () => {
    const latest = CATALOG_MIGRATIONS.length;
    db.pragma(`user_version = ${latest + 1}`);
    expect(() => migrate(db)).toThrow(`schema version ${latest + 1}, newer than this build knows (${latest})`);
    expect(userVersion(db)).toBe(CATALOG_MIGRATIONS.length + 1);
    expect(tables(db)).toEqual([]);
  });

  it.each([
    ['a duplicate number', [1, 2, 2], /Migration 2 is listed twice/],
    ['a gap', [1, 3], /Migration 2 is missing or out of order/],
    ['numbers out of order', [2, 1], /Migration 1 is missing or out of order/],
    ['a number below 1', [0], /versions are whole numbers from 1/],
  ])('refuses a list with %s before touching the database', (_what, versions, message) => {
    const list = versions.map((version, i) => step(version, `m${i}`, log, `CREATE TABLE m${i} (x INTEGER)`));
    expect(() => migrate(db, list)).toThrow(message);
    expect(log).toEqual([]);
    expect(userVersion(db)).toBe(0);
  });

  it('rolls a failed run back completely: no table, no version bump', () => {
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [step(1, 'one', log), failing])).toThrow('disk on fire');
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});
