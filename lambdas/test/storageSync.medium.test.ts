import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { StorageSync } from '../src/core/sync';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import { systemClock } from '../src/ports';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Late delete events against real s3rver and a real SQLite catalog: a record that changed
// after the delete happened (a move undone at once claims the old key again before its copy
// lands) must survive the stale event; a record the delete really was about must go.
let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let catalog: SqliteCatalog;
let sync: StorageSync;
let s3: ReturnType<typeof createLocalS3Client>;
const bucket = 'rushes-media';

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir });
  catalog = new SqliteCatalog(path.join(data.dir, 'sync-test.sqlite'));
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  sync = new StorageSync({
    catalog,
    objects: createLocalObjectStore(s3, bucket),
    derived: createLocalObjectStore(s3, 'rushes-derived'),
    clock: systemClock,
  });
}, heavyTimeout(60_000));

afterAll(async () => {
  s3?.destroy();
  await catalog?.close();
  await stack?.stop();
  await data?.remove();
});

const objects = () => createLocalObjectStore(s3, bucket);

describe('StorageSync and late delete events', () => {
  it('keeps a record changed after the delete happened, even while its object is missing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Show/A001.mov', Body: 'take one' }));
    expect(await sync.objectCreated((await objects().head('Show/A001.mov'))!)).toBe('added');
    // The first move deletes the old key...
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'Show/A001.mov' }));
    const deletedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // ...and the undo claims it again in the catalog before its copy has landed.
    const asset = (await catalog.getAssetByKey('Show/A001.mov'))!;
    await catalog.updateAsset({ ...asset, modifiedAt: new Date().toISOString(), version: asset.version + 1 });
    expect(await sync.objectRemoved('Show/A001.mov', deletedAt)).toBe(false);
    expect(await catalog.getAssetByKey('Show/A001.mov')).not.toBeNull();
  });

  it('removes a record its create event made late, from a look taken just before the delete', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Show/C001.mov', Body: 'take three' }));
    const seen = (await objects().head('Show/C001.mov'))!;
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'Show/C001.mov' }));
    const deletedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The create event's handler looked before the delete and writes the record after it.
    expect(await sync.objectCreated(seen)).toBe('added');
    expect(await sync.objectRemoved('Show/C001.mov', deletedAt)).toBe(true);
    expect(await catalog.getAssetByKey('Show/C001.mov')).toBeNull();
  });

  it('removes the record when the delete came after its last change and the object is gone', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Show/B001.mov', Body: 'take two' }));
    await sync.objectCreated((await objects().head('Show/B001.mov'))!);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'Show/B001.mov' }));
    expect(await sync.objectRemoved('Show/B001.mov', new Date().toISOString())).toBe(true);
    expect(await catalog.getAssetByKey('Show/B001.mov')).toBeNull();
  });

  it('keeps the record when the object is still there (a copy landed again)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Show/C001.mov', Body: 'take three' }));
    await sync.objectCreated((await objects().head('Show/C001.mov'))!);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await sync.objectRemoved('Show/C001.mov', new Date().toISOString())).toBe(false);
    expect(await catalog.getAssetByKey('Show/C001.mov')).not.toBeNull();
  });
});
