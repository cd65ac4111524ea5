import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_MIGRATIONS, migrate } from './migrate';

// Migrations 001 to 009: the tables, their constraints, and what each later one keeps of the rows before it.

describe('migration 001 (initial)', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
  });

  afterEach(() => {
    db.close();
  });

  const folder = (path: string, parent: string | null) =>
    db
      .prepare(
        `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at)
         VALUES (?, ?, 'n', '["admin"]', 'a', 't', 't')`,
      )
      .run(path, parent);

  it('refuses a folder whose parent has no record, and a parent removed before its children', () => {
    folder('Show/', null);
    folder('Show/Day/', 'Show/');
    expect(() => folder('Other/Day/', 'Other/')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM folders WHERE path = 'Show/'").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM folders WHERE path >= 'Show/' AND path < 'Show0'").run();
  });

  it('refuses malformed JSON and half a trash mark, and derives in_trash', () => {
    const insert = db.prepare(
      `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, derived,
                           created_by, created_at, modified_at, version, trashed_at, trashed_by)
       VALUES (?, ?, '', ?, 'mov', 1, 'video', 'ready', ?, '{}', 'a', 't', 't', 1, ?, ?)`,
    );
    insert.run('1', 'a.mov', 'a.mov', '{}', 't', 'ana');
    expect(() => insert.run('2', 'b.mov', 'b.mov', '{not json', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('3', 'c.mov', 'c.mov', '{}', 't', null)).toThrow(/CHECK/);
    expect(() => insert.run('4', 'a.mov', 'a.mov', '{}', null, null)).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT in_trash FROM assets WHERE id = '1'").pluck().get()).toBe(1);
  });
});

describe('migration 004 (workstations and transfer jobs)', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });

  afterEach(() => {
    db.close();
  });

  it('refuses an unknown platform or state and malformed JSON', () => {
    const workstation = db.prepare(
      `INSERT INTO workstations (id, name, platform, instance_id, share_root, groups, created_at, modified_at) VALUES (?, 'n', ?, NULL, '/s', ?, 't', 't')`,
    );
    workstation.run('ws-1', 'local', '[]');
    expect(() => workstation.run('ws-2', 'macos', '[]')).toThrow(/CHECK/);
    expect(() => workstation.run('ws-3', 'local', '[oops')).toThrow(/CHECK/);
    const transfer = db.prepare(
      `INSERT INTO transfers (id, requested_by_id, created_at, state, deadline, version, record) VALUES (?, 'u', 't', ?, 'd', 1, ?)`,
    );
    transfer.run('job-1', 'running', '{}');
    expect(() => transfer.run('job-2', 'moving', '{}')).toThrow(/CHECK/);
    expect(() => transfer.run('job-3', 'failed', '{')).toThrow(/CHECK/);
  });

  it('indexes only unfinished jobs for the sweep', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM transfers WHERE state IN ('queued', 'running') ORDER BY deadline, id`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('transfers_unfinished');
  });
});

describe('migration 006 (audit address)', () => {
  it('keeps events recorded before it, with no address, and the log append-only', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 5));
      db.prepare(
        `INSERT INTO audit (id, at, actor, action, outcome, target, details) VALUES ('e1', 't', 'a', 'asset.download', 'succeeded', 'x', '{}')`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 6))).toEqual({ from: 5, to: 6 });
      db.prepare(
        `INSERT INTO audit (id, at, actor, action, outcome, target, details, address) VALUES ('e2', 't', 'a', 'asset.play', 'succeeded', 'x', '{}', '127.0.0.1')`,
      ).run();
      expect(db.prepare('SELECT id, address FROM audit ORDER BY id').all()).toEqual([
        { id: 'e1', address: null },
        { id: 'e2', address: '127.0.0.1' },
      ]);
      expect(() => db.prepare(`UPDATE audit SET address = '10.0.0.1' WHERE id = 'e1'`).run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('migration 007 (notes and takes)', () => {
  it('keeps assets recorded before it with no review, and takes notes away with their asset and replies with their thread', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = ON');
      migrate(db, CATALOG_MIGRATIONS.slice(0, 6));
      db.prepare(
        `INSERT INTO assets (id, key, folder_path, name, type_sort, size, kind, status, locations, derived, created_by, created_at, modified_at, version)
         VALUES ('a1', 'S/a.mov', 'S/', 'a.mov', 'mov', 1, 'video', 'ready', '{}', '{}', 'x', 't', 't', 1)`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 7))).toEqual({ from: 6, to: 7 });
      expect(db.prepare('SELECT review FROM assets').pluck().all()).toEqual([null]);
      const note = db.prepare(
        `INSERT INTO notes (id, asset_id, parent_id, author, text, frame, out_frame, drawing, resolved, created_at, version)
         VALUES (?, 'a1', ?, 'ed', 'soft', ?, ?, '[]', 0, 't', 1)`,
      );
      note.run('n1', null, 10, 20);
      note.run('n2', 'n1', 10, 20);
      note.run('n3', null, 5, null);
      expect(() => note.run('n4', null, 30, 20)).toThrow(/CHECK/);
      expect(() => note.run('n5', 'missing', 1, null)).toThrow(/FOREIGN KEY/);
      db.prepare(`DELETE FROM notes WHERE id = 'n1'`).run();
      expect(db.prepare('SELECT id FROM notes').pluck().all()).toEqual(['n3']);
      db.prepare(`DELETE FROM assets WHERE id = 'a1'`).run();
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 008 (looks and production metadata)', () => {
  it('keeps folders and assets made before it, with no look, and refuses a look that is not JSON', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, CATALOG_MIGRATIONS.slice(0, 7));
      db.prepare(
        `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at) VALUES ('Show/', NULL, 'Show', '["admin"]', 'a', 't', 't')`,
      ).run();
      expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 8))).toEqual({ from: 7, to: 8 });
      expect(db.prepare(`SELECT path, look FROM folders`).all()).toEqual([{ path: 'Show/', look: null }]);
      db.prepare(`UPDATE folders SET look = '{"burnIn":null}' WHERE path = 'Show/'`).run();
      expect(() => db.prepare(`UPDATE folders SET look = '{' WHERE path = 'Show/'`).run()).toThrow(/CHECK/);
      const columns = (db.prepare(`PRAGMA table_info(assets)`).all() as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual(expect.arrayContaining(['production', 'graded']));
    } finally {
      db.close();
    }
  });
});

describe('migration 009 (custody)', () => {
  it('numbers generations once per folder and refuses hops and states it does not know', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const generation = db.prepare(
        `INSERT INTO custody_generations (root_path, sequence, manifest_name, c4, hop, by, created_at) VALUES (?, ?, 'm.mhl', 'c4', ?, 'ed', 't')`,
      );
      generation.run('Show/A002/', 1, 'upload');
      generation.run('Show/B001/', 1, 'upload');
      expect(() => generation.run('Show/A002/', 1, 'upload')).toThrow(/UNIQUE|PRIMARY/);
      expect(() => generation.run('Show/A002/', 2, 'courier')).toThrow(/CHECK/);
      expect(() => generation.run('Show/A002/', 0, 'upload')).toThrow(/CHECK/);
      const entry = db.prepare(
        `INSERT INTO custody_entries (asset_id, root_path, sequence, path, manifest_name, hop, state, hashes, by, at) VALUES ('a1', 'Show/A002/', 1, 'x.mov', 'm.mhl', 'upload', ?, '{}', 'ed', 't')`,
      );
      entry.run('recorded');
      expect(() => entry.run('probably-fine')).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
