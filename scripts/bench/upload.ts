// Benchmark `upload`: one 4 GiB file (random bytes, made once in a temp folder, removed
// after) to the local S3 endpoint (s3rver) by our upload manager, then by Debian's
// `aws s3 cp`, in the same run against the same stack. Ours runs in a child process like
// the desktop's main process, so it does not share an event loop with s3rver; awscli is a
// process of its own too. Ours is timed from start() to the catalog's upload-complete, so
// it includes the SHA-256 (read alongside the parts) and tagging the object with it;
// awscli computes no whole-file checksum. The two take turns for a few rounds (rounds.ts).
// Then the same against the bench's sink (sink.ts), an endpoint that keeps nothing, which
// shows each client's own ceiling (ours is timed to the session's end there, as the sink has
// nothing for the catalog), and the file through a plain loopback socket, the physical limit.
// Targets: ratio ≥ 1.2, rss_mb ≤ 300.
import { randomFill } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../testing/people';
import { awsCliEnv } from '../testing/s3';
import { run, runWorker } from './lib/child';
import { loopbackSeconds } from './lib/loopback';
import { benchRounds, compare, range, ratioFields, runRounds, spreadOf } from './lib/rounds';
import { startSink } from './lib/sink';

const GIB = 1024 ** 3;
const SIZE_GIB = Number(process.env['BENCH_UPLOAD_GIB'] ?? 4);
const SIZE = Math.round(SIZE_GIB * GIB);
const AWS = process.env['BENCH_AWS'] ?? '/usr/bin/aws';
/** A folder for V8 CPU profiles of our sink runs (`--cpu-prof`): where our CPU per GiB goes. */
const PROFILE_DIR = process.env['BENCH_UPLOAD_PROFILE'];
const ROUNDS = benchRounds();
const fill = promisify(randomFill);

interface OurUpload {
  seconds: number;
  firstPartSeconds: number;
  completeSeconds: number;
  bytes: number;
  maxRssMb: number;
  cpuSeconds: number;
  memory: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };
}

/** One awscli run: its time, and its CPU (user + system, from GNU time) to set beside ours per GiB. */
interface CliRun {
  seconds: number;
  cpuSeconds: number;
}

const data = await tempDataDir('rushes-bench-upload-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: 'bench@example.com', adminPassword: TEST_PASSWORD });
const s3 = createLocalS3Client(stack.profile.s3.endpoint!);
const sink = await startSink();
try {
  const file = path.join(data.dir, 'A001C001_bench.bin');
  const made = performance.now();
  const handle = await open(file, 'w');
  // One random 64 MiB block, stamped with its index each time: nothing on the way compresses
  // or deduplicates, so this costs what fresh random bytes would without generating 4 GiB of them.
  const chunk = Buffer.allocUnsafe(64 * 1024 ** 2);
  await fill(chunk);
  for (let written = 0, index = 0; written < SIZE; written += chunk.length, index += 1) {
    chunk.writeUInt32BE(index, 0);
    await handle.write(chunk, 0, Math.min(chunk.length, SIZE - written));
  }
  await handle.close();
  console.log(`made a ${SIZE_GIB} GiB random file in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  const { tokens, call } = await signInPeople(stack, { admin: { email: 'bench@example.com', groups: [], existing: true } });
  if ((await call('admin', 'createFolder', { body: { parentPath: '', name: 'Bench' } })).status !== 200)
    throw new Error('could not create the Bench folder');
  const mbps = (seconds: number) => SIZE / 1e6 / seconds;
  const bucket = stack.profile.s3.mediaBucket;

  const ours = async (sinkEndpoint?: string) => {
    const result = await runWorker<OurUpload>(
      'uploadWorker',
      {
        BENCH_API_URL: stack.profile.apiUrl,
        BENCH_TOKEN: tokens.admin,
        BENCH_FILE: file,
        BENCH_FOLDER: 'Bench/',
        ...(sinkEndpoint ? { BENCH_SINK_ENDPOINT: sinkEndpoint } : {}),
      },
      PROFILE_DIR && sinkEndpoint ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
    );
    if (result.bytes !== SIZE) throw new Error(`ours uploaded ${result.bytes} of ${SIZE} bytes`);
    return result;
  };
  // --cli-read-timeout 0: s3rver may take longer than the aws CLI's default 60 s to answer
  // CompleteMultipartUpload of 4 GiB when it has to copy the parts.
  const cpuFile = path.join(data.dir, 'awscli.time');
  const awscli = async (endpoint: string): Promise<CliRun> => {
    const started = performance.now();
    await run(
      '/usr/bin/time',
      [
        '-f',
        '%U %S',
        '-o',
        cpuFile,
        AWS,
        's3',
        'cp',
        '--only-show-errors',
        '--cli-read-timeout',
        '0',
        '--endpoint-url',
        endpoint,
        file,
        `s3://${bucket}/Bench/awscli.bin`,
      ],
      { ...process.env, ...awsCliEnv() },
    );
    const seconds = (performance.now() - started) / 1000;
    const [user, system] = (await readFile(cpuFile, 'utf8')).trim().split(/\s+/).map(Number);
    return { seconds, cpuSeconds: (user ?? NaN) + (system ?? NaN) };
  };
  const perGib = (cpuSeconds: number) => (cpuSeconds / (SIZE / GIB)).toFixed(2);
  const heap = (mine: OurUpload) =>
    `heap ${mine.memory.heapUsedMb.toFixed(0)}/${mine.memory.heapTotalMb.toFixed(0)} MB, buffers ${mine.memory.arrayBuffersMb.toFixed(0)} MB`;

  // Against s3rver, as a user's upload to the local stack: each object is removed after its run.
  const local = await runRounds(ROUNDS, {
    ours: async () => {
      const result = await ours();
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `Bench/${path.basename(file)}` }));
      return result;
    },
    baseline: async () => {
      const cli = await awscli(stack.profile.s3.endpoint!);
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'Bench/awscli.bin' }));
      return cli;
    },
    onRound: (round, mine, theirs) =>
      console.log(
        `round ${round} (s3rver): ours ${mine.seconds.toFixed(1)} s, ${mbps(mine.seconds).toFixed(0)} MB/s, peak RSS ${mine.maxRssMb.toFixed(0)} MB (${heap(mine)}), ` +
          `CPU ${perGib(mine.cpuSeconds)} s/GiB (first part after ${mine.firstPartSeconds.toFixed(1)} s, s3rver's CompleteMultipartUpload ${mine.completeSeconds.toFixed(1)} s); ` +
          `awscli ${theirs.seconds.toFixed(1)} s, ${mbps(theirs.seconds).toFixed(0)} MB/s, CPU ${perGib(theirs.cpuSeconds)} s/GiB (default 8 MB parts × 10)`,
      ),
  });
  // Against the sink: what each client can do when the endpoint costs nothing.
  const sunk = await runRounds(ROUNDS, {
    ours: () => ours(sink.endpoint),
    baseline: () => awscli(sink.endpoint),
    onRound: (round, mine, theirs) =>
      console.log(
        `round ${round} (sink): ours ${mbps(mine.seconds).toFixed(0)} MB/s, peak RSS ${mine.maxRssMb.toFixed(0)} MB (${heap(mine)}), CPU ${perGib(mine.cpuSeconds)} s/GiB; ` +
          `awscli ${mbps(theirs.seconds).toFixed(0)} MB/s, CPU ${perGib(theirs.cpuSeconds)} s/GiB`,
      ),
  });
  // At least every byte of every run (a part sent again after a failure counts twice).
  if (sink.bytesIn < 2 * (ROUNDS + 1) * SIZE) throw new Error(`the sink received only ${sink.bytesIn} bytes`);
  const loopback: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const seconds = await loopbackSeconds({ send: 'file', file, bytes: SIZE });
    if (round > 0) loopback.push(mbps(seconds));
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
  const medianPerGib = (runs: { cpuSeconds: number }[]) => perGib(spreadOf(runs.map((one) => one.cpuSeconds)).median);
  console.log(`loopback (plain socket, the same file): ${loopbackMbps.median.toFixed(0)} MB/s, spread ${range(loopbackMbps, 0)}`);
  console.log(
    `upload: size_gib=${SIZE_GIB} ours_mbps=${result.ours.median.toFixed(1)} awscli_mbps=${result.baseline.median.toFixed(1)} ${ratioFields(result)} ` +
      `rss_mb=${Math.max(...local.ours.map((mine) => mine.maxRssMb), ...sunk.ours.map((mine) => mine.maxRssMb)).toFixed(0)} sink_ratio=${sinkResult.ratio.toFixed(2)} ` +
      `sink_spread=${range(sinkResult.ratioSpread, 2)} sink_mbps=${sinkResult.ours.median.toFixed(1)} sink_awscli_mbps=${sinkResult.baseline.median.toFixed(1)} ` +
      `loopback_mbps=${loopbackMbps.median.toFixed(1)} cpu_s_per_gib=${medianPerGib(local.ours)} awscli_cpu_s_per_gib=${medianPerGib(local.baseline)} ` +
      `sink_cpu_s_per_gib=${medianPerGib(sunk.ours)} sink_awscli_cpu_s_per_gib=${medianPerGib(sunk.baseline)}`,
  );
} finally {
  await sink.stop();
  s3.destroy();
  await stack.stop();
  await data.remove();
}
