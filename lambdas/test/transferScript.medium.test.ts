import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
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
import { awsCliEnv, HOSTILE_NAMES as HOSTILE, startTestS3, type TestS3 } from '../../scripts/testing/s3';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The Linux workstation script, run for real: POSIX sh (dash), Debian's aws CLI against the
// local S3 stand-in, a temporary folder as the edit share. Hostile names must arrive
// byte-for-byte and nothing in them may run.
const exec = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/transfers/scripts/rushes-transfer.sh');
const BUCKET = 'rushes-media';
const AWS = process.env['BENCH_AWS'] ?? '/usr/bin/aws';
const haveAws = existsSync(AWS);
/** Mounting a tiny tmpfs (in a private mount namespace) needs root, as CI is. */
const canMount = process.getuid?.() === 0;

let local: TestS3;
let s3: S3Client;
let work: string;
let jobs = 0;

beforeAll(async () => {
  local = await startTestS3([BUCKET]);
  s3 = local.s3;
  work = await mkdtemp(path.join(os.tmpdir(), 'rushes-transfer-'));
});

afterAll(async () => {
  await local?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function put(key: string, body: Buffer): Promise<TransferEntry> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return { key, path: key, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

async function xxh64Of(bytes: Buffer): Promise<string> {
  const hasher = await createHasher(['xxh64']);
  hasher.update(bytes);
  return hasher.digest().xxh64!;
}

/**
 * A folder that stands for the whole PATH but for `program`: a link to every other program on
 * it, first one of a name winning as in a PATH search. For a workstation without that program
 * whatever this machine has installed.
 */
async function pathWithout(program: string): Promise<string> {
  const bin = await mkdtemp(path.join(work, 'path-without-'));
  const seen = new Set([program]);
  for (const dir of (process.env['PATH'] ?? '').split(':').filter(Boolean)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      await symlink(path.join(dir, name), path.join(bin, name));
    }
  }
  return bin;
}

/** A folder with `xxhsum` in it (support/xxhsum.mjs), to put first on PATH. */
async function xxhsumFolder(): Promise<string> {
  const bin = path.join(work, 'bin');
  await mkdir(bin, { recursive: true });
  const program = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/xxhsum.mjs');
  await writeFile(path.join(bin, 'xxhsum'), `#!/bin/sh\nexec '${process.execPath}' '${program}' "$@"\n`);
  await chmod(path.join(bin, 'xxhsum'), 0o755);
  return bin;
}

/** Writes the manifest to S3 and runs the script as the SSM document would (optionally inside a private mount namespace). */
async function runJob(
  operation: TransferOperation,
  shareRoot: string,
  entries: TransferEntry[],
  wrap?: (command: string[]) => string[],
  pathFirst?: string,
  pathInstead?: string,
): Promise<TransferResult> {
  jobs += 1;
  const jobId = `job-${String(jobs).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
  const prefix = `transfers/${jobId}/`;
  const manifest = writeTransferManifest({ version: 1, jobId, operation, bucket: BUCKET, shareRoot, entries });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}manifest.json`, Body: manifest }));
  const command = ['sh', SCRIPT, `s3://${BUCKET}/${prefix}manifest.json`, jobId];
  const [file, ...args] = wrap ? wrap(command) : command;
  await exec(file!, args, {
    cwd: work,
    env: {
      PATH: pathInstead ?? (pathFirst ? `${pathFirst}:${process.env['PATH']}` : process.env['PATH']),
      HOME: work,
      TMPDIR: work,
      ...awsCliEnv(local.endpoint),
    },
  });
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}result.json` }));
  return TransferResultSchema.parse(JSON.parse(await answer.Body!.transformToString()));
}

async function newShare(name: string): Promise<string> {
  const share = path.join(work, name);
  await mkdir(share, { recursive: true });
  return share;
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe.skipIf(!haveAws)('the Linux transfer script (sh + aws CLI)', { timeout: heavyTimeout(240_000) }, () => {
  it('copies hostile names intact, keeps the folders, verifies, and runs nothing', async () => {
    const entries = await Promise.all(HOSTILE.map((key, i) => put(key, randomBytes(1000 + i))));
    const share = await newShare('share-copy');
    const result = await runJob('copy', share, entries);
    expect(result.error).toBeNull();
    expect(result.entries.map((e) => [e.index, e.status, e.error])).toEqual(entries.map((_, i) => [i, 'copied', null]));
    expect(await filesUnder(share)).toEqual([...HOSTILE].sort());
    for (const [i, entry] of entries.entries()) {
      const bytes = await readFile(path.join(share, entry.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
      // The MD5 for the MHL generation is of the bytes on the share too.
      expect(result.entries[i]).toMatchObject({
        bytes: entry.size,
        sha256: entry.sha256,
        md5: createHash('md5').update(bytes).digest('hex'),
      });
    }
    // Nothing in a name ran: no file made by `touch` anywhere.
    const everywhere = await readdir(work, { recursive: true });
    expect(everywhere.filter((name) => /(^|\/)pwned2?$/.test(name))).toEqual([]);

    const again = await runJob('copy', share, entries);
    expect(again.entries.map((e) => e.status)).toEqual(entries.map(() => 'present'));
  });

  it('removes only files whose checksum still matches, and the folders it emptied', async () => {
    const entries = await Promise.all(
      ['Show B/Day 1/A001.mov', 'Show B/Day 1/A002.mov', 'Show B/Day 2/B001.mov'].map((key) => put(key, randomBytes(2000))),
    );
    const share = await newShare('share-remove');
    await runJob('copy', share, entries);
    await appendFile(path.join(share, 'Show B/Day 1/A002.mov'), 'an editor changed this');
    const removed = await runJob('remove', share, entries);
    expect(removed.entries.map((e) => e.status)).toEqual(['removed', 'changed', 'removed']);
    expect(removed.entries[1]!.error).toMatch(/left in place/);
    expect(await filesUnder(share)).toEqual(['Show B/Day 1/A002.mov']);
    expect(existsSync(path.join(share, 'Show B/Day 2'))).toBe(false);
    expect(existsSync(share)).toBe(true);
    const gone = await runJob('remove', share, [entries[0]!]);
    expect(gone.entries[0]!.status).toBe('absent');
  });

  it('fails with a reason: missing share, checksum mismatch, a different file in the way, a file gone from storage', async () => {
    const clipBytes = randomBytes(500);
    const [entry] = await Promise.all([put('Show C/clip.mov', clipBytes)]);
    const missing = await runJob('copy', path.join(work, 'no-such-share'), [entry!]);
    expect(missing.error).toBe('the share root does not exist on this workstation');
    expect(missing.entries).toEqual([
      {
        index: 0,
        status: 'failed',
        bytes: null,
        sha256: null,
        md5: null,
        xxh64: null,
        error: 'the share root does not exist on this workstation',
      },
    ]);

    const share = await newShare('share-failures');
    const wrong = await runJob('copy', share, [{ ...entry!, sha256: 'f'.repeat(64) }]);
    expect(wrong.entries[0]).toMatchObject({
      status: 'failed',
      error: 'checksum mismatch after copy',
      sha256: entry!.sha256,
      md5: createHash('md5').update(clipBytes).digest('hex'),
    });
    expect(await filesUnder(share)).toEqual([]); // no partial file left behind

    await mkdir(path.join(share, 'Show C'), { recursive: true });
    await appendFile(path.join(share, 'Show C/clip.mov'), 'someone else’s file');
    const blocked = await runJob('copy', share, [entry!]);
    expect(blocked.entries[0]).toMatchObject({ status: 'failed', error: 'a different file is already at that path on the share' });
    expect(await readFile(path.join(share, 'Show C/clip.mov'), 'utf8')).toBe('someone else’s file');

    const vanished = await runJob('copy', share, [{ ...entry!, key: 'Show C/never uploaded.mov', path: 'Show C/never uploaded.mov' }]);
    expect(vanished.entries[0]).toMatchObject({ status: 'failed', error: 'the file is no longer in storage' });
  });

  it("verifies with the upload's xxh64 when the entry has one and xxhsum is installed, else with the SHA-256", async () => {
    const bytes = randomBytes(300_000);
    const entry = { ...(await put('Show E/A001.mov', bytes)), xxh64: await xxh64Of(bytes) };
    const bin = await xxhsumFolder();

    const withXxhsum = await newShare('share-xxh64');
    const copied = await runJob('copy', withXxhsum, [entry], undefined, bin);
    // What was verified is what is reported: the xxh64 alone, no SHA-256 or MD5 computed.
    expect(copied.entries[0]).toEqual({
      index: 0,
      status: 'copied',
      bytes: bytes.length,
      sha256: null,
      md5: null,
      xxh64: entry.xxh64,
      error: null,
    });
    expect(await readFile(path.join(withXxhsum, entry.path))).toEqual(bytes);
    const again = await runJob('copy', withXxhsum, [entry], undefined, bin);
    expect(again.entries[0]).toMatchObject({ status: 'present', sha256: null, xxh64: entry.xxh64 });

    const wrong = await runJob('copy', await newShare('share-xxh64-wrong'), [{ ...entry, xxh64: '0'.repeat(16) }], undefined, bin);
    expect(wrong.entries[0]).toMatchObject({ status: 'failed', error: 'checksum mismatch after copy', sha256: null, xxh64: entry.xxh64 });

    // No xxhsum on this workstation: the SHA-256 (and the MD5 beside it), as before.
    const without = await runJob('copy', await newShare('share-no-xxhsum'), [entry], undefined, undefined, await pathWithout('xxhsum'));
    expect(without.entries[0]).toMatchObject({
      status: 'copied',
      sha256: entry.sha256,
      md5: createHash('md5').update(bytes).digest('hex'),
      xxh64: null,
    });

    await appendFile(path.join(withXxhsum, entry.path), 'changed');
    const removed = await runJob('remove', withXxhsum, [entry], undefined, bin);
    expect(removed.entries[0]).toMatchObject({ status: 'changed' });
    // Six jobs, each a few aws CLI starts (seconds apiece on a loaded machine).
  });

  it.skipIf(!canMount)('reports a full share and a read-only share (a tiny tmpfs in a private mount namespace)', async () => {
    const big = await put('Show D/big.mov', randomBytes(2 * 1024 * 1024));
    const full = await newShare('share-full');
    const inTmpfs = (options: string) => (command: string[]) => [
      'unshare',
      '-m',
      'sh',
      '-c',
      `mount -t tmpfs -o ${options} tmpfs "$0" && exec "$@"`,
      full,
      ...command,
    ];
    const result = await runJob('copy', full, [big], inTmpfs('size=1m'));
    expect(result.entries[0]).toMatchObject({ status: 'failed', error: 'the share is full' });
    const readOnly = await runJob('copy', full, [big], inTmpfs('ro,size=8m'));
    expect(readOnly.entries[0]).toMatchObject({ status: 'failed', error: 'the share is read-only' });
  });
});
