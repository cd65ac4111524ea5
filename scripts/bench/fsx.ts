// Benchmark `fsx`: 4 GiB of media in the local S3 (three 1 GiB clips and 1,000 files of
// 1 MiB, random bytes) copied onto a local "workstation" folder by our LocalTransferExecutor
// (every file streamed into a .rushes-part, SHA-256 and size checked, renamed), then by
// `aws s3 cp --recursive` of the same keys from the same endpoint, what MAPS runs (no
// checksum), in the same run. Ours runs in a child process as the local runtime would, so
// it does not share an event loop with the S3 stand-in; awscli is a process of its own too.
// Ours is timed from start() to finished() (result.json written); awscli from spawn to exit.
//
// Fair warm-up: both read the sources from the page cache (every object file is read once
// before the runs, and 4 GiB fits in memory here), both copy the same 10 small files once
// beforehand (first-run costs: module loading, connections), and `sync` runs before each
// timed run so neither pays for the other's write-back. The page cache is not dropped: that
// would hit everyone else on the machine. Target: ratio ≥ 1.0.
import { spawn } from 'node:child_process';
import { createHash, randomFill, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { writeTransferManifest, type TransferEntry } from '@rushes/shared';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startS3Standin } from '../../lambdas/src/local/s3Standin';
import type { TransferLaunch } from '../../lambdas/src/ports';
import { freePortRange, tempDataDir } from '../testing/localStack';
import { awsCliEnv } from '../testing/s3';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const SIZE_GIB = Number(process.env['BENCH_FSX_GIB'] ?? 4);
/** 3 clips of a quarter of the total each, and the last quarter in 1 MiB files. */
const CLIP_BYTES = Math.round((SIZE_GIB * GIB) / 4);
const SMALL_COUNT = Math.round((SIZE_GIB * GIB) / 4 / MIB);
const AWS = process.env['BENCH_AWS'] ?? '/usr/bin/aws';
const MEDIA = 'rushes-media';
const DERIVED = 'rushes-derived';
const PREFIX = 'Bench/';
const here = path.dirname(fileURLToPath(import.meta.url));
const fill = promisify(randomFill);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const seconds = (since: number) => (performance.now() - since) / 1000;
const cpuSeconds = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1e6).toFixed(1);

const data = await tempDataDir('rushes-bench-fsx-');
const standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets: [MEDIA, DERIVED] });
const s3 = createLocalS3Client(standin.endpoint);
const awsEnv = { ...process.env, ...awsCliEnv() };
try {
  // One random 64 MiB block, stamped with the file and chunk number wherever it is used:
  // nothing on the way compresses or deduplicates, at the cost of one random fill.
  const block = Buffer.allocUnsafe(64 * MIB);
  await fill(block);
  const stamped = (fileNumber: number, chunk: number, length: number, offset = 0) => {
    const copy = Buffer.from(block.subarray(offset, offset + length));
    copy.writeUInt32BE(fileNumber, 0);
    copy.writeUInt32BE(chunk, 4);
    return copy;
  };
  const made = performance.now();
  const entries: TransferEntry[] = [];
  for (let clip = 0; clip < 3; clip += 1) {
    const key = `${PREFIX}Day 1/Card A/A001C00${clip + 1}_251122_R1AB.mov`;
    const hash = createHash('sha256');
    const chunks = function* () {
      for (let offset = 0, chunk = 0; offset < CLIP_BYTES; offset += block.length, chunk += 1) {
        const bytes = stamped(clip, chunk, Math.min(block.length, CLIP_BYTES - offset));
        hash.update(bytes);
        yield bytes;
      }
    };
    await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: Readable.from(chunks()), ContentLength: CLIP_BYTES }));
    entries.push({ key, path: key, size: CLIP_BYTES, sha256: hash.digest('hex') });
  }
  const small: TransferEntry[] = new Array<TransferEntry>(SMALL_COUNT);
  let nextSmall = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = nextSmall++; i < SMALL_COUNT; i = nextSmall++) {
        const key = `${PREFIX}Day 1/Card B/Stills ${String(Math.floor(i / 100)).padStart(2, '0')}/B001_${String(i).padStart(5, '0')}.dpx`;
        const body = stamped(1000 + i, 0, MIB, (i % 63) * MIB);
        await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: body }));
        small[i] = { key, path: key, size: MIB, sha256: createHash('sha256').update(body).digest('hex') };
      }
    }),
  );
  entries.push(...small);
  const totalBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  console.log(`put ${entries.length} objects, ${(totalBytes / GIB).toFixed(2)} GiB, in the local S3 in ${seconds(made).toFixed(1)} s`);

  const share = path.join(data.dir, 'workstation');
  let jobs = 0;
  /** Our executor in its child process over `chosen`, into `dest`. */
  const ours = async (chosen: TransferEntry[], dest: string) => {
    await mkdir(dest, { recursive: true });
    jobs += 1;
    const jobId = `bench-fsx-${jobs}-${randomUUID().slice(0, 8)}`;
    const launch: TransferLaunch = {
      jobId,
      operation: 'copy',
      workstation: { id: 'ws-bench', platform: 'local', instanceId: null, shareRoot: dest },
      manifest: { bucket: DERIVED, key: `transfers/${jobId}/manifest.json` },
      timeoutSeconds: 3600,
    };
    const manifest = writeTransferManifest({ version: 1, jobId, operation: 'copy', bucket: MEDIA, shareRoot: dest, entries: chosen });
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: launch.manifest.key, Body: manifest }));
    // BENCH_FSX_PROFILE=dir: a V8 CPU profile of our process, to see where its time goes.
    const profile = process.env['BENCH_FSX_PROFILE'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_FSX_PROFILE']] : [];
    const out = await run(process.execPath, [...profile, '--import', 'tsx', path.join(here, 'workers', 'fsxWorker.ts')], {
      ...process.env,
      BENCH_S3_ENDPOINT: standin.endpoint,
      BENCH_LAUNCH: JSON.stringify(launch),
      ...(process.env['BENCH_FSX_FILES_AT_ONCE'] ? { BENCH_FILES_AT_ONCE: process.env['BENCH_FSX_FILES_AT_ONCE'] } : {}),
    });
    const answer = JSON.parse(out) as {
      seconds: number;
      statuses: Record<string, number>;
      bytes: number;
      error: string | null;
      cpuSeconds: number;
      maxRssMb: number;
    };
    if (answer.error || answer.statuses['copied'] !== chosen.length) throw new Error(`our copy did not copy everything: ${out}`);
    return answer;
  };
  /** awscli's wall time, and its CPU time as GNU time reports it. */
  const awscli = async (prefix: string, dest: string) => {
    const times = path.join(data.dir, 'awscli-times');
    const started = performance.now();
    await run(
      '/usr/bin/time',
      [
        '-f',
        '%U %S',
        '-o',
        times,
        AWS,
        's3',
        'cp',
        '--recursive',
        '--only-show-errors',
        '--endpoint-url',
        standin.endpoint,
        `s3://${MEDIA}/${prefix}`,
        dest,
      ],
      awsEnv,
    );
    const wall = seconds(started);
    const [user, system] = (await readFile(times, 'utf8')).trim().split(/\s+/).map(Number);
    return { seconds: wall, cpuSeconds: user! + system! };
  };
  /** Files and bytes under `dir`: awscli reports nothing else, so at least count what arrived. */
  const tally = async (dir: string) => {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const sizes = await Promise.all(files.map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).size));
    return { files: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  };

  // Warm-up, the same for both (see the top).
  const warmed = performance.now();
  const objectFiles = (await readdir(path.join(data.dir, 's3', MEDIA), { recursive: true, withFileTypes: true })).filter((entry) =>
    entry.isFile(),
  );
  for (const entry of objectFiles)
    for await (const chunk of createReadStream(path.join(entry.parentPath, entry.name), { highWaterMark: 4 * MIB })) void chunk;
  const warmPrefix = `${PREFIX}Day 1/Card B/Stills 00/B001_0000`;
  await ours(
    small.filter((entry) => entry.key.startsWith(warmPrefix)),
    path.join(data.dir, 'warm-ours'),
  );
  await awscli(warmPrefix, path.join(data.dir, 'warm-awscli'));
  await rm(path.join(data.dir, 'warm-ours'), { recursive: true });
  await rm(path.join(data.dir, 'warm-awscli'), { recursive: true });
  await run('sync', [], process.env);
  console.log(`warm-up (sources read into the page cache, 10 files each) in ${seconds(warmed).toFixed(1)} s`);

  const mbps = (s: number) => totalBytes / 1e6 / s;
  const loadBefore = load();
  // The S3 stand-in runs in this process: its CPU time is what serving each client cost.
  let serving = process.cpuUsage();
  const mine = await ours(entries, share);
  const oursServing = process.cpuUsage(serving);
  const oursTally = await tally(share);
  if (oursTally.files !== entries.length || oursTally.bytes !== totalBytes) throw new Error(`ours left ${JSON.stringify(oursTally)}`);
  console.log(
    `ours:   ${mine.seconds.toFixed(1)} s, ${mbps(mine.seconds).toFixed(0)} MB/s, ${entries.length} files copied and verified, CPU ${mine.cpuSeconds.toFixed(1)} s, peak RSS ${mine.maxRssMb.toFixed(0)} MB; S3 stand-in CPU ${cpuSeconds(oursServing)} s (load ${loadBefore} before)`,
  );
  await rm(share, { recursive: true });
  await run('sync', [], process.env);

  const awsDest = path.join(data.dir, 'awscli');
  const awsLoadBefore = load();
  serving = process.cpuUsage();
  const theirs = await awscli(PREFIX, awsDest);
  const awsSeconds = theirs.seconds;
  const awsServing = process.cpuUsage(serving);
  const awsTally = await tally(awsDest);
  if (awsTally.files !== entries.length || awsTally.bytes !== totalBytes) throw new Error(`awscli left ${JSON.stringify(awsTally)}`);
  console.log(
    `awscli: ${awsSeconds.toFixed(1)} s, ${mbps(awsSeconds).toFixed(0)} MB/s, ${entries.length} files, unverified, CPU ${theirs.cpuSeconds.toFixed(1)} s; S3 stand-in CPU ${cpuSeconds(awsServing)} s (load ${awsLoadBefore} before, ${load()} after)`,
  );

  const oursMbps = mbps(mine.seconds);
  const awsMbps = mbps(awsSeconds);
  console.log(
    `fsx: size_gib=${SIZE_GIB} ours_mbps=${oursMbps.toFixed(1)} awscli_mbps=${awsMbps.toFixed(1)} ratio=${(oursMbps / awsMbps).toFixed(2)}`,
  );
} finally {
  s3.destroy();
  await standin.stop();
  await data.remove();
}
