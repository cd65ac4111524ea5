// Benchmark `ingest`: one 60 s 1080p ProRes 422 clip (made once with ffmpeg, cached in the
// temp folder). Ours: the local stack's whole pipeline, from the moment the object's upload
// completes (PutObject answered) to the asset being `ready` in the catalog: storage event,
// catalog record, ffprobe and ffmpeg streaming the object from the local S3 endpoint,
// derivatives stored in the derived bucket, catalog updated. The clip's folder has a look (a
// 33³ LUT and a CDL) and burn-ins (timecode, clip name, a watermark), so ingest makes the
// graded proxy, thumbnail and filmstrip beside the as-shot ones. Baseline, same run: the same
// ffprobe and ffmpeg commands (ffmpegArguments with the same filter graph: one decode for
// both sets, lut3d and drawtext) run bare on the file on disk, the baked cube and burn-in texts
// already on disk. The two are interleaved in rounds (rounds.ts). Target: ratio ≤ 1.15.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BURN_IN_SPEC, DERIVED_FILES, formatCube } from '@rushes/shared';
import { ffmpegArguments } from '../../lambdas/src/adapters/ffmpeg/ffmpegTranscoder';
import { burnInTexts, type LookFiles } from '../../lambdas/src/adapters/ffmpeg/lookFilters';
import { parseFfprobe, type FfprobeOutput } from '../../lambdas/src/adapters/ffmpeg/ffprobe';
import { SOURCE_PROTOCOLS, decodableCodecs, findFfmpegTools } from '../../lambdas/src/adapters/ffmpeg/tools';
import { AuditLog } from '../../lambdas/src/core/audit';
import { planDerivatives } from '../../lambdas/src/core/derivativePlan';
import { effectiveLook } from '../../lambdas/src/core/looks/effective';
import { Looks } from '../../lambdas/src/core/looks/looks';
import { createLocalObjectStore, createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { systemClock } from '../../lambdas/src/ports';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { fixture } from '../testing/mediaFixtures';
import { run } from './lib/child';
import { showLut } from './lib/showLut';
import { benchRounds, compare, ratioFields, runRounds } from './lib/rounds';

const KEY = 'Bench/Day 1/A001_C001_60s.mov';
const FOLDER = 'Bench/Day 1/';

const tools = findFfmpegTools();
if (!tools) throw new Error('no ffmpeg found: sudo apt-get install -y ffmpeg');
console.log(`ffmpeg: ${tools.ffmpeg} (${tools.source}): ${tools.version}`);
const clip = await fixture('bench-60s.mov');
const body = await readFile(clip);
console.log(`clip: ${clip} (${(body.length / 1e6).toFixed(0)} MB)`);

const data = await tempDataDir('rushes-bench-');
const scratch = await mkdtemp(path.join(os.tmpdir(), 'rushes-bench-ingest-'));
const stack = await startTestStack({ dataDir: data.dir, ingest: true });
const s3 = createLocalS3Client(stack.profile.s3.endpoint!);
const ROUNDS = benchRounds();
try {
  const decodable = await decodableCodecs(tools.ffmpeg);
  // The folder's look, set as a media manager would set it through the API.
  const at = new Date().toISOString();
  for (const folder of ['Bench/', FOLDER]) {
    await stack.catalog.createFolder({
      path: folder,
      name: folder.split('/').at(-2)!,
      aclGroups: ['admin'],
      createdBy: 'bench',
      createdAt: at,
      modifiedAt: at,
    });
  }
  const derived = createLocalObjectStore(s3, stack.profile.s3.derivedBucket);
  await new Looks({
    catalog: stack.catalog,
    derived,
    clock: systemClock,
    audit: new AuditLog({ catalog: stack.catalog, clock: systemClock }),
  }).set(
    { email: 'bench@example.com', groups: ['admin'], userId: 'bench' },
    {
      path: FOLDER,
      cube: { fileName: 'show.cube', text: formatCube(showLut('bench show LUT')) },
      cdl: { slope: [1.05, 1, 0.95], offset: [0.01, 0, -0.01], power: [1, 1, 1], saturation: 0.9 },
      burnIn: { timecode: true, clipName: true, watermark: { text: 'BENCH — NOT FOR DISTRIBUTION', position: 'top-centre' } },
    },
  );
  const look = await effectiveLook(FOLDER, (path) => stack.catalog.getFolder(path));
  const cube = path.join(scratch, 'look.cube');
  const baked = await derived.read(look.colour!.bakedKey);
  const chunks: Uint8Array[] = [];
  for await (const chunk of baked!) chunks.push(chunk);
  await writeFile(cube, Buffer.concat(chunks));
  const lookFiles: LookFiles = { cube, font: BURN_IN_SPEC.fontFile, text: (name) => path.join(scratch, `${name}.txt`) };
  // Each round's clip has its own name, so the clip-name burn-in draws the same text on both sides.
  const roundKey = (round: number) => KEY.replace(/\.mov$/, `-${round}.mov`);
  const { ours, baseline } = await runRounds(ROUNDS, {
    // Ours: upload (not timed), then from upload-complete to ready.
    ours: async (round) => {
      const key = roundKey(round);
      await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: body }));
      const started = performance.now();
      let asset = await stack.catalog.getAssetByKey(key);
      while (asset?.status !== 'ready' && asset?.status !== 'failed') {
        await stack.ingest.idle();
        await new Promise((resolve) => setTimeout(resolve, 10));
        asset = await stack.catalog.getAssetByKey(key);
      }
      if (asset.status !== 'ready') throw new Error(`the clip failed: ${asset.failureReason ?? ''}`);
      return (performance.now() - started) / 1000;
    },
    // Bare: the same commands on the file on disk (the only change: `file` instead of HTTP).
    baseline: async (round) => {
      const started = performance.now();
      const probeArgs = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-protocol_whitelist', 'file', clip];
      const probed = parseFfprobe(JSON.parse(await run(tools.ffprobe, probeArgs)) as FfprobeOutput, decodable);
      const asset = { id: randomUUID(), name: path.basename(roundKey(round)) };
      const plan = planDerivatives(asset, 'video', probed, look);
      if ('failure' in plan) throw new Error(plan.failure);
      if (plan.kind !== 'video' || !plan.graded) throw new Error('the bench folder has no look');
      for (const { name, text } of burnInTexts(plan.graded.burnIn)) {
        await writeFile(lookFiles.text(name), text, 'utf8');
      }
      const output = (file: keyof typeof DERIVED_FILES, graded?: boolean) =>
        path.join(scratch, `${graded ? 'graded-' : ''}${DERIVED_FILES[file].name}`);
      const args = ffmpegArguments(plan, clip, output, lookFiles).map((arg) => (arg === SOURCE_PROTOCOLS ? 'file' : arg));
      await run(tools.ffmpeg, args);
      return (performance.now() - started) / 1000;
    },
    onRound: (round, oursS, bareS) => console.log(`round ${round}: ours ${oursS.toFixed(2)} s, bare ffmpeg ${bareS.toFixed(2)} s`),
  });
  const result = compare(ours, baseline, (oursS, bareS) => oursS / bareS);
  console.log(`ingest: ours_s=${result.ours.median.toFixed(2)} ffmpeg_s=${result.baseline.median.toFixed(2)} ${ratioFields(result, 3)}`);
} finally {
  s3.destroy();
  await stack.stop();
  await data.remove();
  await rm(scratch, { recursive: true, force: true });
}
