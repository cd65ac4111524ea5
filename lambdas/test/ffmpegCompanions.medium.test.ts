import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_SPEC } from '@rushes/shared';
import { FfmpegCompanions, companionArguments } from '../src/adapters/ffmpeg/ffmpegTranscoder';
import { findFfmpegTools } from '../src/adapters/ffmpeg/tools';
import { s3FileStore } from '../src/adapters/s3ObjectStore';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import { startS3Standin, type S3Standin } from '../src/local/s3Standin';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The cloud's filmstrips and waveforms: ffmpeg makes them from a finished proxy in the derived
// bucket (MediaConvert has no such outputs). Run with the system ffmpeg and with the npm build
// the status Lambda carries (ffmpeg 4.1), against the local S3 through presigned URLs.
const BUCKET = 'rushes-derived';
const tools = findFfmpegTools();
const lambdaFfmpeg = (() => {
  try {
    const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    execFileSync(shipped, ['-version']);
    return shipped;
  } catch {
    return null;
  }
})();
const engines = [
  ...(tools ? [['system ffmpeg', tools.ffmpeg] as const] : []),
  ...(lambdaFfmpeg ? [['the Lambda’s npm ffmpeg', lambdaFfmpeg] as const] : []),
];

let standin: S3Standin;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let work: string;
const s3 = () => createLocalS3Client(standin.endpoint);

function ffmpeg(...args: string[]): Buffer {
  return execFileSync(tools!.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
}

/** Width × height of a picture, by ffprobe. */
function sizeOf(file: string): string {
  return execFileSync(
    tools!.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=s=x:p=0', file],
    { encoding: 'utf8' },
  ).trim();
}

/** The raw pixels of one tile of a filmstrip. */
function tile(file: string, index: number): Buffer {
  const { frameWidth: w, frameHeight: h, columns } = PROXY_SPEC.filmstrip;
  return ffmpeg(
    '-i',
    file,
    '-vf',
    `crop=${w}:${h}:${(index % columns) * w}:${Math.floor(index / columns) * h}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  );
}

async function put(key: string, file: string) {
  const client = s3();
  await s3FileStore(client, BUCKET)(key, file, 'video/mp4');
  client.destroy();
}

async function fetchTo(key: string, file: string) {
  const client = s3();
  const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  await writeFile(file, Buffer.from(await answer.Body!.transformToByteArray()));
  client.destroy();
  return answer.ContentType;
}

beforeAll(async () => {
  if (!tools) return;
  data = await tempDataDir();
  work = await mkdtemp(path.join(tmpdir(), 'rushes-companions-'));
  standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets: [BUCKET] });
  // Proxies as MediaConvert writes them: H.264 + AAC MP4 with a keyframe every 2 s, and AAC sound.
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=25:duration=6',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=6',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '50',
    '-c:a',
    'aac',
    '-shortest',
    '-movflags',
    '+faststart',
    path.join(work, 'short.mp4'),
  );
  // Long enough that only keyframes are decoded (small and sparse, so it is quick to make).
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=5:duration=420',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '10',
    '-movflags',
    '+faststart',
    path.join(work, 'long.mp4'),
  );
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=4', '-c:a', 'aac', path.join(work, 'sound.m4a'));
  await put('a1/proxy.mp4', path.join(work, 'short.mp4'));
  await put('a2/proxy.mp4', path.join(work, 'long.mp4'));
  await put('a3/proxy.m4a', path.join(work, 'sound.m4a'));
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a4/proxy.mp4', Body: 'not a video at all' }));
  client.destroy();
}, heavyTimeout(120_000));

afterAll(async () => {
  await standin?.stop();
  await data?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(!tools)('filmstrips and waveforms from a finished proxy (cloud ingest)', { timeout: heavyTimeout(120_000) }, () => {
  const companions = (ffmpegPath: string) => {
    const client = s3();
    const derived = createLocalObjectStore(client, BUCKET);
    return new FfmpegCompanions({
      ffmpeg: ffmpegPath,
      sourceUrl: (key) => derived.presignGet(key, { expiresInSeconds: 600, downloadName: path.basename(key) }),
      store: s3FileStore(client, BUCKET),
      workDir: path.join(work, 'jobs'),
    });
  };

  it('decodes only keyframes of a long proxy, every frame of a short one', () => {
    const args = (seconds: number) =>
      companionArguments({ kind: 'video', proxyKey: 'p', filmstrip: { key: 'f', durationSeconds: seconds } }, 'in', () => 'out');
    expect(args(6)).not.toContain('-skip_frame');
    expect(args(420)).toEqual(expect.arrayContaining(['-skip_frame', 'nokey']));
    expect(args(420).indexOf('-skip_frame')).toBeLessThan(args(420).indexOf('-i'));
  });

  for (const [name, engine] of engines) {
    it(`makes a filmstrip of a short and a long proxy and a waveform of a sound, with ${name}`, async () => {
      const make = companions(engine);
      expect(
        await make.make({ kind: 'video', proxyKey: 'a1/proxy.mp4', filmstrip: { key: 'a1/filmstrip.jpg', durationSeconds: 6 } }),
      ).toEqual({ filmstrip: 'a1/filmstrip.jpg' });
      expect(
        await make.make({ kind: 'video', proxyKey: 'a2/proxy.mp4', filmstrip: { key: 'a2/filmstrip.jpg', durationSeconds: 420 } }),
      ).toEqual({ filmstrip: 'a2/filmstrip.jpg' });
      expect(await make.make({ kind: 'audio', proxyKey: 'a3/proxy.m4a', waveform: { key: 'a3/waveform.png' } })).toEqual({
        waveform: 'a3/waveform.png',
      });

      const { columns, rows, frameWidth, frameHeight } = PROXY_SPEC.filmstrip;
      for (const asset of ['a1', 'a2']) {
        const file = path.join(work, `${asset}-${engines.indexOf(engines.find(([n]) => n === name)!)}.jpg`);
        expect(await fetchTo(`${asset}/filmstrip.jpg`, file)).toBe('image/jpeg');
        expect(sizeOf(file)).toBe(`${columns * frameWidth}x${rows * frameHeight}`);
        // Pictures from across the clip, not one frame a hundred times.
        expect(tile(file, 0).equals(tile(file, columns * rows - 1))).toBe(false);
        expect(tile(file, 10).equals(tile(file, 60))).toBe(false);
      }
      const wave = path.join(work, 'wave.png');
      expect(await fetchTo('a3/waveform.png', wave)).toBe('image/png');
      expect(sizeOf(wave)).toBe(`${PROXY_SPEC.waveform.width}x${PROXY_SPEC.waveform.height}`);
    });
  }

  it('fails on a proxy that is not a video, storing nothing', async () => {
    await expect(
      companions(tools!.ffmpeg).make({
        kind: 'video',
        proxyKey: 'a4/proxy.mp4',
        filmstrip: { key: 'a4/filmstrip.jpg', durationSeconds: 6 },
      }),
    ).rejects.toThrow();
    const client = s3();
    await expect(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a4/filmstrip.jpg' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    client.destroy();
  });
});
