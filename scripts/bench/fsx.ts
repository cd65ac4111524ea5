// Benchmark `fsx`: 4 GiB of media in the local S3 (three 1 GiB clips and 1,000 files of
// 1 MiB, random bytes) copied onto a local "workstation" folder by our LocalTransferExecutor
// (every file streamed into a .rushes-part, size and xxh64 checked, renamed: the manifest
// carries the xxh64 the upload recorded, as Rushes' own uploads do; BENCH_FSX_VERIFY=sha256
// leaves it out, so SHA-256 and MD5 are computed instead), then by
// `aws s3 cp --recursive` of the same keys from the same endpoint, what MAPS runs (no
// checksum), in the same run. Ours runs in a child process as the local runtime would, so
// it does not share an event loop with the S3 stand-in; awscli is a process of its own too.
// Ours is timed from start() to finished() (result.json written); awscli from spawn to exit.
//
// The two take turns for a few rounds after a warm-up round (rounds.ts), which also brings
// every source object into the page cache for both (4 GiB fits in memory here; the cache is
// not dropped: that would hit everyone else on the machine). `sync` runs before each timed
// run so neither pays for the other's write-back. Then the same against the bench's sink
// (sink.ts: the same keys and sizes, bytes made up per key), each client's own ceiling with
// the disk writes still in, and those bytes through a plain loopback socket, the physical
// limit of the transport. Target: ratio ≥ 1.0.
import { createHash, randomFill, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHasher, writeTransferManifest, type TransferEntry } from '@rushes/shared';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startS3Standin } from '../../lambdas/src/local/s3Standin';
import type { TransferLaunch } from '../../lambdas/src/ports';
import { freePortRange, tempDataDir } from '../testing/localStack';
import { awsCliEnv } from '../testing/s3';
import { run, runWorker } from './lib/child';
import { loopbackSeconds } from './lib/loopback';
import { benchRounds, compare, range, ratioFields, runRounds, spreadOf } from './lib/rounds';
import { generatedStream, startSink } from './lib/sink';

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
const ROUNDS = benchRounds();
const VERIFY = process.env['BENCH_FSX_VERIFY'] ?? 'xxh64';
if (VERIFY !== 'xxh64' && VERIFY !== 'sha256') throw new Error('BENCH_FSX_VERIFY is xxh64 or sha256');
/** The checksums of one file's bytes a manifest entry carries (the xxh64 only when verifying with it). */
const checksums = async (chunks: AsyncIterable<unknown> | Iterable<Buffer>) => {
  const hasher = await createHasher(VERIFY === 'xxh64' ? ['sha256', 'xxh64'] : ['sha256'], (algorithm) => createHash(algorithm));
  for await (const chunk of chunks) hasher.update(chunk as Buffer);
  const { sha256, xxh64 } = hasher.digest();
  return { sha256: sha256!, ...(xxh64 ? { xxh64 } : {}) };
};
const fill = promisify(randomFill);

interface OurCopy {
  seconds: number;
  statuses: Record<string, number>;
  bytes: number;
  error: string | null;
  cpuSeconds: number;
  maxRssMb: number;
}

/** The streams `parts` makes, one after the other, as one stream's chunks. */
async function* concatenated(parts: (() => AsyncIterable<unknown>)[]) {
  for (const part of parts) yield* part();
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
    const chunks = function* () {
      for (let offset = 0, chunk = 0; offset < CLIP_BYTES; offset += block.length, chunk += 1)
        yield stamped(clip, chunk, Math.min(block.length, CLIP_BYTES - offset));
    };
    await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: Readable.from(chunks()), ContentLength: CLIP_BYTES }));
    entries.push({ key, path: key, size: CLIP_BYTES, ...(await checksums(chunks())) });
  }
  const small: TransferEntry[] = new Array<TransferEntry>(SMALL_COUNT);
  let nextSmall = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = nextSmall++; i < SMALL_COUNT; i = nextSmall++) {
        const key = `${PREFIX}Day 1/Card B/Stills ${String(Math.floor(i / 100)).padStart(2, '0')}/B001_${String(i).padStart(5, '0')}.dpx`;
        const body = stamped(1000 + i, 0, MIB, (i % 63) * MIB);
        await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: body }));
        small[i] = { key, path: key, size: MIB, ...(await checksums([body])) };
      }
    }),
  );
  entries.push(...small);
  const totalBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  console.log(`put ${entries.length} objects, ${(totalBytes / GIB).toFixed(2)} GiB, in the local S3 in ${seconds(made).toFixed(1)} s`);

  // The same keys and sizes at the sink, with the sink's own bytes (and so their own hashes).
  const sinkEntries: TransferEntry[] = [];
  for (const entry of entries) sinkEntries.push({ ...entry, ...(await checksums(generatedStream(MEDIA, entry.key, 0, entry.size))) });
  const sink = await startSink({
    generated: entries.map((entry) => ({ bucket: MEDIA, key: entry.key, size: entry.size })),
    keep: (bucket, key) => bucket === DERIVED && key.endsWith('/manifest.json'),
  });
  const sinkS3 = createLocalS3Client(sink.endpoint);

  let jobs = 0;
  /** Our executor in its child process over `chosen`, from `endpoint` into `dest`. */
  const ours = async (chosen: TransferEntry[], dest: string, endpoint: string, client: S3Client) => {
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
    await client.send(new PutObjectCommand({ Bucket: DERIVED, Key: launch.manifest.key, Body: manifest }));
    // BENCH_FSX_PROFILE=dir: a V8 CPU profile of our process, to see where its time goes.
    const profile = process.env['BENCH_FSX_PROFILE'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_FSX_PROFILE']] : [];
    const answer = await runWorker<OurCopy>(
      'fsxWorker',
      {
        BENCH_S3_ENDPOINT: endpoint,
        BENCH_LAUNCH: JSON.stringify(launch),
        ...(process.env['BENCH_FSX_FILES_AT_ONCE'] ? { BENCH_FILES_AT_ONCE: process.env['BENCH_FSX_FILES_AT_ONCE'] } : {}),
        // BENCH_FSX_READS=sdk: every GET through the SDK's stream, the way before direct reads.
        ...(process.env['BENCH_FSX_READS'] ? { BENCH_FSX_READS: process.env['BENCH_FSX_READS'] } : {}),
      },
      profile,
    );
    if (answer.error || answer.statuses['copied'] !== chosen.length)
      throw new Error(`our copy did not copy everything: ${JSON.stringify(answer)}`);
    return answer;
  };
  /** awscli's wall time, and its CPU time as GNU time reports it. */
  const awscli = async (endpoint: string, dest: string) => {
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
        endpoint,
        `s3://${MEDIA}/${PREFIX}`,
        dest,
      ],
      awsEnv,
    );
    const wall = seconds(started);
    const [user, system] = (await readFile(times, 'utf8')).trim().split(/\s+/).map(Number);
    return { seconds: wall, cpuSeconds: user! + system! };
  };
  /** Every file arrived whole (awscli reports nothing else), then the copy is removed for the next run. */
  const checkAndRemove = async (who: string, dir: string) => {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const sizes = await Promise.all(files.map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).size));
    const bytes = sizes.reduce((a, b) => a + b, 0);
    if (files.length !== entries.length || bytes !== totalBytes) throw new Error(`${who} left ${files.length} files, ${bytes} bytes`);
    await rm(dir, { recursive: true });
    // Neither run pays for the other's write-back.
    await run('sync', []);
  };
  /** One side's run: its own figures, and the CPU the endpoint spent serving it when it runs in this process. */
  const measured = async <T>(who: string, dir: string, copy: () => Promise<T>) => {
    await run('sync', []);
    const loadBefore = load();
    const serving = process.cpuUsage();
    const result = await copy();
    const served = process.cpuUsage(serving);
    await checkAndRemove(who, dir);
    return { ...result, servingCpu: cpuSeconds(served), loadBefore };
  };

  const share = path.join(data.dir, 'workstation');
  const awsDest = path.join(data.dir, 'awscli');
  const mbps = (s: number) => totalBytes / 1e6 / s;
  // Against the S3 stand-in (in this process, so its CPU per side is measured too). The
  // warm-up round also brings every source object into the page cache for both sides.
  const local = await runRounds(ROUNDS, {
    ours: () => measured('ours', share, () => ours(entries, share, standin.endpoint, s3)),
    baseline: () => measured('awscli', awsDest, () => awscli(standin.endpoint, awsDest)),
    onRound: (round, mine, theirs) =>
      console.log(
        `round ${round} (s3rver): ours ${mine.seconds.toFixed(1)} s, ${mbps(mine.seconds).toFixed(0)} MB/s, ${entries.length} files copied and verified, ` +
          `CPU ${mine.cpuSeconds.toFixed(1)} s, peak RSS ${mine.maxRssMb.toFixed(0)} MB, S3 stand-in CPU ${mine.servingCpu} s (load ${mine.loadBefore} before); ` +
          `awscli ${theirs.seconds.toFixed(1)} s, ${mbps(theirs.seconds).toFixed(0)} MB/s, unverified, CPU ${theirs.cpuSeconds.toFixed(1)} s, ` +
          `S3 stand-in CPU ${theirs.servingCpu} s (load ${theirs.loadBefore} before)`,
      ),
  });
  // Against the sink: what each client can do when the endpoint costs nothing but the bytes.
  const sunk = await runRounds(ROUNDS, {
    ours: () => measured('ours', share, () => ours(sinkEntries, share, sink.endpoint, sinkS3)),
    baseline: () => measured('awscli', awsDest, () => awscli(sink.endpoint, awsDest)),
    onRound: (round, mine, theirs) =>
      console.log(
        `round ${round} (sink): ours ${mbps(mine.seconds).toFixed(0)} MB/s, CPU ${mine.cpuSeconds.toFixed(1)} s; ` +
          `awscli ${mbps(theirs.seconds).toFixed(0)} MB/s, CPU ${theirs.cpuSeconds.toFixed(1)} s; sink CPU ${mine.servingCpu} s and ${theirs.servingCpu} s`,
      ),
  });
  sinkS3.destroy();
  await sink.stop();
  const loopback: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const secondsTaken = await loopbackSeconds({
      send: 'stream',
      source: () => Readable.from(concatenated(entries.map((entry) => () => generatedStream(MEDIA, entry.key, 0, entry.size)))),
      bytes: totalBytes,
    });
    if (round > 0) loopback.push(mbps(secondsTaken));
  }

  const result = compare(
    local.ours.map((mine) => mbps(mine.seconds)),
    local.baseline.map((theirs) => mbps(theirs.seconds)),
    (mine, theirs) => mine / theirs,
  );
  const sinkResult = compare(
    sunk.ours.map((mine) => mbps(mine.seconds)),
    sunk.baseline.map((theirs) => mbps(theirs.seconds)),
    (mine, theirs) => mine / theirs,
  );
  const loopbackMbps = spreadOf(loopback);
  console.log(`loopback (plain socket, the sink's bytes): ${loopbackMbps.median.toFixed(0)} MB/s, spread ${range(loopbackMbps, 0)}`);
  console.log(
    `fsx: size_gib=${SIZE_GIB} ours_mbps=${result.ours.median.toFixed(1)} awscli_mbps=${result.baseline.median.toFixed(1)} ${ratioFields(result)} ` +
      `sink_ratio=${sinkResult.ratio.toFixed(2)} sink_spread=${range(sinkResult.ratioSpread, 2)} sink_mbps=${sinkResult.ours.median.toFixed(1)} ` +
      `sink_awscli_mbps=${sinkResult.baseline.median.toFixed(1)} loopback_mbps=${loopbackMbps.median.toFixed(1)}`,
  );
} finally {
  s3.destroy();
  await standin.stop();
  await data.remove();
}
