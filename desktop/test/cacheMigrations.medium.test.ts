import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, userVersion } from '@rushes/lambdas/sqlite-migrate';
import { CACHE_MIGRATIONS } from '../src/main/services/search/cacheMigrations';

describe('search cache migrations', () => {
  it('2 indexes the folder paths a version-1 cache already holds', () => {
    const db = new Database(':memory:');
    migrate(db, CACHE_MIGRATIONS.slice(0, 1));
    db.prepare('INSERT INTO folders (path) VALUES (?), (?)').run('Show A/Day 1/', 'Show B/');
    expect(migrate(db, CACHE_MIGRATIONS)).toEqual({ from: 1, to: 2 });
    expect(userVersion(db)).toBe(2);
    const found = db.prepare("SELECT path FROM folders_fts WHERE folders_fts MATCH '\"day\"* \"1\"*'").all();
    expect(found).toEqual([{ path: 'Show A/Day 1/' }]);
  });

  it('refuses a cache written by a newer build', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 3');
    expect(() => migrate(db, CACHE_MIGRATIONS)).toThrow(/newer than this build/);
  });
});
