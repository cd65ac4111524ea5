import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHasher,
  TransferResultSchema,
  writeTransferManifest,
  type TransferEntry,
  type TransferOperation,
  type TransferResult,
} from '@rushes/shared';
import { LARGE_FILE_BYTES, LocalTransferExecutor } from '../src/adapters/localTransferExecutor';
import { TransferRefused, type TransferLaunch, type TransferReports } from '../src/ports';
import { HOSTILE_NAMES as HOSTILE, startTestS3, type TestS3 } from '../../scripts/testing/s3';

// The local transfer executor against the real local S3 stand-in and a temporary folder as
// the edit share: the same results and phrases as the Linux script (transferScript.medium).
const exec = promisify(execFile);
const MEDIA = 'rushes-media';
const DERIVED = 'rushes-derived';
const MIB = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
/** Mounting a tmpfs in a private mount namespace needs root (root also ignores file modes). */
const canMount = process.getuid?.() === 0;

let local: TestS3;
let s3: S3Client;
let work: string;
let jobs = 0;

beforeAll(async () => {
  local = await startTestS3([MEDIA, DERIVED]);
  s3 = local.s3;
  work = await mkdtemp(path.join(os.tmpdir(), 'rushes-local-transfer-'));
});

afterAll(async () => {
  await local?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** MD5 of each object put, by key: what the executor must report of the bytes that landed. */
const md5s = new Map<string, string>();

async function put(key: string, body: Buffer): Promise<TransferEntry> {
  await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: body }));
  md5s.set(key, createHash('md5').update(body).digest('hex'));
  return { key, path: key, size: body.length, sha256: sha256(body) };
}

async function xxh64Of(bytes: Buffer): Promise<string> {
  const hasher = await createHasher(['xxh64']);
  hasher.update(bytes);
  return hasher.digest().xxh64!;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the executor told the core. */
class Recorder implements TransferReports {
  readonly progressCalls: { jobId: string; index: number; bytes: number; at: number }[] = [];
  readonly outcomes = new Map<string, Parameters<TransferReports['finished']>[1]>();
  onProgress: (jobId: string, index: number, bytes: number) => void = () => undefined;

  progress(jobId: string, index: number, bytes: number): void {
    this.progressCalls.push({ jobId, index, bytes, at: performance.now() });
    this.onProgress(jobId, index, bytes);
  }

  async finished(jobId: string, outcome: Parameters<TransferReports['finished']>[1]): Promise<void> {
    expect(this.outcomes.has(jobId), 'finished is reported once per job').toBe(false);
    this.outcomes.set(jobId, outcome);
  }
}

function newJobId(): string {
  jobs += 1;
  return `job-${String(jobs).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
}

function launchFor(jobId: string, operation: TransferOperation, shareRoot: string): TransferLaunch {
  return {
    jobId,
    operation,
    workstation: { id: 'ws-local-test', platform: 'local', instanceId: null, shareRoot },
    manifest: { bucket: DERIVED, key: `transfers/${jobId}/manifest.json` },
    timeoutSeconds: 600,
  };
}

async function writeManifest(launch: TransferLaunch, entries: TransferEntry[]): Promise<void> {
  const manifest = writeTransferManifest({
    version: 1,
    jobId: launch.jobId,
    operation: launch.operation,
    bucket: MEDIA,
    shareRoot: launch.workstation.shareRoot,
    entries,
  });
  await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: launch.manifest.key, Body: manifest }));
}

async function storedResult(jobId: string): Promise<TransferResult> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: DERIVED, Key: `transfers/${jobId}/result.json` }));
  return TransferResultSchema.parse(JSON.parse(await answer.Body!.transformToString()));
}

/**
 * Writes the manifest, starts the job, waits for its end; the result that `finished` got
 * must be the one stored next to the manifest.
 */
async function runJob(
  operation: TransferOperation,
  shareRoot: string,
  entries: TransferEntry[],
  options: { filesAtOnce?: number; recorder?: Recorder; executor?: LocalTransferExecutor } = {},
): Promise<TransferResult> {
  const recorder = options.recorder ?? new Recorder();
  const executor =
    options.executor ??
    new LocalTransferExecutor({ s3, reports: recorder, ...(options.filesAtOnce ? { filesAtOnce: options.filesAtOnce } : {}) });
  const launch = launchFor(newJobId(), operation, shareRoot);
  await writeManifest(launch, entries);
  expect(await executor.start(launch)).toEqual({ commandId: null });
  await executor.settled(launch.jobId);
  const outcome = recorder.outcomes.get(launch.jobId);
  if (!outcome || !('result' in outcome)) throw new Error(`the job did not finish with a result: ${JSON.stringify(outcome)}`);
  expect(TransferResultSchema.parse(outcome.result)).toEqual(await storedResult(launch.jobId));
  return outcome.result;
}

async function newShare(name: string): Promise<string> {
  const share = path.join(work, name);
  await mkdir(share, { recursive: true });
  return share;
}

/** Every file below `dir` (links and folders left out), relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('the local transfer executor', () => {
  it('copies hostile names intact into their folders, verified, and runs nothing; a second run finds them present', async () => {
    const entries = await Promise.all(HOSTILE.map((key, i) => put(key, randomBytes(1000 + i))));
    const share = await newShare('share-copy');
    const result = await runJob('copy', share, entries);
    expect(result.error).toBeNull();
    expect(result.entries).toEqual(
      entries.map((entry, index) => ({
        index,
        status: 'copied',
        bytes: entry.size,
        sha256: entry.sha256,
        md5: md5s.get(entry.key),
        error: null,
      })),
    );
    expect(await filesUnder(share)).toEqual([...HOSTILE].sort());
    for (const entry of entries) expect(sha256(await readFile(path.join(share, entry.path)))).toBe(entry.sha256);
    const everywhere = await readdir(work, { recursive: true });
    expect(everywhere.filter((name) => /(^|\/)pwned2?$/.test(name))).toEqual([]);

    const before = await Promise.all(entries.map((entry) => stat(path.join(share, entry.path))));
    const again = await runJob('copy', share, entries);
    expect(again.entries).toEqual(
      entries.map((entry, index) => ({ index, status: 'present', bytes: entry.size, sha256: entry.sha256, error: null })),
    );
    // Present files are left as they are: not downloaded again, not rewritten.
    const after = await Promise.all(entries.map((entry) => stat(path.join(share, entry.path))));
    expect(after.map((s) => [s.ino, s.mtimeMs])).toEqual(before.map((s) => [s.ino, s.mtimeMs]));
  });

  it('resumes after a crash: stale .rushes-part files are replaced, finished files are present', async () => {
    const bodies = [randomBytes(3 * MIB), randomBytes(3 * MIB), randomBytes(3 * MIB)];
    const entries = await Promise.all(['Show R/A001.mov', 'Show R/A002.mov', 'Show R/A003.mov'].map((key, i) => put(key, bodies[i]!)));
    const share = await newShare('share-resume');
    await mkdir(path.join(share, 'Show R'));
    // The crashed run had finished A001 and was half-way through A002.
    await writeFile(path.join(share, 'Show R/A001.mov'), bodies[0]!);
    await writeFile(path.join(share, 'Show R/A002.mov.rushes-part'), bodies[1]!.subarray(0, MIB));
    const result = await runJob('copy', share, entries);
    expect(result.entries.map((e) => e.status)).toEqual(['present', 'copied', 'copied']);
    expect(await filesUnder(share)).toEqual(['Show R/A001.mov', 'Show R/A002.mov', 'Show R/A003.mov']);
    for (const entry of entries) expect(sha256(await readFile(path.join(share, entry.path)))).toBe(entry.sha256);
  });

  it('removes only files whose checksum still matches, reports the rest, and removes the folders it emptied', async () => {
    const entries = await Promise.all(
      ['Show B/Day 1/A001.mov', 'Show B/Day 1/A002.mov', 'Show B/Day 2/Cam A/B001.mov'].map((key) => put(key, randomBytes(2000))),
    );
    const share = await newShare('share-remove');
    await writeFile(path.join(share, 'keep.txt'), 'not ours');
    await runJob('copy', share, entries);
    await appendFile(path.join(share, 'Show B/Day 1/A002.mov'), 'an editor changed this');
    const removed = await runJob('remove', share, entries);
    expect(removed.error).toBeNull();
    expect(removed.entries).toEqual([
      { index: 0, status: 'removed', bytes: 2000, sha256: entries[0]!.sha256, error: null },
      { index: 1, status: 'changed', bytes: null, sha256: null, error: 'the file on the share is not the one sent; it was left in place' },
      { index: 2, status: 'removed', bytes: 2000, sha256: entries[2]!.sha256, error: null },
    ]);
    expect(await filesUnder(share)).toEqual(['Show B/Day 1/A002.mov', 'keep.txt']);
    expect(existsSync(path.join(share, 'Show B/Day 2'))).toBe(false);
    expect(existsSync(share)).toBe(true);

    const gone = await runJob('remove', share, [entries[0]!, entries[2]!]);
    expect(gone.entries.map((e) => [e.status, e.error])).toEqual([
      ['absent', null],
      ['absent', null],
    ]);
  });

  it("verifies with the upload's xxh64 where the entry has one, and reports that hash alone", async () => {
    const bytes = randomBytes(3 * MIB + 11);
    const entry = { ...(await put('Show X/A001.mov', bytes)), xxh64: await xxh64Of(bytes) };
    const share = await newShare('share-xxh64');
    const copied = await runJob('copy', share, [entry]);
    expect(copied.entries).toEqual([{ index: 0, status: 'copied', bytes: bytes.length, sha256: null, xxh64: entry.xxh64, error: null }]);
    expect(await readFile(path.join(share, entry.path))).toEqual(bytes);
    const again = await runJob('copy', share, [entry]);
    expect(again.entries).toEqual([{ index: 0, status: 'present', bytes: bytes.length, sha256: null, xxh64: entry.xxh64, error: null }]);

    // Only the xxh64 is checked when there is one: a wrong one fails the file even with the right SHA-256.
    const elsewhere = await newShare('share-xxh64-wrong');
    const wrong = await runJob('copy', elsewhere, [{ ...entry, xxh64: '0'.repeat(16) }]);
    expect(wrong.entries).toEqual([
      { index: 0, status: 'failed', bytes: bytes.length, sha256: null, xxh64: entry.xxh64, error: 'checksum mismatch after copy' },
    ]);
    expect(await filesUnder(elsewhere)).toEqual([]);

    await appendFile(path.join(share, entry.path), 'changed');
    const removed = await runJob('remove', share, [entry]);
    expect(removed.entries[0]).toMatchObject({ status: 'changed' });
  });

  it('fails a file with the fixed phrase and leaves nothing behind: checksum, size, gone from storage, a different file in the way', async () => {
    const entry = await put('Show C/clip.mov', randomBytes(5000));
    const share = await newShare('share-failures');
    const wrong = await runJob('copy', share, [{ ...entry, sha256: 'f'.repeat(64) }]);
    expect(wrong.entries).toEqual([
      { index: 0, status: 'failed', bytes: 5000, sha256: entry.sha256, md5: md5s.get(entry.key), error: 'checksum mismatch after copy' },
    ]);
    expect(await filesUnder(share)).toEqual([]);

    const short = await runJob('copy', share, [{ ...entry, size: 4999 }]);
    expect(short.entries[0]).toMatchObject({ status: 'failed', error: 'size mismatch after copy' });
    expect(await filesUnder(share)).toEqual([]);

    const vanished = await runJob('copy', share, [{ ...entry, key: 'Show C/never uploaded.mov', path: 'Show C/never uploaded.mov' }]);
    expect(vanished.entries[0]).toMatchObject({ status: 'failed', error: 'the file is no longer in storage' });

    // A large file (the scheduler gives those at most half the slots): the same checks hold.
    const large = await put('Show C/large.mov', Buffer.alloc(LARGE_FILE_BYTES + 3 * MIB + 17, 0x33));
    const largeWrong = await runJob('copy', share, [{ ...large, sha256: 'e'.repeat(64) }]);
    expect(largeWrong.entries).toEqual([
      {
        index: 0,
        status: 'failed',
        bytes: large.size,
        sha256: large.sha256,
        md5: md5s.get(large.key),
        error: 'checksum mismatch after copy',
      },
    ]);
    const largeLonger = await runJob('copy', share, [{ ...large, size: large.size + 20 * MIB }]);
    const largeShorter = await runJob('copy', share, [{ ...large, size: large.size - 1 }]);
    expect([largeLonger.entries[0], largeShorter.entries[0]]).toMatchObject([
      { status: 'failed', error: 'size mismatch after copy' },
      { status: 'failed', error: 'size mismatch after copy' },
    ]);
    expect(await filesUnder(share)).toEqual([]);

    await writeFile(path.join(share, 'Show C/clip.mov'), 'someone else’s file');
    const blocked = await runJob('copy', share, [entry]);
    expect(blocked.entries[0]).toMatchObject({ status: 'failed', error: 'a different file is already at that path on the share' });
    expect(await readFile(path.join(share, 'Show C/clip.mov'), 'utf8')).toBe('someone else’s file');
    expect(await filesUnder(share)).toEqual(['Show C/clip.mov']);
  });

  it('refuses a job when the share root is missing or not a folder, and fails every file when the manifest cannot be used', async () => {
    const executor = new LocalTransferExecutor({ s3, reports: new Recorder() });
    const missing = launchFor(newJobId(), 'copy', path.join(work, 'no-such-share'));
    await expect(executor.start(missing)).rejects.toThrow(new TransferRefused('the share root does not exist on this workstation'));
    const file = path.join(work, 'a-file-not-a-share');
    await writeFile(file, 'x');
    await expect(executor.start(launchFor(newJobId(), 'copy', file))).rejects.toBeInstanceOf(TransferRefused);

    const share = await newShare('share-manifests');
    const recorder = new Recorder();
    const runner = new LocalTransferExecutor({ s3, reports: recorder });
    const unwritten = launchFor(newJobId(), 'copy', share);
    await runner.start(unwritten);
    await runner.settled(unwritten.jobId);
    expect(recorder.outcomes.get(unwritten.jobId)).toEqual({
      result: { version: 1, jobId: unwritten.jobId, error: 'the manifest could not be read from S3', entries: [] },
    });
    expect(await storedResult(unwritten.jobId)).toEqual({
      version: 1,
      jobId: unwritten.jobId,
      error: 'the manifest could not be read from S3',
      entries: [],
    });

    // A manifest written for another job is not run under this one's name.
    const entry = await put('Show M/clip.mov', randomBytes(100));
    const other = launchFor(newJobId(), 'copy', share);
    const mine = launchFor(newJobId(), 'copy', share);
    await writeManifest(other, [entry, entry]);
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: mine.manifest.key, Body: await storedManifest(other) }));
    await runner.start(mine);
    await runner.settled(mine.jobId);
    const failedAll = { status: 'failed', bytes: null, sha256: null, error: 'the manifest belongs to another job' };
    expect(recorder.outcomes.get(mine.jobId)).toEqual({
      result: {
        version: 1,
        jobId: mine.jobId,
        error: 'the manifest belongs to another job',
        entries: [
          { index: 0, ...failedAll },
          { index: 1, ...failedAll },
        ],
      },
    });
    expect(await filesUnder(share)).toEqual([]);
  });

  it('never writes outside the share root: links leading out are refused, links inside are followed, a planted link is not written through', async () => {
    const outside = await newShare('outside-the-share');
    const share = await newShare('share-links');
    await symlink(outside, path.join(share, 'escape'));
    await mkdir(path.join(share, 'Real Day'));
    await symlink(path.join(share, 'Real Day'), path.join(share, 'Alias Day'));
    const escaping = await put('escape/Show/clip.mov', randomBytes(300));
    const inside = await put('Alias Day/clip.mov', randomBytes(300));
    const planted = await put('Show L/planted.mov', randomBytes(300));
    await mkdir(path.join(share, 'Show L'));
    const victim = path.join(outside, 'victim.txt');
    await writeFile(victim, 'must stay');
    await symlink(victim, path.join(share, 'Show L/planted.mov.rushes-part'));

    const result = await runJob('copy', share, [escaping, inside, planted]);
    expect(result.entries.map((e) => [e.status, e.error])).toEqual([
      ['failed', 'the destination path leaves the share'],
      ['copied', null],
      ['copied', null],
    ]);
    expect(await filesUnder(outside)).toEqual(['victim.txt']);
    expect(await readFile(victim, 'utf8')).toBe('must stay');
    expect(sha256(await readFile(path.join(share, 'Real Day/clip.mov')))).toBe(inside.sha256);
    expect(sha256(await readFile(path.join(share, 'Show L/planted.mov')))).toBe(planted.sha256);

    // Remove through a link leading out: nothing outside is touched.
    await writeFile(path.join(outside, 'Show-clip.mov'), 'x');
    const removal = await runJob('remove', share, [{ ...escaping, path: 'escape/Show-clip.mov' }]);
    expect(removal.entries[0]).toMatchObject({ status: 'failed', error: 'the destination path leaves the share' });
    expect(await filesUnder(outside)).toEqual(['Show-clip.mov', 'victim.txt']);
  });

  it('copies many files a few at a time, large and small mixed, with at most 4 progress reports a second', async () => {
    const small = await Promise.all(
      Array.from({ length: 40 }, (_, i) => put(`Show P/Card 1/sidecar ${String(i).padStart(2, '0')}.xml`, randomBytes(20_000 + i))),
    );
    const large = await Promise.all(
      ['Show P/Card 1/A001C001.mov', 'Show P/Card 1/A001C002.mov'].map((key) => put(key, randomBytes(80 * MIB))),
    );
    const entries = [...large, ...small];
    const share = await newShare('share-many');
    const recorder = new Recorder();
    const started = performance.now();
    const result = await runJob('copy', share, entries, { recorder, filesAtOnce: 4 });
    const seconds = (performance.now() - started) / 1000;
    expect(result.entries.every((e) => e.status === 'copied')).toBe(true);
    expect(await filesUnder(share)).toEqual(entries.map((e) => e.path).sort());
    const calls = recorder.progressCalls;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(1 + Math.ceil(seconds * 4));
    for (let i = 1; i < calls.length; i += 1) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(240);
    for (const call of calls) expect(call.bytes).toBeLessThanOrEqual(entries[call.index]!.size);
  });

  it('cancels mid-way through a large file: files done stay, the rest fail "cancelled", no .rushes-part is left', async () => {
    const first = await put('Show X/first.wav', randomBytes(1000));
    const large = await put('Show X/large.mov', Buffer.alloc(256 * MIB, 0x5a));
    const last = await put('Show X/last.wav', randomBytes(1000));
    const share = await newShare('share-cancel');
    const recorder = new Recorder();
    const executor = new LocalTransferExecutor({ s3, reports: recorder, filesAtOnce: 1 });
    const launch = launchFor(newJobId(), 'copy', share);
    await writeManifest(launch, [first, large, last]);
    let cancelling: Promise<void> | undefined;
    recorder.onProgress = (_jobId, index, bytes) => {
      if (index === 1 && bytes > 0 && !cancelling) cancelling = executor.cancel(launch);
    };
    await executor.start(launch);
    await executor.settled(launch.jobId);
    await cancelling;
    const midway = recorder.progressCalls.find((call) => call.index === 1);
    expect(midway?.bytes).toBeLessThan(large.size);
    const outcome = recorder.outcomes.get(launch.jobId);
    expect(outcome).toEqual({
      result: {
        version: 1,
        jobId: launch.jobId,
        error: null,
        entries: [
          { index: 0, status: 'copied', bytes: 1000, sha256: first.sha256, md5: md5s.get(first.key), error: null },
          { index: 1, status: 'failed', bytes: null, sha256: null, error: 'cancelled' },
          { index: 2, status: 'failed', bytes: null, sha256: null, error: 'cancelled' },
        ],
      },
    });
    expect(await storedResult(launch.jobId)).toEqual((outcome as { result: TransferResult }).result);
    expect(await filesUnder(share)).toEqual(['Show X/first.wav']);
  });
});

async function storedManifest(launch: TransferLaunch): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: DERIVED, Key: launch.manifest.key }));
  return answer.Body!.transformToString();
}

/** Runs one job (one file at a time unless told) in a child process inside a private mount namespace with a tmpfs at `mountAt`. */
async function runJobOnTmpfs(share: string, mountAt: string, tmpfsOptions: string, entries: TransferEntry[], filesAtOnce = 1) {
  const launch = launchFor(newJobId(), 'copy', share);
  await writeManifest(launch, entries);
  const child = path.join(here, 'support', 'localTransferChild.ts');
  const { stdout } = await exec(
    'unshare',
    [
      '-m',
      'sh',
      '-c',
      `mount -t tmpfs -o ${tmpfsOptions} tmpfs "$0" && exec "$@"`,
      mountAt,
      process.execPath,
      '--import',
      'tsx',
      child,
      local.endpoint,
      JSON.stringify(launch),
      String(filesAtOnce),
    ],
    { cwd: path.join(here, '..', '..') },
  );
  return JSON.parse(stdout) as { outcome: { result: TransferResult } | { error: string } | null; refused: string | null; files: string[] };
}

describe('the local transfer executor on a full or read-only share', () => {
  if (!canMount) {
    it.skip('needs root to mount a tmpfs in a private mount namespace (skipped: not root)', () => undefined);
    return;
  }

  it('reports a full share and leaves no part file', async () => {
    const big = await put('Show D/big.mov', randomBytes(2 * MIB));
    const small = await put('Show D/small.wav', randomBytes(1000));
    const share = await newShare('share-full');
    const large = await put('Show D/large.mov', Buffer.alloc(LARGE_FILE_BYTES, 0x44));
    // One file at a time: a small file may well fit beside a large one that is failing.
    const run = await runJobOnTmpfs(share, share, 'size=1m', [small, big, large]);
    expect(run.refused).toBeNull();
    expect(run.outcome).toMatchObject({
      result: {
        error: null,
        entries: [
          { index: 0, status: 'copied' },
          { index: 1, status: 'failed', error: 'the share is full' },
          { index: 2, status: 'failed', error: 'the share is full' },
        ],
      },
    });
    expect(run.files).toEqual(['Show D/small.wav']);
  });

  it('reports a read-only folder, and refuses a share that is read-only as a whole', async () => {
    const clip = await put('Locked/clip.mov', randomBytes(1000));
    const share = await newShare('share-read-only');
    await mkdir(path.join(share, 'Locked'));
    const run = await runJobOnTmpfs(share, path.join(share, 'Locked'), 'ro,size=1m', [clip]);
    expect(run.outcome).toMatchObject({
      result: { error: null, entries: [{ index: 0, status: 'failed', bytes: null, sha256: null, error: 'the share is read-only' }] },
    });
    expect(run.files).toEqual([]);

    const whole = await runJobOnTmpfs(share, share, 'ro,size=1m', [clip]);
    expect(whole.refused).toBe('TransferRefused: the share root is not writable on this workstation');
    expect(whole.outcome).toBeNull();
  });
});

// chmod is kept for machines that run these tests as a normal user, where modes do apply.
describe.skipIf(canMount)('the local transfer executor on a folder without write permission (not root)', () => {
  it('reports permission denied', async () => {
    const clip = await put('Denied/clip.mov', randomBytes(1000));
    const share = await newShare('share-denied');
    await mkdir(path.join(share, 'Denied'));
    await chmod(path.join(share, 'Denied'), 0o555);
    try {
      const result = await runJob('copy', share, [clip]);
      expect(result.entries[0]).toMatchObject({ status: 'failed', error: 'permission denied' });
    } finally {
      await chmod(path.join(share, 'Denied'), 0o755);
    }
  });
});
