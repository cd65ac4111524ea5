import path from 'node:path';
import { DeleteObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { StorageSync } from '../src/core/sync';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import type { ObjectStore } from '../src/ports';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The rolling reconcile against real s3rver and a real SQLite catalog: it walks the key space
// a stretch at a time, reading at most a stretch from each side, and one pass finds an object
// that arrived without an event and a record whose object was deleted without one
// (s3rver emits nothing for DeleteObjects).
let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let catalog: SqliteCatalog;
let s3: ReturnType<typeof createLocalS3Client>;
const bucket = 'rushes-media';
/** A day on: every record is past the grace a move's brief gap gets. */
const clock = { now: () => new Date(Date.now() + 24 * 3600_000) };
/** Keys the last reconcile call listed. */
let listed: string[] = [];

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir });
  catalog = new SqliteCatalog(path.join(data.dir, 'reconcile-test.sqlite'));
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
}, heavyTimeout(60_000));

afterAll(async () => {
  s3?.destroy();
  await catalog?.close();
  await stack?.stop();
  await data?.remove();
});

function counting(store: ObjectStore): ObjectStore {
  return Object.assign(Object.create(store) as ObjectStore, {
    async *list(prefix: string, options?: { startAfter?: string }) {
      for await (const object of store.list(prefix, options)) {
        listed.push(object.key);
        yield object;
      }
    },
  });
}

const sync = () =>
  new StorageSync({
    catalog,
    objects: counting(createLocalObjectStore(s3, bucket)),
    derived: createLocalObjectStore(s3, 'rushes-derived'),
    clock,
  });

async function put(...keys: string[]): Promise<void> {
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
}

async function catalogKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const asset of catalog.listAssetsUnder('', { includeTrashed: true })) keys.push(asset.key);
  return keys;
}

async function bucketKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of createLocalObjectStore(s3, bucket).list('')) keys.push(object.key);
  return keys;
}

/** One pass in stretches of `stretch`; what each stretch read and found. */
async function pass(stretch: number) {
  const turns: { listed: number; added: number; removed: number }[] = [];
  const syncing = sync();
  for (let after: string | null = '', guard = 0; after !== null; guard += 1) {
    expect(guard, 'a pass should end').toBeLessThan(100);
    listed = [];
    const report = await syncing.reconcile(after, stretch);
    turns.push({ listed: listed.length, added: report.added, removed: report.removed });
    after = report.next;
  }
  return turns;
}

describe('StorageSync.reconcile', () => {
  const clips = Array.from({ length: 23 }, (_, i) => `Show/Day 1/A${String(i).padStart(3, '0')}.mov`);

  it('takes the bucket in stretches, each reading at most a stretch, until catalog and bucket agree', async () => {
    await put(...clips);
    const turns = await pass(10);
    expect(turns.map((turn) => turn.added)).toEqual([10, 10, 3]);
    expect(turns.every((turn) => turn.listed <= 10)).toBe(true);
    expect(await catalogKeys()).toEqual(await bucketKeys());
    expect((await pass(10)).every((turn) => turn.added === 0 && turn.removed === 0)).toBe(true);
  });

  it('finds an object added and objects deleted without events, in the middle and at the end of the key space', async () => {
    const gone = [clips[4]!, clips[15]!, clips[22]!];
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: gone.map((Key) => ({ Key })) } }));
    await put('Show/Day 1/A0105.mov');
    const turns = await pass(10);
    expect(turns.reduce((sum, turn) => sum + turn.removed, 0)).toBe(3);
    expect(turns.reduce((sum, turn) => sum + turn.added, 0)).toBe(1);
    const keys = await catalogKeys();
    expect(keys).toEqual(await bucketKeys());
    expect(keys).toContain('Show/Day 1/A0105.mov');
    for (const key of gone) expect(keys).not.toContain(key);
  });

  it('removes a run of records longer than a stretch whose objects all went, and nothing else', async () => {
    const run = clips.slice(5, 15);
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: run.map((Key) => ({ Key })) } }));
    const before = (await catalogKeys()).length;
    const turns = await pass(4);
    expect(turns.reduce((sum, turn) => sum + turn.removed, 0)).toBe(run.length);
    expect(await catalogKeys()).toEqual(await bucketKeys());
    expect((await catalogKeys()).length).toBe(before - run.length);
  });
});
