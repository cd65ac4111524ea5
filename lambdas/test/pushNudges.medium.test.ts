import { describe, expect, it, vi } from 'vitest';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { planNudges } from '../src/core/push';
import { newAssetRecord } from '../src/core/records';
import type { Principal } from '../src/ports';

const NOW = '2026-12-01T10:00:00.000Z';
const admin: Principal = { userId: 'u-admin', email: 'admin@example.com', groups: ['admin'] };
const editorA: Principal = { userId: 'u-a', email: 'a@example.com', groups: ['editors', 'show-a'] };
const editorA2: Principal = { userId: 'u-a2', email: 'a2@example.com', groups: ['show-a', 'editors'] };
const editorB: Principal = { userId: 'u-b', email: 'b@example.com', groups: ['editors', 'show-b'] };

async function catalogWithTwoShows() {
  const catalog = new SqliteCatalog(':memory:', { clock: { now: () => new Date(NOW) } });
  for (const [path, acl] of [
    ['Show A/', ['admin', 'show-a']],
    ['Show B/', ['admin', 'show-b']],
  ] as const) {
    await catalog.createFolder({
      path,
      name: path.slice(0, -1),
      aclGroups: [...acl],
      createdBy: 'admin@example.com',
      createdAt: NOW,
      modifiedAt: NOW,
    });
  }
  return catalog;
}

describe('planNudges: who hears of new changes', () => {
  it('nudges each receiver up to the last change it may follow, and nobody for what they may not read', async () => {
    const catalog = await catalogWithTwoShows();
    const since = await catalog.latestChange();
    await catalog.createAsset(newAssetRecord({ key: 'Show A/a.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: NOW }));
    await catalog.createAsset(newAssetRecord({ key: 'Show B/b.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: NOW }));
    const changes = await catalog.changesSince(since, 100);
    expect(changes.map((c) => c.folderPath)).toEqual(['Show A/', 'Show B/']);
    const [inA, inB] = changes.map((c) => c.seq) as [number, number];

    const planned = await planNudges(catalog, changes, [{ principal: admin }, { principal: editorA }, { principal: editorB }]);
    expect(planned.map(({ receiver, nudge }) => [receiver.principal.userId, nudge])).toEqual([
      ['u-admin', { type: 'changes', upTo: inB }],
      ['u-a', { type: 'changes', upTo: inA }],
      ['u-b', { type: 'changes', upTo: inB }],
    ]);

    // Only Show A's change: the Show B editor hears nothing at all.
    const onlyA = await planNudges(catalog, changes.slice(0, 1), [{ principal: editorB }, { principal: editorA }]);
    expect(onlyA.map(({ receiver }) => receiver.principal.userId)).toEqual(['u-a']);
    await catalog.close();
  });

  it('asks the catalog once for receivers with the same groups', async () => {
    const catalog = await catalogWithTwoShows();
    const since = await catalog.latestChange();
    await catalog.createAsset(newAssetRecord({ key: 'Show A/a.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: NOW }));
    const changes = await catalog.changesSince(since, 100);
    const reads = vi.spyOn(catalog, 'getFolder');
    const planned = await planNudges(catalog, changes, [{ principal: editorA }, { principal: editorA2 }]);
    expect(planned).toHaveLength(2);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await planNudges(catalog, [], [{ principal: editorA }])).toEqual([]);
    await catalog.close();
  });
});

describe('SqliteCatalog onChanges: where local mode hears of commits', () => {
  it('tells the new head after each commit that adds changes (bulk ones too), and nothing for other writes', async () => {
    const heads: number[] = [];
    const catalog = new SqliteCatalog(':memory:', { clock: { now: () => new Date(NOW) }, onChanges: (latest) => heads.push(latest) });
    await catalog.createFolder({
      path: 'Show A/',
      name: 'Show A',
      aclGroups: ['admin', 'show-a'],
      createdBy: 'x',
      createdAt: NOW,
      modifiedAt: NOW,
    });
    await catalog.createFolder({
      path: 'Show A/Day 1/',
      name: 'Day 1',
      aclGroups: ['admin', 'show-a'],
      createdBy: 'x',
      createdAt: NOW,
      modifiedAt: NOW,
    });
    await catalog.createAsset(newAssetRecord({ key: 'Show A/Day 1/a.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: NOW }));
    expect(heads).toEqual([1, 2, 3]);
    await catalog.setUserDisabled('u-x', { email: 'x@example.com', disabledAt: NOW, disabledBy: 'admin@example.com' });
    expect(heads).toEqual([1, 2, 3]);
    // A folder move writes its changes with bulk statements: one commit, one call, the new head.
    await catalog.moveFolder('Show A/Day 1/', 'Show A/Day 2/', NOW);
    expect(heads.length).toBe(4);
    expect(heads.at(-1)).toBe(await catalog.latestChange());
    expect(heads.at(-1)).toBeGreaterThan(4);
    await catalog.close();
  });
});
