// Benchmark `mhl`: a camera card (BENCH_MHL_GIB, 4 GiB by default, in clips of up to 512 MiB of
// random bytes, made once in a temp folder, removed after) uploaded to the local stack by our
// upload manager without MHL hashing (SHA-256 only, as before) and with it (xxh64 and MD5 in
// the same read, and the card's ASC MHL generation recorded and written to the bucket at the
// end). Each side runs in a child process, like the desktop's main process, in interleaved
// rounds (rounds.ts). Where the time goes: the hash pass alone, read from the page cache,
// with and without the MHL hashes, against the upload's own throughput.
// Target: ratio (with / without) ≤ 1.10.
import { randomFill } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { hashLocalFile } from '../../desktop/src/main/services/uploads/localFiles';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../testing/people';
import { runWorker } from './lib/child';
import { benchRounds, compare, ratioFields, runRounds, spreadOf } from './lib/rounds';

const GIB = 1024 ** 3;
const CLIP_BYTES = 512 * 1024 ** 2;
const SIZE_GIB = Number(process.env['BENCH_MHL_GIB'] ?? 4);
if (!(SIZE_GIB > 0 && SIZE_GIB <= 64))
  throw new Error(`BENCH_MHL_GIB must be a size in GiB above 0 and up to 64, not "${process.env['BENCH_MHL_GIB']}"`);
const SIZE = Math.round(SIZE_GIB * GIB);
const ROUNDS = benchRounds();
const fill = promisify(randomFill);

interface OurUpload {
  seconds: number;
  bytes: number;
  maxRssMb: number;
  cpuSeconds: number;
}

const data = await tempDataDir('rushes-bench-mhl-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: 'bench@example.com', adminPassword: TEST_PASSWORD });
try {
  const card = path.join(data.dir, 'A001R1BN');
  await mkdir(path.join(card, 'CLIPS'), { recursive: true });
  const clips: string[] = [];
  const made = performance.now();
  // One random 64 MiB block, stamped with its index each time: nothing on the way compresses
  // or deduplicates, so this costs what fresh random bytes would.
  const chunk = Buffer.allocUnsafe(64 * 1024 ** 2);
  await fill(chunk);
  for (let clipIndex = 0, written = 0, block = 0; written < SIZE; clipIndex += 1) {
    const clip = path.join(card, 'CLIPS', `A001C${String(clipIndex + 1).padStart(3, '0')}.mov`);
    const handle = await open(clip, 'w');
    const clipSize = Math.min(CLIP_BYTES, SIZE - written);
    for (let inClip = 0; inClip < clipSize; inClip += chunk.length, block += 1) {
      chunk.writeUInt32BE(block, 0);
      await handle.write(chunk, 0, Math.min(chunk.length, clipSize - inClip));
    }
    await handle.close();
    clips.push(clip);
    written += clipSize;
  }
  console.log(`made a ${SIZE_GIB} GiB card of ${clips.length} clips in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  const { tokens, call } = await signInPeople(stack, { admin: { email: 'bench@example.com', groups: [], existing: true } });
  if ((await call('admin', 'createFolder', { body: { parentPath: '', name: 'Bench' } })).status !== 200)
    throw new Error('could not create the Bench folder');
  const mbps = (seconds: number) => SIZE / 1e6 / seconds;

  const upload = async (mhl: boolean) => {
    const result = await runWorker<OurUpload>('uploadWorker', {
      BENCH_API_URL: stack.profile.apiUrl,
      BENCH_TOKEN: tokens.admin,
      BENCH_FILE: card,
      BENCH_FOLDER: 'Bench/',
      BENCH_MHL: mhl ? '1' : '0',
    });
    if (result.bytes !== SIZE) throw new Error(`uploaded ${result.bytes} of ${SIZE} bytes`);
    return result;
  };
  const rounds = await runRounds(ROUNDS, {
    ours: () => upload(true),
    baseline: () => upload(false),
    onRound: (round, mine, theirs) =>
      console.log(
        `round ${round}: with MHL ${mine.seconds.toFixed(1)} s (${mbps(mine.seconds).toFixed(0)} MB/s, RSS ${mine.maxRssMb.toFixed(0)} MB, ` +
          `client CPU ${mine.cpuSeconds.toFixed(1)} s); without ${theirs.seconds.toFixed(1)} s (${mbps(theirs.seconds).toFixed(0)} MB/s, ` +
          `RSS ${theirs.maxRssMb.toFixed(0)} MB, client CPU ${theirs.cpuSeconds.toFixed(1)} s)`,
      ),
  });

  // The hash pass alone (the card is in the page cache by now): what it costs beside the upload.
  const hashSeconds = async (mhl: boolean) => {
    const started = performance.now();
    for (const clip of clips) await hashLocalFile(clip, new AbortController().signal, mhl ? ['sha256', 'xxh64'] : ['sha256']);
    return (performance.now() - started) / 1000;
  };
  const sha256Only = spreadOf([await hashSeconds(false), await hashSeconds(false)]);
  const allHashes = spreadOf([await hashSeconds(true), await hashSeconds(true)]);
  console.log(
    `hash pass alone: sha256 ${mbps(sha256Only.median).toFixed(0)} MB/s, sha256+xxh64 ${mbps(allHashes.median).toFixed(0)} MB/s ` +
      `(one core; the upload runs at ${mbps(spreadOf(rounds.baseline.map((r) => r.seconds)).median).toFixed(0)} MB/s beside it)`,
  );

  const result = compare(
    rounds.ours.map((mine) => mine.seconds),
    rounds.baseline.map((theirs) => theirs.seconds),
    (mine, theirs) => mine / theirs,
  );
  console.log(
    `mhl: size_gib=${SIZE_GIB} upload_s=${result.baseline.median.toFixed(1)} with_mhl_s=${result.ours.median.toFixed(1)} ${ratioFields(result)}`,
  );
} finally {
  await stack.stop();
  await data.remove();
}
