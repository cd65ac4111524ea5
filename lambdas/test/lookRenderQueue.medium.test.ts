import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { createCatalogTables } from '../src/adapters/dynamoCatalog';
import { DynamoLookRenderStore } from '../src/adapters/dynamo/lookRenders';
import { QueuedLookRenders, runRenderBatch, type RenderBatch } from '../src/core/looks/queuedRenders';
import type { CatalogAsset } from '../src/ports';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The cloud's re-render after a look change: its state kept in the catalog table (DynamoDB
// Local here), batches as the queue would carry them, each asset counted once however often
// its message or its job's completion event arrives.
const unavailable = dynamoLocalOrSkip('the queued look re-renders on DynamoDB Local');

let dynamo: DynamoLocal;
let client: DynamoDBClient;
let store: DynamoLookRenderStore;

beforeAll(async () => {
  if (unavailable) return;
  dynamo = await startDynamoLocal();
  client = dynamoLocalClient(dynamo);
  await createCatalogTables(client, 'renders');
  store = new DynamoLookRenderStore(DynamoDBDocumentClient.from(client), 'renders');
}, heavyTimeout(120_000));

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

const asset = (id: string, status: CatalogAsset['status'] = 'ready') =>
  ({ id, kind: 'video', status, derived: { proxy: `${id}/proxy.mp4` } }) as unknown as CatalogAsset;

describe.skipIf(unavailable !== null)('queued look re-renders (DynamoDB Local)', () => {
  it('queues bounded batches, counts each asset once, and finishes when every asset has ended', async () => {
    const queued: RenderBatch[] = [];
    let ids = 0;
    const renders = new QueuedLookRenders({
      catalog: {
        async *listAssetsUnder() {
          yield* [asset('a1'), asset('a2'), asset('a3'), asset('p4', 'processing')];
        },
      },
      store,
      enqueue: async (batch) => void queued.push(batch),
      newId: () => `render-${(ids += 1)}`,
      batchSize: 2,
      cancelJob: async () => Promise.reject(new Error('nothing is cancelled here')),
      log: () => undefined,
    });
    expect(await renders.start('Show/Day 1/')).toEqual({ folderPath: 'Show/Day 1/', state: 'running', total: 3, done: 0, failed: 0 });
    expect(queued).toEqual([
      { folderPath: 'Show/Day 1/', renderId: 'render-1', assetIds: ['a1', 'a2'] },
      { folderPath: 'Show/Day 1/', renderId: 'render-1', assetIds: ['a3'] },
    ]);

    const regrade = async (id: string) =>
      id === 'a1' ? { status: 'success' as const, jobId: 'job-a1' } : { status: 'failed' as const, reason: 'the source is gone' };
    expect(await runRenderBatch(queued[0]!, { store, regrade, lastAttempt: false })).toEqual({ submitted: 1, settled: 1, skipped: 0 });
    // The message delivered again: a2 is counted once, a1's job is not submitted twice over.
    await runRenderBatch(queued[0]!, { store, regrade, lastAttempt: false });
    expect(await renders.progress('Show/Day 1/')).toMatchObject({ state: 'running', done: 1, failed: 1 });

    // a1's completion event, twice.
    await store.settle('Show/Day 1/', 'render-1', 'a1', { status: 'done' });
    await store.settle('Show/Day 1/', 'render-1', 'a1', { status: 'done' });
    expect(await renders.progress('Show/Day 1/')).toMatchObject({ state: 'running', done: 2, failed: 1 });

    // a3's submission keeps failing: retried while attempts remain, then failed with the reason.
    const broken = async () => Promise.reject(new Error('MediaConvert is throttling'));
    await expect(runRenderBatch(queued[1]!, { store, regrade: broken, lastAttempt: false })).rejects.toThrow(/throttling/);
    await runRenderBatch(queued[1]!, { store, regrade: broken, lastAttempt: true });
    expect(await renders.progress('Show/Day 1/')).toEqual({ folderPath: 'Show/Day 1/', state: 'finished', total: 3, done: 3, failed: 2 });
  });

  it('cancels: queued assets are left alone, a submitted job is cancelled and no longer counts, and a newer re-render replaces the old', async () => {
    const queued: RenderBatch[] = [];
    const cancelled: string[] = [];
    let ids = 0;
    const renders = new QueuedLookRenders({
      catalog: {
        async *listAssetsUnder() {
          yield* [asset('b1'), asset('b2')];
        },
      },
      store,
      enqueue: async (batch) => void queued.push(batch),
      newId: () => `cancel-${(ids += 1)}`,
      batchSize: 1,
      cancelJob: async (jobId) => void cancelled.push(jobId),
      log: () => undefined,
    });
    await renders.start('Show/Day 2/');
    const submitted: string[] = [];
    const regrade = async (id: string) => {
      submitted.push(id);
      return { status: 'success' as const, jobId: `job-${id}` };
    };
    await runRenderBatch(queued[0]!, { store, regrade, lastAttempt: false });
    expect(await renders.cancel('Show/Day 2/')).toMatchObject({ state: 'cancelled', done: 0 });
    expect(await runRenderBatch(queued[1]!, { store, regrade, lastAttempt: false })).toEqual({ submitted: 0, settled: 0, skipped: 1 });
    expect(submitted).toEqual(['b1']);
    expect(cancelled).toEqual(['job-b1']);
    // b1's job had finished before CancelJob reached it: its late event no longer counts.
    await store.settle('Show/Day 2/', 'cancel-1', 'b1', { status: 'done' });
    expect(await renders.progress('Show/Day 2/')).toMatchObject({ state: 'cancelled', total: 2, done: 0 });
    expect(await store.openJobs('Show/Day 2/', 'cancel-1')).toEqual([]);

    await renders.start('Show/Day 2/');
    // The old re-render's events no longer count.
    await store.settle('Show/Day 2/', 'cancel-1', 'b2', { status: 'done' });
    expect(await renders.progress('Show/Day 2/')).toEqual({ folderPath: 'Show/Day 2/', state: 'running', total: 2, done: 0, failed: 0 });
    expect(await runRenderBatch(queued[0]!, { store, regrade, lastAttempt: false })).toMatchObject({ skipped: 1 });
  });
});
