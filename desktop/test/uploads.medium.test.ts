import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferView, UploadGrant, UploadTarget } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../../scripts/testing/people';
import { BackendClient } from '../src/main/services/backend';
import type { Clock } from '../src/main/services/transfers/clock';
import { UploadManager, type UploadLimits, type UploadSessions } from '../src/main/services/uploads/manager';
import { MIB } from '../src/main/services/uploads/partPlan';
import { s3ClientFor } from '../src/main/services/uploads/s3Target';
import { backendSessions } from '../src/main/services/uploads/sessions';
import { UploadStore } from '../src/main/services/uploads/store';

// The upload manager against the real local stack: API sessions, s3rver, the catalog. Part
// requests are counted by a middleware on the manager's own S3 clients.
const people = { manager: { email: 'mm@example.com', groups: ['media-managers', 'show-a'] } };

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let backend: BackendClient;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<'manager'>>>['call'];

interface Sent {
  command: string;
  partNumber?: number;
}

/** A manager whose S3 clients report each finished request to `onSent`. */
function manager(options: {
  store: UploadStore;
  limits?: Partial<UploadLimits>;
  /** The request's answer waits for a promise returned from here. */
  onSent?: (sent: Sent) => void | Promise<void>;
  /** Throw from here to make a request fail before it reaches s3rver. */
  beforeSend?: (sent: Sent) => void;
  onChange?: (changed: TransferView[]) => void;
  eventIntervalMs?: number;
  sessions?: UploadSessions;
  clock?: Clock;
}) {
  const makeClient = (target: UploadTarget, grant: UploadGrant) => {
    const client = s3ClientFor(target, grant);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const request = {
          command: context.commandName ?? '',
          ...((args.input as { PartNumber?: number }).PartNumber ? { partNumber: (args.input as { PartNumber: number }).PartNumber } : {}),
        };
        options.beforeSend?.(request);
        const result = await next(args);
        const input = args.input as { PartNumber?: number };
        await options.onSent?.({ command: context.commandName ?? '', ...(input.PartNumber ? { partNumber: input.PartNumber } : {}) });
        return result;
      },
      { step: 'initialize', name: 'countRequests' },
    );
    return client;
  };
  const uploads = new UploadManager({
    store: options.store,
    sessions: options.sessions ?? backendSessions(backend),
    onChange: options.onChange ?? (() => undefined),
    limits: { partSize: 5 * MIB, connections: 2, backoffMs: 10, ...options.limits },
    eventIntervalMs: options.eventIntervalMs ?? 50,
    makeClient,
    custody: { hostName: 'test-host', toolVersion: '0.0.0-test' },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  uploads.setOnline(true);
  return uploads;
}

async function makeFile(name: string, bytes: number): Promise<{ file: string; sha256: string }> {
  const file = path.join(data.dir, 'card', name);
  await mkdir(path.dirname(file), { recursive: true });
  const content = randomBytes(bytes);
  await writeFile(file, content);
  return { file, sha256: createHash('sha256').update(content).digest('hex') };
}

async function storedSha256(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

async function asset(folder: string, name: string) {
  const listing = await call<{
    assets: { name: string; status: string; size: number; checksum: { algorithm: string; value: string } | null }[];
  }>('manager', 'listChildren', { query: { path: folder } });
  return listing.body.assets.find((a) => a.name === name);
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: 'admin@example.com', adminPassword: TEST_PASSWORD });
  const signedIn = await signInPeople(stack, people, ['show-a']);
  call = signedIn.call;
  backend = new BackendClient(
    stack.profile.apiUrl,
    async () => signedIn.tokens.manager,
    async () => undefined,
  );
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  expect((await call('manager', 'createFolder', { body: { parentPath: '', name: 'Show A' } })).status).toBe(200);
});

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('UploadManager', () => {
  it('resumes after being killed mid-way without sending any finished part again', async () => {
    const { file, sha256 } = await makeFile('A001C001.mov', 48 * MIB + 123);
    const queue = path.join(data.dir, 'queue-resume.sqlite');
    const firstRun: Sent[] = [];
    const store1 = new UploadStore(queue);
    let killed!: () => void;
    const kill = new Promise<void>((resolve) => (killed = resolve));
    const first: UploadManager = manager({
      store: store1,
      onSent: (sent) => {
        firstRun.push(sent);
        if (firstRun.filter((s) => s.command === 'UploadPartCommand').length === 4) {
          // The worst moment to die: S3 has the fourth part, but its ETag never reaches the queue.
          first.dispose();
          killed();
          throw new Error('killed');
        }
      },
    });
    await first.start({ folderPath: 'Show A/', paths: [file], decisions: {} });
    await kill;
    await first.idle(); // the cut-off requests have settled

    const store2 = new UploadStore(queue);
    const [interrupted] = store2.all();
    expect(interrupted).toMatchObject({ state: 'running', partSize: 5 * MIB });
    // The hash is read alongside the parts; if it had finished, it was kept and is not read again.
    expect([null, sha256]).toContain(interrupted!.sha256);
    const finishedBefore = store2.parts(interrupted!.id).map((part) => part.partNumber);
    expect(finishedBefore).toHaveLength(3);
    expect(firstRun.filter((s) => s.command === 'UploadPartCommand')).toHaveLength(4);

    const secondRun: Sent[] = [];
    const second = manager({ store: store2, onSent: (sent) => void secondRun.push(sent) });
    await second.idle();
    const resent = secondRun.filter((s) => s.command === 'UploadPartCommand').map((s) => s.partNumber!);
    expect(resent.filter((n) => finishedBefore.includes(n))).toEqual([]);
    expect([...finishedBefore, ...resent].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(secondRun.filter((s) => s.command === 'CreateMultipartUploadCommand')).toEqual([]);
    expect(second.list()[0]).toMatchObject({ state: 'succeeded', bytesDone: 48 * MIB + 123, bytesTotal: 48 * MIB + 123 });

    expect(await storedSha256('Show A/A001C001.mov')).toBe(sha256);
    // The hash is read from the bytes sent, so it is known only at the end: the catalog holds it, the object carries no tag.
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show A/A001C001.mov' }));
    expect(tags.TagSet).toEqual([]);
    expect(await asset('Show A/', 'A001C001.mov')).toMatchObject({
      status: 'processing',
      size: 48 * MIB + 123,
      checksum: { algorithm: 'sha256', value: sha256 },
    });
    second.dispose();
    store1.close();
    store2.close();
  });

  it('starts a file over when it changes on disk while uploading, and records the new checksum', async () => {
    const { file } = await makeFile('A001C002.mov', 30 * MIB);
    const changed = randomBytes(30 * MIB);
    const changedSha256 = createHash('sha256').update(changed).digest('hex');
    const sent: Sent[] = [];
    let rewrite: Promise<void> | null = null;
    const store = new UploadStore(':memory:');
    const uploads = manager({
      store,
      limits: { connections: 1 },
      onSent: (s) => {
        sent.push(s);
        if (s.command === 'UploadPartCommand' && !rewrite) {
          // Replaced as an editor's save does: written aside, then renamed over it.
          rewrite = writeFile(`${file}.tmp`, changed)
            .then(() => utimes(`${file}.tmp`, new Date(), new Date(Date.now() + 60_000)))
            .then(() => rename(`${file}.tmp`, file));
          // The first part's answer waits for the rewrite: with one connection, no later part of the old bytes can go.
          return rewrite;
        }
        return undefined;
      },
    });
    await uploads.start({ folderPath: 'Show A/', paths: [file], decisions: {} });
    await uploads.idle();
    await rewrite;
    expect(uploads.list()[0]).toMatchObject({ state: 'succeeded', bytesTotal: 30 * MIB, error: null });
    expect(sent.filter((s) => s.command === 'CreateMultipartUploadCommand')).toHaveLength(2);
    expect(await storedSha256('Show A/A001C002.mov')).toBe(changedSha256);
    expect(await asset('Show A/', 'A001C002.mov')).toMatchObject({ checksum: { value: changedSha256 } });
    uploads.dispose();
    store.close();
  });

  it('reports progress by bytes, with a speed, not only when a part finishes', async () => {
    const { file, sha256 } = await makeFile('A001C003.wav', 40 * MIB);
    const seen: TransferView[] = [];
    const store = new UploadStore(':memory:');
    // However fast or loaded the machine: every reading of this clock is 50 ms after the last,
    // and a batch of changes is reported as soon as the code that made it yields.
    let time = Date.now();
    const clock: Clock = {
      now: () => (time += 50),
      after: (_ms, run) => {
        let live = true;
        queueMicrotask(() => live && run());
        return () => (live = false);
      },
    };
    // One 64 MiB part: progress by finished parts would jump from 0 straight to 40 MiB.
    const uploads = manager({ store, limits: { partSize: 64 * MIB }, clock, onChange: (changed) => seen.push(...changed) });
    await uploads.start({ folderPath: 'Show A/', paths: [file], decisions: {} });
    await uploads.idle();
    const between = seen.filter((view) => view.state === 'running' && view.bytesDone > 0 && view.bytesDone < 40 * MIB);
    expect(new Set(between.map((view) => view.bytesDone)).size).toBeGreaterThan(3);
    expect(between.some((view) => view.bytesPerSecond > 0 && view.etaSeconds !== null)).toBe(true);
    expect(uploads.list()[0]).toMatchObject({
      state: 'succeeded',
      bytesDone: 40 * MIB,
      kind: 'upload',
      destination: 'Show A/',
      name: 'A001C003.wav',
    });
    // One request, hashed from the bytes it sent (not read first): the hash is in the catalog, not in the object's metadata.
    const head = await s3.send(new HeadObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show A/A001C003.wav' }));
    expect(head.Metadata).toEqual({});
    expect(await asset('Show A/', 'A001C003.wav')).toMatchObject({ checksum: { algorithm: 'sha256', value: sha256 } });
    uploads.dispose();
    store.close();
  });

  it('uploads a folder keeping its relative paths, keeps both on a taken name, and refuses a bad name with its rule', async () => {
    await makeFile('CARD_B/CLIP/B001C001.mov', 1000);
    await makeFile('CARD_B/CLIP/bad:name.mov', 10);
    const store = new UploadStore(':memory:');
    const uploads = manager({ store });
    const card = path.join(data.dir, 'card', 'CARD_B');
    const result = await uploads.start({ folderPath: 'Show A/', paths: [card], decisions: {} });
    expect(result.transfers.map((t) => [t.name, t.state])).toEqual([
      ['B001C001.mov', 'queued'],
      ['bad:name.mov', 'failed'],
    ]);
    expect(result.transfers[1]!.error).toMatch(/Windows/);
    await uploads.idle();
    expect(await asset('Show A/CARD_B/CLIP/', 'B001C001.mov')).toMatchObject({ status: 'processing', size: 1000 });

    const again = await uploads.start({ folderPath: 'Show A/', paths: [path.join(card, 'CLIP', 'B001C001.mov')], decisions: {} });
    expect(again.conflicts).toHaveLength(0); // the first file went directly into Show A/, not CARD_B/CLIP/
    const plan = await uploads.plan('Show A/CARD_B/CLIP/', [path.join(card, 'CLIP', 'B001C001.mov')]);
    expect(plan.items[0]).toMatchObject({ outcome: 'conflict', keepBothKey: 'Show A/CARD_B/CLIP/B001C001 (2).mov' });
    const keep = await uploads.start({
      folderPath: 'Show A/CARD_B/CLIP/',
      paths: [path.join(card, 'CLIP', 'B001C001.mov')],
      decisions: { [path.join(card, 'CLIP', 'B001C001.mov')]: 'keepBoth' },
    });
    expect(keep.transfers[0]).toMatchObject({ name: 'B001C001 (2).mov', state: 'queued' });
    await uploads.idle();
    expect(await asset('Show A/CARD_B/CLIP/', 'B001C001 (2).mov')).toMatchObject({ size: 1000 });
    uploads.dispose();
    store.close();
  });

  it('retries a part after a network error, and renews credentials that are about to expire', async () => {
    const { file, sha256 } = await makeFile('A001C005.mov', 12 * MIB);
    const store = new UploadStore(':memory:');
    const real = backendSessions(backend);
    let credentialCalls = 0;
    // Credentials that expire in a minute: inside the renewal margin, so every request asks again.
    const sessions: UploadSessions = {
      ...real,
      credentials: async (keys) => {
        credentialCalls += 1;
        const answer = await real.credentials(keys);
        return { ...answer, grants: answer.grants.map((grant) => ({ ...grant, expiresAt: new Date(Date.now() + 60_000).toISOString() })) };
      },
    };
    const attempts: number[] = [];
    const uploads = manager({
      store,
      sessions,
      beforeSend: (s) => {
        if (s.command !== 'UploadPartCommand') return;
        attempts.push(s.partNumber!);
        if (s.partNumber === 2 && attempts.filter((n) => n === 2).length === 1) {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
      },
    });
    await uploads.start({ folderPath: 'Show A/', paths: [file], decisions: {} });
    await uploads.idle();
    expect(uploads.list()[0]).toMatchObject({ state: 'succeeded', error: null });
    expect(attempts.filter((n) => n === 2)).toHaveLength(2);
    expect(credentialCalls).toBeGreaterThanOrEqual(attempts.length);
    expect(await storedSha256('Show A/A001C005.mov')).toBe(sha256);
    uploads.dispose();
    store.close();
  });

  it('pauses, resumes and cancels; a cancelled upload leaves no record behind', async () => {
    const { file } = await makeFile('A001C004.mov', 20 * MIB);
    const store = new UploadStore(':memory:');
    let paused = false;
    const uploads: UploadManager = manager({
      store,
      limits: { connections: 1 },
      onSent: (s) => {
        if (s.command === 'UploadPartCommand' && !paused) {
          paused = true;
          uploads.pause([]);
        }
      },
    });
    const { transfers } = await uploads.start({ folderPath: 'Show A/', paths: [file], decisions: {} });
    await uploads.idle();
    expect(uploads.list().find((t) => t.id === transfers[0]!.id)).toMatchObject({ state: 'paused' });
    expect(await asset('Show A/', 'A001C004.mov')).toMatchObject({ status: 'uploading' });
    uploads.cancel([transfers[0]!.id]);
    await uploads.idle(); // the cancel has told the API too
    expect(uploads.list().find((t) => t.id === transfers[0]!.id)).toMatchObject({ state: 'cancelled' });
    expect(await asset('Show A/', 'A001C004.mov')).toBeUndefined();
    uploads.retry([transfers[0]!.id]);
    await uploads.idle();
    expect(uploads.list().find((t) => t.id === transfers[0]!.id)).toMatchObject({ state: 'succeeded' });
    expect(await asset('Show A/', 'A001C004.mov')).toMatchObject({ status: 'processing' });
    expect(uploads.clearFinished().find((t) => t.id === transfers[0]!.id)).toBeUndefined();
    uploads.dispose();
    store.close();
  });
});
