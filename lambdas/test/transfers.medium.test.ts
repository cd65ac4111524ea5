import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView, AuditEvent, TransferJob, TransferResult, WorkstationList, WorkstationView } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { CHANGED_REASON } from '../src/core/transfers/jobStates';
import { createLocalS3Client } from '../src/local/s3Client';
import type { CatalogAsset, TransferExecutor, TransferLaunch } from '../src/ports';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Workstations and S3 → edit-share transfers through the real local API: cognito-local
// tokens, SQLite, s3rver and the local executor writing to a temporary folder as the share.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-x'] },
  outsider: { email: 'other@example.com', groups: ['editors', 'show-y'] },
} as const;
type Person = keyof typeof people;
type ErrorAnswer = { error: { code: string; message: string; field?: string } };

const LONG_FOLDER = `Cam A ${'long folder name '.repeat(8).trim()}`;
const CLIP_1 = "Show X/Day 1/A001 it's $(touch pwned); `touch pwned2` 🎬 Ünïcödé.mov".normalize('NFC');
const CLIP_2 = `Show X/Day 1/${LONG_FOLDER}/B002 'take' 2 ; & $HOME.mov`;
const SECRET = 'Secret/budget.mov';

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let share: string;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];
const bytes: Record<string, Buffer> = {};
const ids: Record<string, string> = {};
let workstation: WorkstationView;

async function ok<T>(who: Person, name: Parameters<typeof call>[1], input: Parameters<typeof call>[2] = {}): Promise<T> {
  const answer = await call<T>(who, name, input);
  if (answer.status !== 200) throw new Error(`${name} as ${who} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function putObject(key: string, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: body }));
}

async function addClip(key: string, size = 200_000): Promise<string> {
  bytes[key] = randomBytes(size);
  await putObject(key, bytes[key]);
  await stack.storage.idle();
  const asset = await stack.catalog.getAssetByKey(key);
  if (!asset) throw new Error(`storage sync did not catch ${key}`);
  ids[key] = asset.id;
  return asset.id;
}

/** Polls the job's detail until it has ended. */
async function ended(who: Person, id: string): Promise<TransferJob> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const job = await ok<TransferJob>(who, 'transferDetail', { query: { id } });
    if (job.state !== 'running' && job.state !== 'queued') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`transfer ${id} did not end`);
}

async function location(id: string, workstationId: string): Promise<string> {
  const asset = await ok<AssetView>('admin', 'assetDetail', { query: { id } });
  return asset.locations[workstationId] ?? 'S3';
}

async function filesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    found.push(path.relative(root, path.join(entry.parentPath, entry.name)) + (entry.isDirectory() ? '/' : ''));
  }
  return found.sort();
}

/** The job's events: its finish (the job's id as target) and a request per asset (the id in the details). */
async function auditOf(jobId: string): Promise<AuditEvent[]> {
  const { items } = await stack.catalog.listAudit({ limit: 500, cursor: null });
  return items.filter((event) => event.target === jobId || event.details['transferId'] === jobId);
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

beforeAll(async () => {
  data = await tempDataDir();
  share = await mkdtemp(path.join(os.tmpdir(), 'rushes-share-'));
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  ({ call } = await signInPeople(stack, people, ['show-x', 'show-y']));
  for (const [parentPath, name] of [
    ['', 'Show X'],
    ['Show X/', 'Day 1'],
    ['Show X/Day 1/', LONG_FOLDER],
    ['Show X/', 'Day 2'],
    ['', 'Secret'],
  ] as const) {
    await ok('admin', 'createFolder', { body: { parentPath, name } });
  }
  await ok('admin', 'setFolderAcl', { body: { path: 'Show X/', groups: ['show-x'], applyToSubfolders: true } });
  await addClip(CLIP_1);
  await addClip(CLIP_2, 300_000);
  await addClip(SECRET, 1000);
}, heavyTimeout(180_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
  if (share) await rm(share, { recursive: true, force: true });
});

describe('workstations', () => {
  it('lets an admin register a local workstation for a group, which its members see and others do not', async () => {
    workstation = await ok<WorkstationView>('admin', 'createWorkstation', {
      body: { name: 'Edit bay 1', platform: 'local', instanceId: null, shareRoot: share, groups: ['show-x', 'show-x'] },
    });
    expect(workstation).toMatchObject({ name: 'Edit bay 1', platform: 'local', instanceId: null, shareRoot: share, groups: ['show-x'] });
    expect(workstation.id).toMatch(/^ws-/);
    const forEditor = await ok<WorkstationList>('editor', 'listWorkstations');
    expect(forEditor).toEqual({ workstations: [workstation], platforms: ['local'] });
    expect((await ok<WorkstationList>('outsider', 'listWorkstations')).workstations).toEqual([]);
    expect((await ok<WorkstationList>('admin', 'listWorkstations')).workstations).toEqual([workstation]);
    const audit = (await stack.catalog.listAudit({ limit: 10, cursor: null, action: 'workstation.register' })).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'admin@example.com', target: workstation.id, outcome: 'succeeded' });
    expect(String(audit[0]!.details['after'])).toContain('Edit bay 1');
  });

  it('refuses bad workstation bodies with the field named, and changes nothing', async () => {
    const base = { name: 'Bay 9', platform: 'local', instanceId: null, shareRoot: share, groups: [] };
    const cases: [unknown, number, string][] = [
      [{ ...base, platform: 'windows' }, 400, 'body.instanceId'],
      [{ ...base, platform: 'linux', instanceId: 'i-0123456789abcdef0', shareRoot: '/mnt/fsx' }, 400, 'platform'],
      [{ ...base, shareRoot: 'relative/path' }, 400, 'body.shareRoot'],
      [{ ...base, groups: ['show-x', 'nope'] }, 400, 'groups'],
      [{ ...base, name: '   ' }, 400, 'body.name'],
      [{ ...base, owner: 'me' }, 400, 'body'],
      [{ ...base, name: 'edit BAY 1' }, 409, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await call<ErrorAnswer>('admin', 'createWorkstation', { body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.field ?? 'body').toBe(field);
    }
    const unknownGroup = await call<ErrorAnswer>('admin', 'createWorkstation', { body: { ...base, groups: ['nope'] } });
    expect(unknownGroup.body.error.message).toBe('There is no group named "nope".');
    const update = await call<ErrorAnswer>('admin', 'updateWorkstation', { body: { id: 'ws-missing-1', workstation: base } });
    expect(update.status).toBe(404);
    expect((await ok<WorkstationList>('admin', 'listWorkstations')).workstations).toEqual([workstation]);
  });

  it('lets only admins register, change or remove workstations, and records the refusal', async () => {
    const body = { name: 'Mine', platform: 'local', instanceId: null, shareRoot: share, groups: ['show-x'] };
    for (const who of ['editor', 'outsider'] as const) {
      expect((await call(who, 'createWorkstation', { body })).status).toBe(403);
      expect((await call(who, 'updateWorkstation', { body: { id: workstation.id, workstation: body } })).status).toBe(403);
      expect((await call(who, 'deleteWorkstation', { body: { id: workstation.id } })).status).toBe(403);
    }
    const denied = (await stack.catalog.listAudit({ limit: 20, cursor: null, outcome: 'denied' })).items.filter((event) =>
      event.action.startsWith('workstation.'),
    );
    expect(denied).toHaveLength(6);
    expect((await ok<WorkstationList>('admin', 'listWorkstations')).workstations).toEqual([workstation]);
  });
});

describe('transfers', () => {
  let firstJob: TransferJob;

  it('copies a nested folder with hostile names onto the share at their library paths, byte for byte, and marks the assets S3_FSX', async () => {
    const started = await ok<TransferJob>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, folderPaths: ['Show X/Day 1/'] },
    });
    expect(started).toMatchObject({
      operation: 'copy',
      workstationId: workstation.id,
      workstationName: 'Edit bay 1',
      requestedBy: 'ed@example.com',
      fileCount: 2,
    });
    expect(started.bytesTotal).toBe(500_000);
    firstJob = await ended('editor', started.id);
    expect(firstJob.state).toBe('succeeded');
    expect(firstJob.reason).toBeNull();
    expect(firstJob.failedCount).toBe(0);
    expect(firstJob.bytesDone).toBe(500_000);
    expect(firstJob.files?.map((file) => [file.path, file.state, file.reason])).toEqual(
      expect.arrayContaining([
        [CLIP_1, 'copied', null],
        [CLIP_2, 'copied', null],
      ]),
    );
    for (const key of [CLIP_1, CLIP_2]) {
      expect((await readFile(path.join(share, ...key.split('/')))).equals(bytes[key]!)).toBe(true);
      expect(await location(ids[key]!, workstation.id)).toBe('S3_FSX');
      // The checksum computed for the manifest is recorded for next time.
      expect((await stack.catalog.getAsset(ids[key]!))?.checksum).toEqual({ algorithm: 'sha256', value: sha256(bytes[key]!) });
    }
    expect(await filesUnder(share)).toEqual(['Show X/', 'Show X/Day 1/', `Show X/Day 1/${LONG_FOLDER}/`, CLIP_1, CLIP_2].sort());
    // Nothing in a name was ever run.
    for (const stray of ['pwned', 'pwned2']) {
      expect(existsSync(path.join(share, stray))).toBe(false);
      expect(existsSync(path.join(process.cwd(), stray))).toBe(false);
    }
    // One request per asset, with its path and the address it came from; one finish per job.
    const recorded = (await auditOf(started.id)).map((event) => [event.action, event.actor, event.outcome, event.target, event.address]);
    expect(recorded.sort()).toEqual(
      [
        ['transfer.finish', 'system', 'succeeded', started.id, null],
        ['transfer.request', 'ed@example.com', 'succeeded', CLIP_1, '127.0.0.1'],
        ['transfer.request', 'ed@example.com', 'succeeded', CLIP_2, '127.0.0.1'],
      ].sort(),
    );
  });

  it('changes nothing when the same status arrives twice', async () => {
    const before = await ok<TransferJob>('editor', 'transferDetail', { query: { id: firstJob.id } });
    const auditBefore = await auditOf(firstJob.id);
    const feedBefore = await stack.catalog.latestChange();
    const result: TransferResult = {
      version: 1,
      jobId: firstJob.id,
      error: null,
      entries: [0, 1].map((index) => ({ index, status: 'removed', bytes: null, sha256: null, error: null })),
    };
    await stack.services.transfers!.finish(firstJob.id, { result });
    await stack.services.transfers!.finish(firstJob.id, { error: 'the command timed out' });
    expect(await ok<TransferJob>('editor', 'transferDetail', { query: { id: firstJob.id } })).toEqual(before);
    expect(await auditOf(firstJob.id)).toEqual(auditBefore);
    expect(await stack.catalog.latestChange()).toBe(feedBefore);
    expect(await location(ids[CLIP_1]!, workstation.id)).toBe('S3_FSX');
  });

  it('removes the files again, with the folders they emptied, and marks the assets S3', async () => {
    const started = await ok<TransferJob>('editor', 'startTransfer', {
      body: { operation: 'remove', workstationId: workstation.id, assetIds: [ids[CLIP_1], ids[CLIP_2]] },
    });
    const job = await ended('editor', started.id);
    expect(job.state).toBe('succeeded');
    expect(job.files?.map((file) => file.state)).toEqual(['removed', 'removed']);
    expect(await filesUnder(share)).toEqual([]);
    for (const key of [CLIP_1, CLIP_2]) expect(await location(ids[key]!, workstation.id)).toBe('S3');
  });

  it('leaves a file edited on the share in place as changed, and fails the job for it', async () => {
    const copy = await ended(
      'editor',
      (
        await ok<TransferJob>('editor', 'startTransfer', {
          body: { operation: 'copy', workstationId: workstation.id, assetIds: [ids[CLIP_1], ids[CLIP_2]] },
        })
      ).id,
    );
    expect(copy.state).toBe('succeeded');
    const edited = path.join(share, ...CLIP_2.split('/'));
    await appendFile(edited, 'an editor saved over it');
    const job = await ended(
      'editor',
      (
        await ok<TransferJob>('editor', 'startTransfer', {
          body: { operation: 'remove', workstationId: workstation.id, assetIds: [ids[CLIP_1], ids[CLIP_2]] },
        })
      ).id,
    );
    expect(job.state).toBe('failed');
    expect(job.failedCount).toBe(1);
    expect(job.files?.map((file) => [file.state, file.reason])).toEqual([
      ['removed', null],
      ['changed', CHANGED_REASON],
    ]);
    expect(existsSync(edited)).toBe(true);
    expect(existsSync(path.join(share, ...CLIP_1.split('/')))).toBe(false);
    expect(await location(ids[CLIP_1]!, workstation.id)).toBe('S3');
    expect(await location(ids[CLIP_2]!, workstation.id)).toBe('S3_FSX');
    await rm(path.join(share, 'Show X'), { recursive: true });
  });

  it('fails a copy whose bytes in storage no longer match the catalog, leaving nothing on the share', async () => {
    const key = 'Show X/Day 2/C003 swapped.mov';
    const id = await addClip(key, 50_000);
    const asset = (await stack.catalog.getAsset(id))!;
    // As an upload records it; then the object is replaced behind the catalog's back, same size.
    await stack.catalog.updateAsset({
      ...asset,
      checksum: { algorithm: 'sha256', value: sha256(bytes[key]!) },
      version: asset.version + 1,
    });
    await putObject(key, randomBytes(50_000));
    await stack.storage.idle();
    const job = await ended(
      'editor',
      (await ok<TransferJob>('editor', 'startTransfer', { body: { operation: 'copy', workstationId: workstation.id, assetIds: [id] } })).id,
    );
    expect(job.state).toBe('failed');
    expect(job.files?.map((file) => [file.state, file.reason])).toEqual([['failed', 'checksum mismatch after copy']]);
    expect(await location(id, workstation.id)).toBe('S3');
    expect(await filesUnder(share)).not.toContain(key);
    expect((await filesUnder(share)).filter((file) => file.endsWith('.rushes-part'))).toEqual([]);
  });

  it('fails a job for a workstation whose share folder is missing, with the reason', async () => {
    const missing = await ok<WorkstationView>('admin', 'createWorkstation', {
      body: {
        name: 'Unplugged bay',
        platform: 'local',
        instanceId: null,
        shareRoot: path.join(share, 'not', 'mounted'),
        groups: ['show-x'],
      },
    });
    const job = await ok<TransferJob>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: missing.id, assetIds: [ids[CLIP_1]] },
    });
    expect(job.state).toBe('failed');
    expect(job.reason).toBe('the share root does not exist on this workstation');
    expect(job.files?.map((file) => [file.state, file.reason])).toEqual([['failed', 'the share root does not exist on this workstation']]);
    expect(job.finishedAt).not.toBeNull();
    expect(await location(ids[CLIP_1]!, missing.id)).toBe('S3');
  });

  it('refuses an editor outside the workstation’s groups, and a file they may not read as if it did not exist', async () => {
    const outside = await call<ErrorAnswer>('outsider', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, assetIds: [ids[CLIP_1]] },
    });
    expect(outside.status).toBe(403);
    const secret = await call<ErrorAnswer>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, assetIds: [ids[SECRET]] },
    });
    const missing = await call<ErrorAnswer>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, assetIds: ['no-such-asset'] },
    });
    expect(secret.status).toBe(404);
    expect(secret.body.error.message).toBe(missing.body.error.message);
    expect(secret.body.error.message).toBe('That file was not found.');
    const hiddenFolder = await call<ErrorAnswer>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, folderPaths: ['Secret/'] },
    });
    expect(hiddenFolder.status).toBe(404);
    expect(hiddenFolder.body.error.message).toBe('Folder "Secret/" was not found.');
    expect(
      (await call('editor', 'startTransfer', { body: { operation: 'copy', workstationId: 'ws-missing-1', assetIds: [ids[CLIP_1]] } }))
        .status,
    ).toBe(404);
    expect(existsSync(path.join(share, 'Secret'))).toBe(false);
  });

  it('refuses bad transfer bodies with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ operation: 'copy', workstationId: workstation.id }, 'body.assetIds'],
      [{ operation: 'move', workstationId: workstation.id, assetIds: [ids[CLIP_1]] }, 'body.operation'],
      [{ operation: 'copy', workstationId: '../etc', assetIds: [ids[CLIP_1]] }, 'body.workstationId'],
      [{ operation: 'copy', workstationId: workstation.id, folderPaths: ['../'] }, 'body.folderPaths.0'],
      [{ operation: 'copy', workstationId: workstation.id, folderPaths: [''] }, 'body.folderPaths.0'],
      [{ operation: 'copy', workstationId: workstation.id, assetIds: [ids[CLIP_1]], shareRoot: '/' }, 'body'],
    ];
    const before = (await ok<{ jobs: TransferJob[] }>('admin', 'listTransfers', { query: { limit: 200 } })).jobs.length;
    for (const [body, field] of cases) {
      const answer = await call<ErrorAnswer>('editor', 'startTransfer', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field ?? 'body').toBe(field);
    }
    expect((await call<ErrorAnswer>('editor', 'transferDetail', { query: { id: 'x' } })).body.error.field).toBe('query.id');
    expect((await call<ErrorAnswer>('editor', 'listTransfers', { query: { limit: 0 } })).body.error.field).toBe('query.limit');
    expect((await ok<{ jobs: TransferJob[] }>('admin', 'listTransfers', { query: { limit: 200 } })).jobs).toHaveLength(before);
  });

  it('refuses a file still uploading, naming it', async () => {
    await ok('admin', 'createUploadSession', {
      body: { folderPath: 'Show X/Day 2/', files: [{ relativePath: 'U004 uploading.mov', size: 6, lastModified: 0 }] },
    });
    const uploading = (await stack.catalog.getAssetByKey('Show X/Day 2/U004 uploading.mov'))!;
    const answer = await call<ErrorAnswer>('editor', 'startTransfer', {
      body: { operation: 'copy', workstationId: workstation.id, folderPaths: ['Show X/Day 2/'] },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toContain('"U004 uploading.mov" is still uploading');
    expect(uploading.status).toBe('uploading');
  });

  it('shows each requester their own jobs newest first, admins everyone’s, and hides others’ jobs like missing ones', async () => {
    const mine = await ok<{ jobs: TransferJob[]; nextCursor: string | null }>('editor', 'listTransfers', { query: { limit: 2 } });
    expect(mine.jobs).toHaveLength(2);
    expect(mine.jobs[0]!.files).toBeUndefined();
    expect(mine.jobs[0]!.createdAt >= mine.jobs[1]!.createdAt).toBe(true);
    const rest = await ok<{ jobs: TransferJob[]; nextCursor: string | null }>('editor', 'listTransfers', {
      query: { limit: 200, cursor: mine.nextCursor! },
    });
    const all = [...mine.jobs, ...rest.jobs];
    expect(new Set(all.map((job) => job.id)).size).toBe(all.length);
    expect(all.every((job) => job.requestedBy === 'ed@example.com')).toBe(true);
    expect(all.map((job) => job.id)).toContain(firstJob.id);
    expect((await ok<{ jobs: TransferJob[] }>('outsider', 'listTransfers', { query: { limit: 50 } })).jobs).toEqual([]);
    expect(
      (await ok<{ jobs: TransferJob[] }>('admin', 'listTransfers', { query: { limit: 200 } })).jobs.map((job) => job.id).sort(),
    ).toEqual(all.map((job) => job.id).sort());
    const theirs = await call<ErrorAnswer>('outsider', 'transferDetail', { query: { id: firstJob.id } });
    const none = await call<ErrorAnswer>('outsider', 'transferDetail', { query: { id: 'job-that-never-was' } });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toBe(none.body.error.message);
    expect((await call('outsider', 'cancelTransfer', { body: { id: firstJob.id } })).status).toBe(404);
    expect((await call('admin', 'transferDetail', { query: { id: firstJob.id } })).status).toBe(200);
    // An ended job stays as it ended when cancelled.
    expect((await ok<TransferJob>('editor', 'cancelTransfer', { body: { id: firstJob.id } })).state).toBe('succeeded');
  });

  it('removes a workstation, audited, and then knows it no more', async () => {
    const spare = await ok<WorkstationView>('admin', 'createWorkstation', {
      body: { name: 'Spare bay', platform: 'local', instanceId: null, shareRoot: share, groups: [] },
    });
    expect(await ok('admin', 'deleteWorkstation', { body: { id: spare.id } })).toEqual({ id: spare.id });
    expect((await call('admin', 'deleteWorkstation', { body: { id: spare.id } })).status).toBe(404);
    const audit = (await stack.catalog.listAudit({ limit: 5, cursor: null, action: 'workstation.remove', outcome: 'succeeded' })).items;
    expect(audit[0]).toMatchObject({ target: spare.id, actor: 'admin@example.com' });
  });
});

// A workstation that never answers: the job must still end, as timed out.
describe('a workstation that never reports back', () => {
  let quiet: LocalStack;
  let quietData: Awaited<ReturnType<typeof tempDataDir>>;
  const launches: TransferLaunch[] = [];
  /** The stack's clock, moved forward by a test to pass a deadline without waiting for it. */
  let ahead = 0;
  const shifted = { now: () => new Date(Date.now() + ahead) };
  const cancels: string[] = [];

  beforeAll(async () => {
    quietData = await tempDataDir();
    // Also stands in for SSM: it claims Windows too, as the cloud's executor will.
    const silent = (): TransferExecutor => ({
      platforms: ['local', 'windows'],
      start: async (launch) => {
        launches.push(launch);
        return { commandId: null };
      },
      cancel: async (launch) => {
        cancels.push(launch.jobId);
      },
    });
    quiet = await startTestStack({
      dataDir: quietData.dir,
      adminEmail: people.admin.email,
      adminPassword: TEST_PASSWORD,
      transferExecutor: silent,
      clock: shifted,
    });
  }, heavyTimeout(120_000));

  afterAll(async () => {
    await quiet?.stop();
    await quietData?.remove();
  });

  const admin = { email: people.admin.email, groups: ['admin'], userId: 'admin-id' };
  let made: { bay: WorkstationView; asset: CatalogAsset; body: Buffer } | undefined;

  /** A bay and a clip, made once. */
  async function quietFixture(): Promise<{ bay: WorkstationView; asset: CatalogAsset; body: Buffer }> {
    if (made) return made;
    const bay = await quiet.services.workstations!.create(admin, {
      name: 'Quiet bay',
      platform: 'local',
      instanceId: null,
      shareRoot: share,
      groups: [],
    });
    await quiet.services.library.organise.createFolder(admin, '', 'Show Q');
    const quietS3 = createLocalS3Client(quiet.profile.s3.endpoint!);
    const body = randomBytes(30_000);
    await quietS3.send(new PutObjectCommand({ Bucket: quiet.profile.s3.mediaBucket, Key: 'Show Q/clip.mov', Body: body }));
    quietS3.destroy();
    await quiet.storage.idle();
    made = { bay, asset: (await quiet.catalog.getAssetByKey('Show Q/clip.mov'))!, body };
    return made;
  }

  it('hands the executor the manifest and a deadline from the size, then fails the job as timed out at the deadline', async () => {
    const services = quiet.services;
    const { bay, asset, body } = await quietFixture();

    const job = await services.transfers!.start(admin, { operation: 'copy', workstationId: bay.id, assetIds: [asset.id], folderPaths: [] });
    expect(job.state).toBe('running');
    expect(launches).toEqual([
      {
        jobId: job.id,
        operation: 'copy',
        workstation: { id: bay.id, name: 'Quiet bay', platform: 'local', instanceId: null, shareRoot: share },
        manifest: { bucket: quiet.profile.s3.derivedBucket, key: `transfers/${job.id}/manifest.json` },
        // 15 minutes, plus one second per 25 MB begun.
        timeoutSeconds: 15 * 60 + 1,
      },
    ]);
    expect(Date.parse(job.deadline) - Date.parse(job.startedAt!)).toBe((15 * 60 + 1) * 1000);
    await expect(services.workstations!.remove(admin, bay.id)).rejects.toThrow('"Quiet bay" has 1 transfer running');

    // Before the deadline nothing happens; after it the job fails with the reason.
    expect(await services.transfers!.sweep(new Date(Date.parse(job.deadline) - 1000))).toBe(0);
    expect(await services.transfers!.sweep(new Date(Date.parse(job.deadline) + 1000))).toBe(1);
    const failed = await services.transfers!.detail(admin, job.id);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toBe('timed out: the workstation did not report back within 15 minutes');
    expect(failed.files?.map((file) => [file.state, file.reason])).toEqual([
      ['failed', 'timed out: the workstation did not report back within 15 minutes'],
    ]);
    expect(cancels).toEqual([job.id]);

    // A report that arrives after the timeout changes nothing.
    await services.transfers!.finish(job.id, {
      result: {
        version: 1,
        jobId: job.id,
        error: null,
        entries: [{ index: 0, status: 'copied', bytes: 30_000, sha256: sha256(body), error: null }],
      },
    });
    expect(await services.transfers!.detail(admin, job.id)).toEqual(failed);
    expect((await quiet.catalog.getAsset(asset.id))!.locations).toEqual({});
    expect(await services.transfers!.sweep(new Date(Date.parse(job.deadline) + 60_000))).toBe(0);
  });

  it('times out a job when it is read after its deadline, as the cloud does without a timer', async () => {
    const { bay, asset } = await quietFixture();
    const job = await quiet.services.transfers!.start(admin, {
      operation: 'copy',
      workstationId: bay.id,
      assetIds: [asset.id],
      folderPaths: [],
    });
    ahead = Date.parse(job.deadline) - Date.now() + 1000;
    try {
      const listed = await quiet.services.transfers!.list(admin, { limit: 50 });
      expect(listed.jobs.find((each) => each.id === job.id)).toMatchObject({
        state: 'failed',
        reason: 'timed out: the workstation did not report back within 15 minutes',
        failedCount: 1,
      });
      expect((await quiet.catalog.getTransfer(job.id))?.state).toBe('failed');
      expect((await quiet.services.transfers!.detail(admin, job.id)).files?.map((file) => file.state)).toEqual(['failed']);
    } finally {
      ahead = 0;
    }
  });

  it('refuses to send two names that differ only in case to a Windows share, naming both', async () => {
    await quietFixture();
    const windows = await quiet.services.workstations!.create(admin, {
      name: 'Avid bay',
      platform: 'windows',
      instanceId: 'i-0123456789abcdef0',
      shareRoot: 'D:\\Media',
      groups: [],
    });
    expect((await quiet.services.workstations!.list(admin)).platforms).toEqual(['local', 'windows']);
    const quietS3 = createLocalS3Client(quiet.profile.s3.endpoint!);
    for (const key of ['Show Q/Case/Take 1.mov', 'Show Q/Case/TAKE 1.mov']) {
      await quietS3.send(new PutObjectCommand({ Bucket: quiet.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
    }
    quietS3.destroy();
    await quiet.storage.idle();
    const before = launches.length;
    await expect(
      quiet.services.transfers!.start(admin, { operation: 'copy', workstationId: windows.id, assetIds: [], folderPaths: ['Show Q/Case/'] }),
    ).rejects.toThrow(/"Show Q\/Case\/(TAKE|Take) 1.mov" and "Show Q\/Case\/(TAKE|Take) 1.mov" would be one file on a Windows share/);
    expect(launches).toHaveLength(before);
    expect(
      (await quiet.catalog.listTransfers({ limit: 50, cursor: null })).items.filter((job) => job.workstation.id === windows.id),
    ).toEqual([]);
  });

  it('shows the bytes reported while a file copies, and cancels a job: the executor is told, what had not ended is cancelled', async () => {
    const { bay, asset } = await quietFixture();
    const job = await quiet.services.transfers!.start(admin, {
      operation: 'copy',
      workstationId: bay.id,
      assetIds: [asset.id],
      folderPaths: [],
    });
    quiet.services.transfers!.progress(job.id, 0, 1234);
    const running = await quiet.services.transfers!.detail(admin, job.id);
    expect(running).toMatchObject({ state: 'running', bytesDone: 1234 });
    expect(running.files?.map((file) => [file.state, file.bytesDone])).toEqual([['running', 1234]]);
    // Progress lives in memory only: the stored job still says pending.
    expect((await quiet.catalog.getTransfer(job.id))?.files.map((file) => file.state)).toEqual(['pending']);

    const cancelled = await quiet.services.transfers!.cancel(admin, job.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', reason: 'cancelled by admin@example.com', bytesDone: 0 });
    expect(cancelled.files?.map((file) => [file.state, file.reason])).toEqual([['cancelled', null]]);
    expect(cancels.at(-1)).toBe(job.id);
    const finishes = (await quiet.catalog.listAudit({ limit: 10, cursor: null, action: 'transfer.finish', targetPrefix: job.id })).items;
    expect(finishes.map((event) => event.details['state'])).toEqual(['cancelled']);
  });

  it('runs a job that a stop left running again at the next start, and finishes it', async () => {
    const { bay, asset, body } = await quietFixture();
    const job = await quiet.services.transfers!.start(admin, {
      operation: 'copy',
      workstationId: bay.id,
      assetIds: [asset.id],
      folderPaths: [],
    });
    await quiet.stop();
    // The same data, now with the real local executor.
    quiet = await startTestStack({ dataDir: quietData.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
    let detail = await quiet.services.transfers!.detail(admin, job.id);
    for (let waited = 0; detail.state === 'running' && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      detail = await quiet.services.transfers!.detail(admin, job.id);
    }
    expect(detail.state).toBe('succeeded');
    expect(detail.files?.map((file) => file.state)).toEqual([expect.stringMatching(/^(copied|present)$/)]);
    expect((await readFile(path.join(share, 'Show Q', 'clip.mov'))).equals(body)).toBe(true);
    expect((await quiet.catalog.getAsset(asset.id))!.locations).toEqual({ [bay.id]: 'S3_FSX' });
  });
});
