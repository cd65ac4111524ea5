import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Organising through the real local API leaves an audit trail (who, what, before and after),
// refusals included; a move into a folder the caller may not write is refused and changes
// nothing; a folder moved under another takes that folder's ACL, so who sees it follows.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'dit@example.com', groups: ['media-managers', 'show-a'] },
  crew: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  other: { email: 'other@example.com', groups: ['editors', 'show-b'] },
} as const;
type Person = keyof typeof people;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];

interface Listing {
  folders: { path: string }[];
  assets: { id: string; key: string; version: number }[];
}

async function put(key: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
  await stack.storage.idle();
  return (await stack.catalog.getAssetByKey(key))!.id;
}

async function latest(filter: { action?: AuditEvent['action']; target?: string } = {}): Promise<AuditEvent> {
  const page = await stack.catalog.listAudit({
    limit: 1,
    cursor: null,
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.target ? { targetPrefix: filter.target } : {}),
  });
  return page.items[0]!;
}

const sees = async (who: Person, path: string) => (await call<Listing>(who, 'listChildren', { query: { path } })).status === 200;

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  for (const [parentPath, name, groups] of [
    ['', 'Show A', ['show-a']],
    ['Show A/', 'Day 1', null],
    ['Show A/Day 1/', 'Card A', null],
    ['', 'Show B', ['show-b']],
  ] as const) {
    expect((await call('admin', 'createFolder', { body: { parentPath, name } })).status).toBe(200);
    if (groups) expect((await call('admin', 'setFolderAcl', { body: { path: `${parentPath}${name}/`, groups } })).status).toBe(200);
  }
}, heavyTimeout(120_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('the audit trail of organising', () => {
  it('records an upload, with its size and checksum', async () => {
    const session = await call<{ files: { key: string }[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/', files: [{ relativePath: 'A001.mov', size: 6, lastModified: 0 }] },
    });
    const key = session.body.files[0]!.key;
    await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
    const sha256 = createHash('sha256').update('frames').digest('hex');
    expect(
      (await call('manager', 'completeUpload', { body: { key, size: 6, checksum: { algorithm: 'sha256', value: sha256 } } })).status,
    ).toBe(200);
    expect(await latest({ action: 'asset.upload' })).toMatchObject({
      actor: 'dit@example.com',
      target: 'Show A/A001.mov',
      details: { size: 6, sha256 },
    });
  });

  it('records rename, move, delete and restore of a file with before and after', async () => {
    const id = await put('Show A/B001.mov');
    const version = (await stack.catalog.getAsset(id))!.version;
    expect((await call('manager', 'renameAsset', { body: { id, newName: 'B002.mov', version } })).status).toBe(200);
    expect(await latest()).toMatchObject({
      actor: 'dit@example.com',
      action: 'asset.rename',
      target: 'Show A/B002.mov',
      details: { before: 'Show A/B001.mov', after: 'Show A/B002.mov' },
    });
    expect((await call('manager', 'moveAssets', { body: { ids: [id], toFolderPath: 'Show A/Day 1/' } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'asset.move', details: { before: 'Show A/B002.mov', after: 'Show A/Day 1/B002.mov' } });
    expect((await call('manager', 'trash', { body: { assetIds: [id], folderPaths: [] } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'asset.delete', target: 'Show A/Day 1/B002.mov', outcome: 'succeeded' });
    expect((await call('manager', 'restore', { body: { assetIds: [id], folderPaths: [] } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'asset.restore', target: 'Show A/Day 1/B002.mov' });
    // Restoring what is not in the trash changes nothing, and records nothing.
    const before = (await latest()).id;
    await call('manager', 'restore', { body: { assetIds: [id], folderPaths: [] } });
    expect((await latest()).id).toBe(before);
  });

  it('records create, rename, delete and restore of a folder', async () => {
    expect((await call('manager', 'createFolder', { body: { parentPath: 'Show A/', name: 'Day 9' } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'folder.create', target: 'Show A/Day 9/', details: { acl: 'admin,show-a' } });
    expect((await call('manager', 'renameFolder', { body: { path: 'Show A/Day 9/', newName: 'Day 2' } })).status).toBe(200);
    expect(await latest()).toMatchObject({
      action: 'folder.rename',
      target: 'Show A/Day 2/',
      details: { before: 'Show A/Day 9/', after: 'Show A/Day 2/' },
    });
    await call('manager', 'trash', { body: { assetIds: [], folderPaths: ['Show A/Day 2/'] } });
    expect(await latest()).toMatchObject({ action: 'folder.delete', target: 'Show A/Day 2/' });
    await call('manager', 'restore', { body: { assetIds: [], folderPaths: ['Show A/Day 2/'] } });
    expect(await latest()).toMatchObject({ action: 'folder.restore', target: 'Show A/Day 2/' });
  });
});

describe('moves and permissions', () => {
  it('refuses a move into a folder the caller may read but not write (403) or not read (404), moves nothing, and records the refusal', async () => {
    const id = await put('Show A/C001.mov');
    const intoReadable = await call('crew', 'moveAssets', { body: { ids: [id], toFolderPath: 'Show A/Day 1/' } });
    expect(intoReadable.status).toBe(403);
    expect(await latest()).toMatchObject({ actor: 'ed@example.com', action: 'asset.move', outcome: 'denied', target: 'Show A/Day 1/' });
    const intoHidden = await call('manager', 'moveAssets', { body: { ids: [id], toFolderPath: 'Show B/' } });
    expect(intoHidden.status).toBe(404);
    const folderIntoHidden = await call('manager', 'moveFolder', { body: { path: 'Show A/Day 2/', toParentPath: 'Show B/' } });
    expect(folderIntoHidden.status).toBe(404);
    expect((await stack.catalog.getAsset(id))?.key).toBe('Show A/C001.mov');
    expect(await stack.catalog.getFolder('Show A/Day 2/')).not.toBeNull();
  });

  it('gives a folder moved under another that folder\u2019s ACL, for everything below it, so who sees it follows the move', async () => {
    expect(await sees('crew', 'Show A/Day 1/Card A/')).toBe(true);
    expect(await sees('other', 'Show A/Day 1/Card A/')).toBe(false);
    const moved = await call('admin', 'moveFolder', { body: { path: 'Show A/Day 1/', toParentPath: 'Show B/' } });
    expect(moved.status).toBe(200);
    for (const path of ['Show B/Day 1/', 'Show B/Day 1/Card A/']) {
      expect((await stack.catalog.getFolder(path))?.aclGroups).toEqual(['admin', 'show-b']);
      expect(await sees('crew', path)).toBe(false);
      expect(await sees('other', path)).toBe(true);
    }
    const aclEvents = (await stack.catalog.listAudit({ limit: 10, cursor: null, action: 'folder.acl', targetPrefix: 'Show B/Day 1/' }))
      .items;
    expect(
      aclEvents.map((event) => [event.target, event.details['before'], event.details['after'], event.details['viaMoveInto']]).sort(),
    ).toEqual([
      ['Show B/Day 1/', 'admin,show-a', 'admin,show-b', 'Show B/'],
      ['Show B/Day 1/Card A/', 'admin,show-a', 'admin,show-b', 'Show B/'],
    ]);
    expect(await latest({ action: 'folder.move' })).toMatchObject({
      actor: 'admin@example.com',
      target: 'Show B/Day 1/',
      details: { before: 'Show A/Day 1/', after: 'Show B/Day 1/' },
    });
    // Every asset inside went with it and is seen by the new group only.
    const listing = await call<Listing>('other', 'listChildren', { query: { path: 'Show B/Day 1/' } });
    expect(listing.body.assets.map((asset) => asset.key)).toEqual(['Show B/Day 1/B002.mov']);
  });

  it('keeps a folder\u2019s ACL when it is renamed in place or moved to the top level', async () => {
    await call('admin', 'setFolderAcl', { body: { path: 'Show B/Day 1/Card A/', groups: ['show-a', 'show-b'] } });
    expect((await call('admin', 'renameFolder', { body: { path: 'Show B/Day 1/Card A/', newName: 'Card B' } })).status).toBe(200);
    expect((await stack.catalog.getFolder('Show B/Day 1/Card B/'))?.aclGroups).toEqual(['admin', 'show-a', 'show-b']);
    expect((await call('admin', 'moveFolder', { body: { path: 'Show B/Day 1/Card B/', toParentPath: '' } })).status).toBe(200);
    expect((await stack.catalog.getFolder('Card B/'))?.aclGroups).toEqual(['admin', 'show-a', 'show-b']);
  });
});
