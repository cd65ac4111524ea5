import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearch } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { BackendClient } from '../src/main/services/backend';
import { startCacheWorker } from '../src/main/services/search/cacheHost';
import { CacheSync, RECONCILE_MS } from '../src/main/services/search/cacheSync';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { makeAsset, makeFolder } from '../../scripts/testing/assets';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The desktop search cache, in its worker thread, kept in step with the real local API's
// change feed as an editor of Show A: create, rename, move, delete, ACL changes, restart.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
};

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let call: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>['call'];
let backend: BackendClient;
let host: ReturnType<typeof startCacheWorker>;
let sync: CacheSync;
let file: string;
let clock = 0;
// Every reading of the clock is far enough on that a hidden change may trigger a re-check.
const now = () => (clock += RECONCILE_MS);

async function found(text: string): Promise<string[]> {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return (await host.store.search(parsed.value, 100)).assets.map((asset) => asset.name);
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  const signedIn = await signInPeople(stack, people, ['show-a', 'show-b']);
  call = signedIn.call;
  backend = new BackendClient(
    stack.profile.apiUrl,
    async () => signedIn.tokens.editor,
    async () => undefined,
  );
  const c = stack.catalog;
  await c.createFolder(makeFolder('Show A/', ['show-a']));
  await c.createFolder(makeFolder('Show A/Day 1/', ['show-a']));
  await c.createFolder(makeFolder('Show B/', ['show-b']));
  await c.createAsset(makeAsset('Show A/Day 1/', 'A001_C001_0301AB.mov'));
  await c.createAsset(makeAsset('Show B/', 'A001_C001_SECRET.mov'));
  file = `${data.dir}/search-cache.sqlite`;
  host = startCacheWorker(file);
  sync = new CacheSync(backend, host.store, now);
}, heavyTimeout(120_000));

afterAll(async () => {
  await host?.stop();
  await stack?.stop();
  await data?.remove();
});

describe('search cache sync', () => {
  it('fills with what the user may read, never a hidden folder', async () => {
    await sync.start();
    expect(await found('a001')).toEqual(['A001_C001_0301AB.mov']);
    expect(await found('secret')).toEqual([]);
    expect(await host.store.count()).toBe(1);
  });

  it('follows create, rename, move and delete', async () => {
    const c = stack.catalog;
    const created = await c.createAsset(makeAsset('Show A/Day 1/', 'CLIP_OLD.mov'));
    await sync.catchUp();
    expect(await found('clip')).toEqual(['CLIP_OLD.mov']);

    const renamed = await c.updateAsset({ ...created, name: 'CLIP_NEW.mov', key: 'Show A/Day 1/CLIP_NEW.mov', version: 2 });
    await sync.catchUp();
    expect(await found('old')).toEqual([]);
    expect(await found('new')).toEqual(['CLIP_NEW.mov']);

    expect((await call('admin', 'createFolder', { body: { parentPath: 'Show A/', name: 'Day 2' } })).status).toBe(200);
    await c.updateAsset({ ...renamed, folderPath: 'Show A/Day 2/', key: 'Show A/Day 2/CLIP_NEW.mov', version: 3 });
    await sync.catchUp();
    expect(await found('in:"Show A/Day 2"')).toEqual(['CLIP_NEW.mov']);
    expect(await found('in:"Show A/Day 1"')).toEqual(['A001_C001_0301AB.mov']);

    await c.removeAsset(created.id);
    await sync.catchUp();
    expect(await found('clip')).toEqual([]);
    expect(await found('secret')).toEqual([]);
  });

  it('drops what an ACL change hides, and adds what it reveals', async () => {
    const hide = await call('admin', 'setFolderAcl', { body: { path: 'Show A/Day 1/', groups: ['show-b'], applyToSubfolders: false } });
    expect(hide.status).toBe(200);
    await sync.catchUp();
    expect(await found('a001')).toEqual([]);

    const reveal = await call('admin', 'setFolderAcl', {
      body: { path: 'Show B/', groups: ['show-a', 'show-b'], applyToSubfolders: false },
    });
    expect(reveal.status).toBe(200);
    await sync.catchUp();
    expect(await found('a001')).toEqual(['A001_C001_SECRET.mov']);
  });

  it('follows tags and notes set through the API', async () => {
    const [clip] = (await host.store.search((parseSearch('secret') as { ok: true; value: never }).value, 1)).assets;
    const tagged = await call('admin', 'annotateAsset', {
      body: { id: clip!.id, version: clip!.version, tags: ['Hero'], notes: 'boom in shot' },
    });
    expect(tagged.status).toBe(200);
    await sync.catchUp();
    expect(await found('hero boom')).toEqual(['A001_C001_SECRET.mov']);
  });

  it('follows take marks and review notes through the feed, never those of a hidden folder', async () => {
    const secret = (await stack.catalog.getAssetByKey('Show B/A001_C001_SECRET.mov'))!.id;
    const hidden = (await stack.catalog.getAssetByKey('Show A/Day 1/A001_C001_0301AB.mov'))!.id;
    const added = await call<{ id: string; version: number }>('admin', 'addNote', {
      body: { assetId: secret, text: 'Soft focus on the pull', frame: 5 },
    });
    expect(added.status).toBe(200);
    expect((await call('admin', 'addNote', { body: { assetId: hidden, text: 'Soft focus, hidden reel', frame: 5 } })).status).toBe(200);
    expect(
      (
        await call('admin', 'setTakes', {
          body: {
            changes: [
              { id: secret, circled: true, rating: 5 },
              { id: hidden, circled: true },
            ],
          },
        })
      ).status,
    ).toBe(200);
    await sync.catchUp();
    for (const q of ['note:"soft focus"', 'note:pull', 'has:notes', 'circled:yes', 'rating:>=5', 'review:none circled:yes']) {
      expect(await found(q), q).toEqual(['A001_C001_SECRET.mov']);
    }
    expect(await found('note:hidden')).toEqual([]);

    const edited = await call<{ version: number }>('admin', 'editNote', {
      body: { id: added.body.id, version: added.body.version, text: 'Boom dips in' },
    });
    expect(edited.status).toBe(200);
    await sync.catchUp();
    expect(await found('note:soft')).toEqual([]);
    expect(await found('note:boom')).toEqual(['A001_C001_SECRET.mov']);

    expect((await call('admin', 'deleteNote', { body: { id: added.body.id, version: edited.body.version } })).status).toBe(200);
    await sync.catchUp();
    expect(await found('note:boom')).toEqual([]);
    expect(await found('has:notes')).toEqual([]);
    expect(await found('circled:yes')).toEqual(['A001_C001_SECRET.mov']);
  });

  it('keeps the position of the last page written when a later page fails, and catches up next time', async () => {
    const names = ['PAGED_1.mov', 'PAGED_2.mov', 'PAGED_3.mov', 'PAGED_4.mov', 'PAGED_5.mov'];
    // Show B: the ACL test above left the editor reading Show B, not Show A.
    for (const name of names) await stack.catalog.createAsset(makeAsset('Show B/', name));
    const before = Number(await host.store.getState('since'));
    // Pages of two changes: the second page's write fails; the third, sent before the second
    // was written, must not move the position past it.
    let writes = 0;
    const failing = {
      ...host.store,
      applyChanges: (async (puts, removals, feed) => {
        writes += 1;
        if (writes === 2) throw new Error('disk full');
        return host.store.applyChanges(puts, removals, feed);
      }) as typeof host.store.applyChanges,
    };
    await expect(new CacheSync(backend, failing, now, 2).catchUp()).rejects.toThrow('disk full');
    const stuck = Number(await host.store.getState('since'));
    expect(stuck).toBeGreaterThan(before);
    expect((await found('paged')).length).toBe(2);
    expect(writes).toBe(3);
    await new CacheSync(backend, host.store, now, 2).catchUp();
    expect(await found('paged')).toEqual(names);
    expect(Number(await host.store.getState('since'))).toBeGreaterThan(stuck);
  });

  it('survives a restart without filling again', async () => {
    await host.stop();
    host = startCacheWorker(file);
    expect(await found('a001')).toEqual(['A001_C001_SECRET.mov']);
    let listed = 0;
    const counting = { call: ((name, input) => (name === 'listChildren' && listed++, backend.call(name, input))) as BackendClient['call'] };
    sync = new CacheSync(counting, host.store, now);
    await stack.catalog.createAsset(makeAsset('Show A/Day 2/', 'AFTER_RESTART.mov'));
    await sync.start();
    expect(await found('after')).toEqual(['AFTER_RESTART.mov']);
    expect(listed).toBe(0);
  });
});
