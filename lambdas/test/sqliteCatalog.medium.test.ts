import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { migrate } from '../src/adapters/sqlite/migrate';
import { assetPageSql } from '../src/adapters/sqlite/pages';
import type { AssetSortField } from '../src/ports';
import { describeCatalogContract } from './catalogContract';

// The contract runs on real files, so WAL mode and reopening are exercised as in local mode.
async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-catalog-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

describeCatalogContract('sqlite', async () => {
  const { dir, remove } = await tempDir();
  const catalog = new SqliteCatalog(path.join(dir, 'catalog.db'));
  return {
    catalog,
    async cleanup() {
      await catalog.close();
      await remove();
    },
  };
});

describe('SqliteCatalog on disk', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('keeps folders, assets, changes and audit across a reopen, in WAL mode', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const file = path.join(dir, 'catalog.db');
    const first = new SqliteCatalog(file);
    await first.createFolder({
      path: 'Show/',
      name: 'Show',
      aclGroups: ['admin'],
      createdBy: 'ana@example.com',
      createdAt: '2025-01-31T09:30:00.000Z',
      modifiedAt: '2025-01-31T09:30:00.000Z',
    });
    await first.appendAudit({
      id: 'evt-1',
      at: '2025-01-31T09:31:00.000Z',
      actor: 'ana@example.com',
      action: 'folder.create',
      outcome: 'succeeded',
      target: 'Show/',
      details: {},
      address: null,
    });
    const seq = await first.latestChange();
    await first.close();

    const reopened = new SqliteCatalog(file);
    cleanups.push(() => reopened.close());
    expect((await reopened.getFolder('Show/'))?.aclGroups).toEqual(['admin']);
    expect(await reopened.latestChange()).toBe(seq);
    expect((await reopened.listAudit({ limit: 5, cursor: null })).items.map((e) => e.id)).toEqual(['evt-1']);

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps the audit log append-only in the database itself: UPDATE and DELETE abort', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const file = path.join(dir, 'catalog.db');
    const catalog = new SqliteCatalog(file);
    cleanups.push(() => catalog.close());
    const event = {
      id: 'evt-1',
      at: '2025-01-31T09:31:00.000Z',
      actor: 'ana@example.com',
      action: 'folder.acl' as const,
      outcome: 'succeeded' as const,
      target: 'Show/',
      details: { before: 'admin', after: 'admin,show-a' },
      address: '127.0.0.1',
    };
    await catalog.appendAudit(event);
    const raw = new Database(file);
    cleanups.push(async () => void raw.close());
    expect(() => raw.prepare("UPDATE audit SET actor = 'someone@else' WHERE id = 'evt-1'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect((await catalog.listAudit({ limit: 5, cursor: null })).items).toEqual([event]);
  });

  it('serves every asset page from its index by range, without a sort step', () => {
    const db = new Database(':memory:');
    cleanups.push(async () => void db.close());
    migrate(db);
    const sorts: AssetSortField[] = ['name', 'created', 'modified', 'size', 'type'];
    for (const sort of sorts) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const afterCursor of [false, true]) {
          const cursor = afterCursor ? (sort === 'type' ? ['mov', 'a.mov', 'id'] : [sort === 'size' ? 1 : 'x', 'id']) : [];
          const plan = db
            .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${assetPageSql(sort, direction, afterCursor)}`)
            .all('Show/', 0, ...cursor, 501)
            .map((row) => row.detail)
            .join('; ');
          expect(plan, `${sort} ${direction} ${afterCursor}`).toMatch(
            new RegExp(`USING INDEX assets_by_${sort} \\(folder_path=\\? AND in_trash=\\?${afterCursor ? ' AND \\(' : '\\)'}`),
          );
          expect(plan).not.toContain('TEMP B-TREE');
        }
      }
    }
  });
});
