// Benchmark `ingest`: one 60 s 1080p ProRes 422 clip (made once with ffmpeg, cached in the
// temp folder). Ours: the local stack's whole pipeline, from the moment the object's upload
// completes (PutObject answered) to the asset being `ready` in the catalog: storage event,
// catalog record, ffprobe and ffmpeg streaming the object from the local S3 endpoint,
// derivatives stored in the derived bucket, catalog updated. Baseline, same run: the same
// ffprobe and ffmpeg commands (ffmpegArguments, one decode for proxy, thumbnail and
// filmstrip) run bare on the file on disk. The two are interleaved in rounds (rounds.ts).
// Target: ratio ≤ 1.15.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DERIVED_FILES } from '@rushes/shared';
import { ffmpegArguments } from '../../lambdas/src/adapters/ffmpeg/ffmpegTranscoder';
import { parseFfprobe, type FfprobeOutput } from '../../lambdas/src/adapters/ffmpeg/ffprobe';
import { SOURCE_PROTOCOLS, decodableCodecs, findFfmpegTools } from '../../lambdas/src/adapters/ffmpeg/tools';
import { planDerivatives } from '../../lambdas/src/core/ingest';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { fixture } from '../testing/mediaFixtures';
import { benchRounds, compare, ratioFields, runRounds } from './lib/rounds';

const KEY = 'Bench/Day 1/A001_C001_60s.mov';

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`))));
  });
}

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
  const { ours, baseline } = await runRounds(ROUNDS, {
    // Ours: upload (not timed), then from upload-complete to ready.
    ours: async (round) => {
      const key = KEY.replace(/\.mov$/, `-${round}.mov`);
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
    baseline: async () => {
      const started = performance.now();
      const probeArgs = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-protocol_whitelist', 'file', clip];
      const probed = parseFfprobe(JSON.parse(await run(tools.ffprobe, probeArgs)) as FfprobeOutput, decodable);
      const plan = planDerivatives(randomUUID(), 'video', probed);
      if ('failure' in plan) throw new Error(plan.failure);
      const args = ffmpegArguments(plan, clip, (file) => path.join(scratch, DERIVED_FILES[file].name)).map((arg) =>
        arg === SOURCE_PROTOCOLS ? 'file' : arg,
      );
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
