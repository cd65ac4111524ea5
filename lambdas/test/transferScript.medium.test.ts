import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TransferResultSchema,
  writeTransferManifest,
  type TransferEntry,
  type TransferOperation,
  type TransferResult,
} from '@rushes/shared';
import { awsCliEnv, HOSTILE_NAMES as HOSTILE, startTestS3, type TestS3 } from '../../scripts/testing/s3';

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

/** Writes the manifest to S3 and runs the script as the SSM document would (optionally inside a private mount namespace). */
async function runJob(
  operation: TransferOperation,
  shareRoot: string,
  entries: TransferEntry[],
  wrap?: (command: string[]) => string[],
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
      PATH: process.env['PATH'],
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

describe.skipIf(!haveAws)('the Linux transfer script (sh + aws CLI)', () => {
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
      { index: 0, status: 'failed', bytes: null, sha256: null, md5: null, error: 'the share root does not exist on this workstation' },
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
