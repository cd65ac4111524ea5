import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROXY_SPEC } from '@rushes/shared';
import { findFfmpegTools } from '../src/adapters/ffmpeg/tools';
import { FilmstripTiler } from '../src/adapters/mediaConvertFilmstrip';
import { MediaConvertTranscoder } from '../src/adapters/mediaConvertTranscoder';
import { s3FileFetch, s3FileStore } from '../src/adapters/s3ObjectStore';
import type { TranscodeRequest } from '../src/ports';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import { startS3Standin, type S3Standin } from '../src/local/s3Standin';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The cloud's look beyond the LUT: the watermark's caption file written to the derived bucket
// (the local S3 here) before the job that burns it in, and the graded filmstrip tiled by ffmpeg
// from the frames MediaConvert captured. Only MediaConvert itself is a stand-in.
const BUCKET = 'rushes-derived';
const tools = findFfmpegTools();
const ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const LOOK = `${ID}/look-0123456789abcdef`;

let standin: S3Standin;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let work: string;
const s3 = () => createLocalS3Client(standin.endpoint);

function ffmpeg(...args: string[]): Buffer {
  return execFileSync(tools!.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  if (!tools) return;
  data = await tempDataDir();
  work = await mkdtemp(path.join(tmpdir(), 'rushes-mclook-'));
  standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets: [BUCKET] });
}, heavyTimeout(60_000));

afterAll(async () => {
  await standin?.stop();
  await data?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(!tools)('MediaConvert looks against the local S3', () => {
  it('writes the watermark caption file, then submits the job burning it into the graded proxy only', async () => {
    const client = new MediaConvertClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const send = vi.spyOn(client, 'send').mockImplementation(async () => ({ Job: { Id: 'job-1' } }) as never);
    const s3client = s3();
    const derived = createLocalObjectStore(s3client, BUCKET);
    const request: TranscodeRequest = {
      assetId: ID,
      sourceKey: 'Show/Day 1/A001_C001.mov',
      plan: {
        kind: 'video',
        proxy: { key: `${ID}/proxy.mp4`, size: { width: 1280, height: 720 }, frameRate: { num: 25, den: 1 }, withAudio: false },
        thumbnail: { key: `${ID}/thumbnail.jpg`, size: { width: 640, height: 360 }, atSeconds: 1 },
        filmstrip: { key: `${ID}/filmstrip.jpg`, durationSeconds: 8.2 },
        graded: {
          lookId: '0123456789abcdef',
          cubeKey: null,
          burnIn: { timecode: null, clipName: null, watermark: { text: 'Property of <Rushes> & Co', position: 'top-right' } },
          proxyKey: `${LOOK}/proxy.mp4`,
          thumbnailKey: `${LOOK}/thumbnail.jpg`,
          filmstripKey: `${LOOK}/filmstrip.jpg`,
        },
        gradedOnly: true,
      },
    };
    await new MediaConvertTranscoder(
      client,
      { roleArn: 'arn:aws:iam::1:role/mc', mediaBucket: 'm', derivedBucket: BUCKET },
      derived,
    ).transcode(request);
    expect(await derived.head(`${LOOK}/watermark.vtt`)).not.toBeNull();
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await derived.read(`${LOOK}/watermark.vtt`))!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nProperty of &lt;Rushes&gt; &amp; Co\n');

    const input = (send.mock.calls[0]![0] as CreateJobCommand).input;
    expect(input.Settings!.Inputs![0]!.CaptionSelectors).toEqual({
      Watermark: { SourceSettings: { SourceType: 'WEBVTT', FileSourceSettings: { SourceFile: `s3://${BUCKET}/${LOOK}/watermark.vtt` } } },
    });
    const [proxy, thumbnail, frames] = input.Settings!.OutputGroups!;
    expect(proxy!.Outputs![0]!.CaptionDescriptions).toEqual([
      {
        CaptionSelectorName: 'Watermark',
        DestinationSettings: {
          DestinationType: 'BURN_IN',
          BurninDestinationSettings: {
            Alignment: 'LEFT',
            // 25 characters × 32 px × 0.6 = 480 px wide, 22 px in from the right.
            XPosition: 1280 - 22 - 480,
            YPosition: 22,
            FontSize: 32,
            FontColor: 'WHITE',
            FontOpacity: 255,
            BackgroundColor: 'BLACK',
            BackgroundOpacity: 128,
            OutlineSize: 0,
            ShadowOpacity: 0,
            FallbackFont: 'MONOSPACED_SANSSERIF',
            StylePassthrough: 'DISABLED',
          },
        },
      },
    ]);
    // Burn-ins are on the proxy; stills carry none. No cube: no colour conversion, no LUT.
    expect(thumbnail!.Outputs![0]!.CaptionDescriptions).toBeUndefined();
    expect(frames!.Outputs![0]!.CaptionDescriptions).toBeUndefined();
    expect(input.Settings!.ColorConversion3DLUTSettings).toBeUndefined();
    s3client.destroy();
  });

  it('tiles the captured frames into the filmstrip local mode makes, frame i in cell i, then deletes the frames', async () => {
    const s3client = s3();
    const derived = createLocalObjectStore(s3client, BUCKET);
    const store = s3FileStore(s3client, BUCKET);
    // 12 frames as MediaConvert names them, each a flat grey a little lighter than the last.
    const shades = Array.from({ length: 12 }, (_, index) => 20 + index * 18);
    for (const [index, shade] of shades.entries()) {
      const file = path.join(work, `f${index}.jpg`);
      const hex = shade.toString(16).padStart(2, '0');
      ffmpeg('-f', 'lavfi', '-i', `color=c=0x${hex}${hex}${hex}:size=160x90`, '-frames:v', '1', '-q:v', '2', file);
      await store(`${LOOK}/filmstrip-frames.${String(index).padStart(7, '0')}.jpg`, file, 'image/jpeg');
    }
    await derived.putText(`${LOOK}/filmstrip.jpg.keep`, 'not a frame', 'text/plain');
    const tiler = new FilmstripTiler({
      ffmpeg: tools!.ffmpeg,
      derived,
      fetch: s3FileFetch(s3client, BUCKET),
      store,
      workDir: path.join(work, 'tiles'),
    });
    const key = await tiler.tile({ frames: `${LOOK}/filmstrip-frames`, key: `${LOOK}/filmstrip.jpg` });
    expect(key).toBe(`${LOOK}/filmstrip.jpg`);

    const local = path.join(work, 'filmstrip.jpg');
    await s3FileFetch(s3client, BUCKET)(key, local);
    const { frameWidth: w, frameHeight: h, columns, rows } = PROXY_SPEC.filmstrip;
    const size = execFileSync(tools!.ffprobe, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=s=x:p=0', local], {
      encoding: 'utf8',
    }).trim();
    expect(size).toBe(`${columns * w}x${rows * h}`);
    const centre = (index: number) =>
      ffmpeg(
        '-i',
        local,
        '-vf',
        `crop=8:8:${(index % columns) * w + 76}:${Math.floor(index / columns) * h + 41}`,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        '-',
      )[0]!;
    for (const [index, shade] of shades.entries()) expect(Math.abs(centre(index) - shade)).toBeLessThanOrEqual(4);
    // Past the last frame the cells stay black.
    expect(centre(50)).toBeLessThanOrEqual(20);

    const left: string[] = [];
    for await (const object of derived.list(`${LOOK}/`)) left.push(object.key);
    expect(left.sort()).toEqual([`${LOOK}/filmstrip.jpg`, `${LOOK}/filmstrip.jpg.keep`, `${LOOK}/watermark.vtt`]);
    // Nothing to tile any more: it says so instead of storing an empty filmstrip.
    await expect(tiler.tile({ frames: `${LOOK}/filmstrip-frames`, key: `${LOOK}/filmstrip.jpg` })).rejects.toThrow(/no filmstrip frames/);
    s3client.destroy();
  });
});
