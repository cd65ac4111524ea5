import { createHash } from 'node:crypto';
import { CancelJobCommand, CreateJobCommand, MediaConvertClient, type CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { createCatalogTables } from '../src/adapters/dynamoCatalog';
import { DynamoLookRenderStore } from '../src/adapters/dynamo/lookRenders';
import { MediaConvertTranscoder } from '../src/adapters/mediaConvertTranscoder';
import { sqsMessageSender } from '../src/adapters/sqsSender';
import { settleRenderJob } from '../src/core/looks/queuedRenders';
import { jobOutcome, type MediaConvertJobEvent } from '../src/handlers/cloud/jobEvents';
import {
  parseRenderBatch,
  queuedLookRenderer,
  renderDeadLetters,
  renderWorker,
  type SqsEvent,
} from '../src/handlers/cloud/lookRenderQueue';
import type { CatalogAsset, TranscodeRequest } from '../src/ports';
import { recordedHttp } from './support/recordedHttp';

// The cloud re-render end to end, with only SQS (its HTTPS endpoint) and MediaConvert (its
// client) standing in: the router queues batches, the worker submits one MediaConvert job per
// asset tagged with the re-render, the status Lambda's event parsing settles each asset in the
// store (DynamoDB Local), and cancel stops the jobs submitted and not finished.
const unavailable = dynamoLocalOrSkip('the cloud look re-render on DynamoDB Local');

const OWNER = 'rushes-test';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/rushes-look-renders';
const FOLDER = 'Show/Day 3/';

let dynamo: DynamoLocal;
let client: DynamoDBClient;
let store: DynamoLookRenderStore;

beforeAll(async () => {
  if (unavailable) return;
  dynamo = await startDynamoLocal();
  client = dynamoLocalClient(dynamo);
  await createCatalogTables(client, 'cloudrenders');
  store = new DynamoLookRenderStore(DynamoDBDocumentClient.from(client), 'cloudrenders');
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

const ids = Array.from({ length: 11 }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);
const asset = (id: string) => ({ id, kind: 'video', status: 'ready', derived: { proxy: `${id}/proxy.mp4` } }) as unknown as CatalogAsset;

/** The graded-only plan Ingest.regrade makes for a look with a cube (the probe is not what is tested here). */
function regradeRequest(assetId: string, lookRenderId: string): TranscodeRequest {
  return {
    assetId,
    sourceKey: `${FOLDER}${assetId}.mov`,
    lookRenderId,
    plan: {
      kind: 'video',
      proxy: { key: `${assetId}/proxy.mp4`, size: { width: 1280, height: 720 }, frameRate: { num: 25, den: 1 }, withAudio: false },
      thumbnail: { key: `${assetId}/thumbnail.jpg`, size: { width: 640, height: 360 }, atSeconds: 1 },
      filmstrip: null,
      gradedOnly: true,
      graded: {
        lookId: '0123456789abcdef',
        cubeKey: 'looks/baked/0123456789abcdef.cube',
        burnIn: null,
        proxyKey: `${assetId}/graded-0123456789abcdef/proxy.mp4`,
        thumbnailKey: `${assetId}/graded-0123456789abcdef/thumbnail.jpg`,
        filmstripKey: null,
      },
    },
  };
}

/** Everything the stand-ins saw, and the pieces wired as the Lambdas wire them. */
function cloud(renderId: string) {
  const http = recordedHttp((request, n) => {
    const body = (JSON.parse(request.body) as { MessageBody: string }).MessageBody;
    return { status: 200, body: JSON.stringify({ MessageId: `m${n}`, MD5OfMessageBody: createHash('md5').update(body).digest('hex') }) };
  });
  const sqsRequests = http.requests;
  const send = sqsMessageSender(
    new SQSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: http.requestHandler,
    }),
    QUEUE,
  );
  const mediaConvert = new MediaConvertClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const created: CreateJobCommandInput[] = [];
  const cancelledJobs: string[] = [];
  vi.spyOn(mediaConvert, 'send').mockImplementation(async (command: unknown) => {
    if (command instanceof CreateJobCommand) {
      created.push(command.input);
      return { Job: { Id: `job-${command.input.UserMetadata?.['assetId']}` } } as never;
    }
    if (command instanceof CancelJobCommand) {
      cancelledJobs.push(command.input.Id!);
      return {} as never;
    }
    throw new Error('unexpected MediaConvert call');
  });
  const transcoder = new MediaConvertTranscoder(
    mediaConvert,
    { roleArn: 'arn:aws:iam::123456789012:role/mc', mediaBucket: 'media', derivedBucket: 'derived', owner: OWNER },
    { putText: async () => undefined },
  );
  const renders = queuedLookRenderer({
    catalog: {
      async *listAssetsUnder() {
        yield* ids.map(asset);
      },
    },
    store,
    send,
    cancelJob: async (jobId) => void (await mediaConvert.send(new CancelJobCommand({ Id: jobId }))),
    newId: () => renderId,
    log: () => undefined,
  });
  const worker = renderWorker({
    store,
    regrade: async (assetId, id) => {
      const result = await transcoder.transcode(regradeRequest(assetId, id));
      return { status: 'success', ...(result.status === 'submitted' ? { jobId: result.jobId } : {}) };
    },
    maxReceiveCount: 3,
    log: () => undefined,
  });
  const delivered = (n: number): SqsEvent => ({
    Records: [
      {
        messageId: `m${n}`,
        body: (JSON.parse(sqsRequests[n - 1]!.body) as { MessageBody: string }).MessageBody,
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  });
  /** MediaConvert's "Job State Change" for a submitted job: its user metadata comes back as it was sent. */
  const jobEvent = (assetId: string, status: 'COMPLETE' | 'ERROR', errorMessage?: string): MediaConvertJobEvent => {
    const input = created.find((job) => job.UserMetadata?.['assetId'] === assetId)!;
    return {
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      detail: {
        status,
        jobId: `job-${assetId}`,
        userMetadata: input.UserMetadata!,
        ...(errorMessage ? { errorCode: 1030, errorMessage } : {}),
      },
    };
  };
  /** What the status Lambda does with a re-render job's event. */
  const statusLambda = async (event: MediaConvertJobEvent) => {
    const result = jobOutcome(event, OWNER);
    if ('ignored' in result || !result.lookRenderId) throw new Error('the event was not read as a re-render job');
    const outcome =
      'failure' in result.outcome ? { status: 'failed' as const, reason: result.outcome.failure } : { status: 'done' as const };
    return settleRenderJob(store, { renderId: result.lookRenderId, assetId: result.assetId, outcome });
  };
  return { renders, worker, delivered, jobEvent, statusLambda, sqsRequests, created, cancelledJobs };
}

describe.skipIf(unavailable !== null)('cloud look re-render (DynamoDB Local; SQS and MediaConvert stood in)', () => {
  it('start → two batches → worker jobs → completion events (one twice, one ERROR) → done and failed counted exactly', async () => {
    const c = cloud('5f0c8f7e-1111-4a4a-9b9b-000000000001');
    expect(await c.renders.start(FOLDER)).toEqual({ folderPath: FOLDER, state: 'running', total: 11, done: 0, failed: 0 });

    // Two SendMessage requests, exactly: ten assets, then one.
    expect(c.sqsRequests.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      {
        QueueUrl: QUEUE,
        MessageBody: JSON.stringify({ folderPath: FOLDER, renderId: '5f0c8f7e-1111-4a4a-9b9b-000000000001', assetIds: ids.slice(0, 10) }),
      },
      {
        QueueUrl: QUEUE,
        MessageBody: JSON.stringify({ folderPath: FOLDER, renderId: '5f0c8f7e-1111-4a4a-9b9b-000000000001', assetIds: ids.slice(10) }),
      },
    ]);
    const first = c.sqsRequests[0]!;
    expect(first.url).toBe('https://sqs.eu-west-1.amazonaws.com/');
    expect(first.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(first.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(first.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );

    expect(await c.worker(c.delivered(1))).toEqual({ batchItemFailures: [] });
    expect(await c.worker(c.delivered(2))).toEqual({ batchItemFailures: [] });
    // One job per asset, tagged with the re-render, through the baked cube, graded outputs only.
    expect(c.created).toHaveLength(11);
    expect(c.created[0]!.UserMetadata).toMatchObject({
      assetId: 'a01',
      owner: OWNER,
      lookRenderId: '5f0c8f7e-1111-4a4a-9b9b-000000000001',
    });
    expect(c.created[0]!.Settings?.ColorConversion3DLUTSettings?.[0]?.FileInput).toBe('s3://derived/looks/baked/0123456789abcdef.cube');
    expect(c.created[0]!.Settings?.Inputs?.[0]?.FileInput).toBe(`s3://media/${FOLDER}a01.mov`);
    // A message delivered again submits nothing twice.
    await c.worker(c.delivered(1));
    expect(c.created).toHaveLength(11);

    for (const id of ids.slice(0, 9)) await c.statusLambda(c.jobEvent(id, 'COMPLETE'));
    await c.statusLambda(c.jobEvent('a01', 'COMPLETE')); // a duplicate event
    await c.statusLambda(c.jobEvent('a10', 'ERROR', 'Unsupported codec'));
    expect(await c.renders.progress(FOLDER)).toEqual({ folderPath: FOLDER, state: 'running', total: 11, done: 10, failed: 1 });
    await c.statusLambda(c.jobEvent('a11', 'COMPLETE'));
    expect(await c.renders.progress(FOLDER)).toEqual({ folderPath: FOLDER, state: 'finished', total: 11, done: 11, failed: 1 });
    expect(c.cancelledJobs).toEqual([]);
  });

  it('cancel mid-way: CancelJob for exactly the submitted, unfinished jobs; the queued batch submits nothing; progress ends', async () => {
    const c = cloud('5f0c8f7e-2222-4a4a-9b9b-000000000002');
    await c.renders.start(FOLDER);
    await c.worker(c.delivered(1)); // a01..a10 submitted; a11 still on the queue
    for (const id of ['a01', 'a02', 'a03']) await c.statusLambda(c.jobEvent(id, 'COMPLETE'));

    expect(await c.renders.cancel(FOLDER)).toEqual({ folderPath: FOLDER, state: 'cancelled', total: 11, done: 3, failed: 0 });
    expect([...c.cancelledJobs].sort()).toEqual(['a04', 'a05', 'a06', 'a07', 'a08', 'a09', 'a10'].map((id) => `job-${id}`));
    expect(await store.openJobs(FOLDER, '5f0c8f7e-2222-4a4a-9b9b-000000000002')).toEqual([]);

    await c.worker(c.delivered(2));
    expect(c.created.map((job) => job.UserMetadata?.['assetId'])).not.toContain('a11');
    // A job that finished before CancelJob reached it reports late: it no longer counts.
    await c.statusLambda(c.jobEvent('a04', 'COMPLETE'));
    // A second cancel stops nothing again.
    expect(await c.renders.cancel(FOLDER)).toEqual({ folderPath: FOLDER, state: 'cancelled', total: 11, done: 3, failed: 0 });
    expect(c.cancelledJobs).toHaveLength(7);
  });

  it('reports only the failed message for another try, settles it failed on its last receive, and dead letters end the rest', async () => {
    const c = cloud('5f0c8f7e-3333-4a4a-9b9b-000000000003');
    await c.renders.start(FOLDER);
    const body = (n: number) => (JSON.parse(c.sqsRequests[n - 1]!.body) as { MessageBody: string }).MessageBody;
    const throttled = renderWorker({
      store,
      regrade: async () => Promise.reject(new Error('MediaConvert is throttling')),
      maxReceiveCount: 3,
      log: () => undefined,
    });
    const event = (receives: number): SqsEvent => ({
      Records: [
        { messageId: 'broken', body: '{"folderPath":"x"}', attributes: { ApproximateReceiveCount: '1' } },
        { messageId: 'm2', body: body(2), attributes: { ApproximateReceiveCount: String(receives) } },
      ],
    });
    // The unreadable message is dropped (it can never succeed); m2 goes back to the queue.
    expect(await throttled(event(1))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(await throttled(event(3))).toEqual({ batchItemFailures: [] });
    expect(await c.renders.progress(FOLDER)).toMatchObject({ state: 'running', done: 1, failed: 1 });

    // The first batch timed out on every receive: its ten assets are counted failed, once.
    const deadLetters = renderDeadLetters({ store, log: () => undefined });
    const dead: SqsEvent = { Records: [{ messageId: 'm1', body: body(1), attributes: { ApproximateReceiveCount: '1' } }] };
    expect(await deadLetters(dead)).toEqual({ batchItemFailures: [] });
    await deadLetters(dead);
    expect(await c.renders.progress(FOLDER)).toEqual({ folderPath: FOLDER, state: 'finished', total: 11, done: 11, failed: 11 });
  });

  it('names the bad field of a render batch message', () => {
    expect(() => parseRenderBatch('nope')).toThrow('The render batch message is not JSON');
    expect(() => parseRenderBatch(JSON.stringify({ folderPath: FOLDER, renderId: 'r/1', assetIds: ['a'] }))).toThrow(
      /renderId is not a re-render id/,
    );
    expect(() => parseRenderBatch(JSON.stringify({ folderPath: FOLDER, renderId: 'r1', assetIds: [] }))).toThrow(/assetIds/);
  });
});
