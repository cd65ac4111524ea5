import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD, type Answer } from '../../scripts/testing/people';

// Browse and organise through the real API, as four people: an admin, a media manager and
// an editor of Show A, and an editor of another show. Objects arrive the way other tools
// write them (PutObject), and storage events bring them into the catalog.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  manager: { email: 'mm@example.com', groups: ['media-managers', 'show-a'] },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'out@example.com', groups: ['editors', 'show-b'] },
};
type Person = keyof typeof people;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];

interface Listing {
  folders: { path: string; name: string; aclGroups: string[] | null; canWrite: boolean }[];
  assets: { id: string; key: string; name: string; size: number; status: string; version: number }[];
  nextCursor: string | null;
}

const list = (who: Person, path: string, extra: Record<string, string | number> = {}) =>
  call<Listing>(who, 'listChildren', { query: { path, ...extra } });

async function put(key: string, body = 'frames') {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: body }));
}

async function exists(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key })).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  call = (await signInPeople(stack, people, ['show-a', 'show-b'])).call;
});

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('folders and their ACLs', () => {
  it('lets a media manager create a show, shared with their groups', async () => {
    const created = await call(`manager`, 'createFolder', { body: { parentPath: '', name: 'Show A' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ path: 'Show A/', name: 'Show A', canWrite: true, aclGroups: null });
    const asAdmin = await list('admin', '');
    expect(asAdmin.body.folders).toEqual([expect.objectContaining({ path: 'Show A/', aclGroups: ['admin', 'media-managers', 'show-a'] })]);
    expect((await call('manager', 'createFolder', { body: { parentPath: 'Show A/', name: 'Day 1' } })).status).toBe(200);
  });

  it('shows the folder to an editor of the show, read-only', async () => {
    const root = await list('editor', '');
    expect(root.body.folders.map((f) => [f.name, f.canWrite])).toEqual([['Show A', false]]);
    const create = await call('editor', 'createFolder', { body: { parentPath: 'Show A/', name: 'Mine' } });
    expect(create.status).toBe(403);
  });

  it('hides it from everyone else: not listed, and 404 exactly like a folder that does not exist', async () => {
    expect((await list('outsider', '')).body.folders).toEqual([]);
    const hidden = await list('outsider', 'Show A/');
    const missing = await list('outsider', 'Show Z/');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const shape = (a: Answer<unknown>) => ({
      ...(a.body as { error: Record<string, string> }).error,
      requestId: undefined,
      message: undefined,
    });
    expect(shape(hidden)).toEqual(shape(missing));
    expect((hidden.body as unknown as { error: { message: string } }).error.message).toBe('Folder "Show A/" was not found.');
  });

  it('refuses names a Windows edit share cannot hold, naming the field', async () => {
    for (const name of ['CON', 'take.', 'a/b', '..', 'bad:name', '']) {
      const answer = await call('manager', 'createFolder', { body: { parentPath: 'Show A/', name } });
      expect(answer.status, name).toBe(400);
      expect(answer.body['error']).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.name' });
    }
    expect((await list('manager', 'Show A/')).body.folders.map((f) => f.name)).toEqual(['Day 1']);
  });

  it('keeps shell metacharacters, quotes and emoji in names exactly', async () => {
    const name = 'it’s $(take) ; `2` & 🎬';
    const created = await call('manager', 'createFolder', { body: { parentPath: 'Show A/', name } });
    expect(created.status).toBe(200);
    expect(created.body['path']).toBe(`Show A/${name}/`);
  });
});

describe('assets written by other tools', () => {
  it('appear in the catalog through storage events, with their folders', async () => {
    await put('Show A/Day 1/A001_C002.mov', 'x'.repeat(300));
    await put('Show A/Day 1/A001_C001.mov', 'x'.repeat(100));
    await put('Show A/Day 1/notes.txt', 'x'.repeat(200));
    await stack.storage.idle();
    const listing = await list('editor', 'Show A/Day 1/');
    expect(listing.body.assets.map((a) => a.name)).toEqual(['A001_C001.mov', 'A001_C002.mov', 'notes.txt']);
    expect(listing.body.assets[0]).toMatchObject({ key: 'Show A/Day 1/A001_C001.mov', size: 100, status: 'processing' });
  });

  it('sorts and pages', async () => {
    const bySize = await list('editor', 'Show A/Day 1/', { sort: 'size', direction: 'desc' });
    expect(bySize.body.assets.map((a) => a.size)).toEqual([300, 200, 100]);
    const first = await list('editor', 'Show A/Day 1/', { limit: 2 });
    expect(first.body.assets).toHaveLength(2);
    const second = await list('editor', 'Show A/Day 1/', { limit: 2, cursor: first.body.nextCursor! });
    expect(second.body.assets.map((a) => a.name)).toEqual(['notes.txt']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('gives detail and a working download URL to a reader, 404 to others', async () => {
    const [asset] = (await list('editor', 'Show A/Day 1/')).body.assets;
    expect((await call('editor', 'assetDetail', { query: { id: asset!.id } })).body).toMatchObject({ name: 'A001_C001.mov' });
    const urls = await call<{ urls: { url: string; name: string }[] }>('editor', 'downloadUrls', { body: { ids: [asset!.id] } });
    expect(urls.status).toBe(200);
    const download = await fetch(urls.body.urls[0]!.url);
    expect(await download.text()).toBe('x'.repeat(100));
    expect((await call('outsider', 'assetDetail', { query: { id: asset!.id } })).status).toBe(404);
    expect((await call('outsider', 'downloadUrls', { body: { ids: [asset!.id] } })).status).toBe(404);
  });
});

describe('organising', () => {
  it('renames an asset, moving its object, and refuses a stale version', async () => {
    const asset = (await list('manager', 'Show A/Day 1/')).body.assets.find((a) => a.name === 'notes.txt')!;
    const renamed = await call('manager', 'renameAsset', { body: { id: asset.id, newName: 'Camera notes.txt', version: asset.version } });
    expect(renamed.status).toBe(200);
    expect(await exists('Show A/Day 1/Camera notes.txt')).toBe(true);
    expect(await exists('Show A/Day 1/notes.txt')).toBe(false);
    const stale = await call('manager', 'renameAsset', { body: { id: asset.id, newName: 'Other.txt', version: asset.version } });
    expect(stale.status).toBe(409);
    expect((await call('editor', 'renameAsset', { body: { id: asset.id, newName: 'x.txt', version: asset.version + 1 } })).status).toBe(
      403,
    );
  });

  it('moves assets into another folder, and refuses editors', async () => {
    await call('manager', 'createFolder', { body: { parentPath: 'Show A/', name: 'Day 2' } });
    const [a, b] = (await list('manager', 'Show A/Day 1/')).body.assets;
    expect((await call('editor', 'moveAssets', { body: { ids: [a!.id], toFolderPath: 'Show A/Day 2/' } })).status).toBe(403);
    const moved = await call<{ done: unknown[]; failed: unknown[] }>('manager', 'moveAssets', {
      body: { ids: [a!.id, b!.id], toFolderPath: 'Show A/Day 2/' },
    });
    expect(moved.body.done).toHaveLength(2);
    expect((await list('editor', 'Show A/Day 2/')).body.assets.map((x) => x.name).sort()).toEqual([a!.name, b!.name].sort());
    expect(await exists(`Show A/Day 2/${a!.name}`)).toBe(true);
    expect(await exists(`Show A/Day 1/${a!.name}`)).toBe(false);
  });

  it('renames a folder with everything in it', async () => {
    const renamed = await call('manager', 'renameFolder', { body: { path: 'Show A/Day 2/', newName: 'Day 02' } });
    expect(renamed.status).toBe(200);
    const listing = await list('editor', 'Show A/Day 02/');
    expect(listing.body.assets).toHaveLength(2);
    expect(listing.body.assets.every((x) => x.key.startsWith('Show A/Day 02/'))).toBe(true);
    for (const x of listing.body.assets) expect(await exists(x.key)).toBe(true);
    expect((await list('editor', 'Show A/Day 2/')).status).toBe(404);
  });

  it('deletes to the trash, restores, and lets only admins purge', async () => {
    const [asset] = (await list('manager', 'Show A/Day 02/')).body.assets;
    expect((await call('editor', 'trash', { body: { assetIds: [asset!.id] } })).body).toMatchObject({
      done: [],
      failed: [{ code: 'FORBIDDEN' }],
    });
    expect((await call('manager', 'trash', { body: { assetIds: [asset!.id] } })).body).toMatchObject({ done: [{ target: asset!.id }] });
    expect((await list('editor', 'Show A/Day 02/')).body.assets).toHaveLength(1);
    const trash = await call<{ assets: { id: string }[] }>('manager', 'listTrash');
    expect(trash.body.assets.map((x) => x.id)).toEqual([asset!.id]);
    expect((await call('outsider', 'listTrash')).body).toMatchObject({ assets: [] });
    expect((await call('manager', 'restore', { body: { assetIds: [asset!.id] } })).body).toMatchObject({ done: [{ target: asset!.id }] });
    expect((await list('editor', 'Show A/Day 02/')).body.assets).toHaveLength(2);

    await call('manager', 'trash', { body: { assetIds: [asset!.id] } });
    expect((await call('manager', 'purge', { body: { assetIds: [asset!.id] } })).status).toBe(403);
    expect((await call('admin', 'purge', { body: { assetIds: [asset!.id] } })).body).toMatchObject({ done: [{ target: asset!.id }] });
    expect(await exists(asset!.key)).toBe(false);
    expect((await call('admin', 'assetDetail', { query: { id: asset!.id } })).status).toBe(404);
  });

  it('trashes a folder, hiding everything below it', async () => {
    expect((await call('manager', 'trash', { body: { folderPaths: ['Show A/Day 02/'] } })).status).toBe(200);
    expect((await list('editor', 'Show A/Day 02/')).status).toBe(404);
    expect((await list('editor', 'Show A/')).body.folders.map((f) => f.name)).not.toContain('Day 02');
    await call('manager', 'restore', { body: { folderPaths: ['Show A/Day 02/'] } });
    expect((await list('editor', 'Show A/Day 02/')).status).toBe(200);
  });
});

describe('the change feed', () => {
  it('shows each reader only changes in folders they may read', async () => {
    const forEditor = await call<{ changes: { folderPath: string; target: string }[]; latest: number }>('editor', 'changes', {
      query: { since: 0 },
    });
    const forOutsider = await call<{ changes: unknown[]; latest: number }>('outsider', 'changes', { query: { since: 0 } });
    expect(forEditor.body.changes.length).toBeGreaterThan(5);
    expect(forEditor.body.changes.every((c) => c.folderPath.startsWith('Show A/') || c.target.startsWith('Show A/'))).toBe(true);
    expect(forOutsider.body.changes).toEqual([]);
    expect(forOutsider.body.latest).toBe(forEditor.body.latest);
    const none = await call<{ changes: unknown[] }>('editor', 'changes', { query: { since: forEditor.body.latest } });
    expect(none.body.changes).toEqual([]);
  });
});

describe('storage and catalog agree', () => {
  it('after a burst of writes, copies and deletes from other tools, count(catalog) = count(bucket)', async () => {
    const bucket = stack.profile.s3.mediaBucket;
    const keys = Array.from({ length: 40 }, (_, i) => `Burst/Card ${i % 4}/C${String(i).padStart(3, '0')}.mov`);
    await Promise.all(keys.map((key) => put(key)));
    await Promise.all(
      keys
        .slice(0, 5)
        .map((key, i) =>
          s3.send(new CopyObjectCommand({ Bucket: bucket, Key: `Burst/Copies/K${i}.mov`, CopySource: `${bucket}/${encodeURI(key)}` })),
        ),
    );
    await Promise.all(keys.slice(5, 10).map((key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))));
    // DeleteObjects: s3rver emits no event for it, so only the rescan can notice.
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(10, 20).map((Key) => ({ Key })) } }));
    await stack.storage.idle();
    await stack.storage.rescan();

    let inBucket = 0;
    const { createLocalObjectStore } = await import('../src/local/s3Client');
    for await (const _ of createLocalObjectStore(s3, bucket).list('')) inBucket += 1;
    expect(await stack.catalog.countAssets()).toBe(inBucket);
    expect((await list('admin', 'Burst/Copies/')).body.assets).toHaveLength(5);
  });
});
