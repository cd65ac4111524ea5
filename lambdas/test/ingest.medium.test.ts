import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type MediaUrlsResponse } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import type { CatalogAsset } from '../src/ports';
import { ingestWorkDir } from '../src/local/ingestWorker';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { fixture, type FixtureName } from '../../scripts/testing/mediaFixtures';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Ingest against the real stand-ins and the real ffmpeg: media arrives in the bucket the way
// `aws s3 cp` writes it, storage events and ingest take it to `ready` (or `failed`), and the
// derivatives are fetched back through the API's presigned URLs and probed.
const exec = promisify(execFile);
const PASSWORD = 'Dailies-2026';
const ADMIN = 'admin@example.com';
const OUTSIDER = 'out@example.com';

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let scratch: string;
const tokens: Record<string, string> = {};

async function put(key: string, name: FixtureName, client = s3, bucket = stack.profile.s3.mediaBucket) {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(await fixture(name)) }));
}

async function asset(key: string, on = stack): Promise<CatalogAsset> {
  const found = await on.catalog.getAssetByKey(key);
  if (!found) throw new Error(`no asset for ${key}`);
  return found;
}

async function post<T>(who: string, routePath: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(routePath, stack.profile.apiUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const mediaUrls = (who: string, ids: string[]) => post<MediaUrlsResponse>(who, routes.mediaUrls.path, { ids });

async function derivedKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.profile.s3.derivedBucket }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

/** Fetches a derivative through its presigned URL into the scratch folder. */
async function download(url: string | null, name: string): Promise<string> {
  expect(url).toBeTruthy();
  const response = await fetch(url!);
  expect(response.status).toBe(200);
  const file = path.join(scratch, name);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

async function probe(file: string): Promise<{ streams: Record<string, string | number>[] }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', file]);
  return JSON.parse(stdout) as { streams: Record<string, string | number>[] };
}

/** The top-level MP4 boxes in file order: faststart means `moov` comes before `mdat`. */
async function topLevelBoxes(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const boxes: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length;) {
    let size = bytes.readUInt32BE(offset);
    boxes.push(bytes.toString('latin1', offset + 4, offset + 8));
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) break;
    offset += size;
  }
  return boxes;
}

async function signIn(email: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    const result = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    return result.AuthenticationResult!.IdToken!;
  } finally {
    cognito.destroy();
  }
}

beforeAll(async () => {
  // Made (or found in the cache) before the stack starts, so fixture time is not job time.
  for (const name of [
    'prores-25.mov',
    'prores-23976.mov',
    'prores-10s.mov',
    'tone.wav',
    'still.png',
    'still.tiff',
    'tiny.png',
    'tiny.wav',
    'corrupt.mov',
    'empty.mov',
  ] as const) {
    await fixture(name);
  }
  data = await tempDataDir();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'rushes-ingest-out-'));
  stack = await startTestStack({ dataDir: data.dir, adminEmail: ADMIN, adminPassword: PASSWORD, ingest: true });
  expect(stack.ingest.enabled).toBe(true);
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  const poolId = stack.profile.cognito.userPoolId;
  const created = await stack.identityAdmin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: OUTSIDER,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: OUTSIDER }],
    }),
  );
  await stack.identityAdmin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: created.User!.Username!, Password: PASSWORD, Permanent: true }),
  );
  tokens[ADMIN] = await signIn(ADMIN);
  tokens[OUTSIDER] = await signIn(OUTSIDER);
}, heavyTimeout(240_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('video', () => {
  it('probes ProRes at 25 fps and makes a 720p H.264 High proxy with faststart, a thumbnail and a filmstrip', async () => {
    await put('Show/Day 1/A001_C001.mov', 'prores-25.mov');
    await stack.ingest.idle();
    const clip = await asset('Show/Day 1/A001_C001.mov');
    expect(clip).toMatchObject({ status: 'ready', failureReason: null, version: 2 });
    expect(clip.technical).toMatchObject({
      videoCodec: 'prores',
      videoProfile: 'Standard',
      width: 1920,
      height: 1080,
      frameRate: { num: 25, den: 1 },
      startTimecode: '01:00:00:00',
      bitDepth: 10,
      chromaSubsampling: '4:2:2',
      colourPrimaries: 'bt709',
      colourTransfer: 'bt709',
      colourMatrix: 'bt709',
      audioCodec: 'pcm_s24le',
      audioChannels: 2,
      audioSampleRate: 48000,
      pixelAspectRatio: { num: 1, den: 1 },
      rotation: 0,
      videoTracks: 1,
      audioTracks: 1,
    });
    expect(clip.technical!.container).toBe('QuickTime');
    expect(clip.technical!.durationSeconds).toBeCloseTo(5, 1);
    // The API hands every probed field on, none dropped by its schema.
    const detailUrl = new URL(routes.assetDetail.path, stack.profile.apiUrl);
    detailUrl.searchParams.set('id', clip.id);
    const detail = await fetch(detailUrl, { headers: { authorization: `Bearer ${tokens[ADMIN]}` } });
    expect(((await detail.json()) as { technical: unknown }).technical).toEqual(clip.technical);

    const urls = await mediaUrls(ADMIN, [clip.id]);
    expect(urls.status).toBe(200);
    const [item] = urls.body.items;
    expect(item).toMatchObject({ id: clip.id, waveform: null, preview: null });

    const proxy = await download(item!.proxy, 'proxy-25.mp4');
    const [video, audio] = (await probe(proxy)).streams;
    expect(video).toMatchObject({
      codec_name: 'h264',
      profile: 'High',
      width: 1280,
      height: 720,
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
      pix_fmt: 'yuv420p',
    });
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: '48000' });
    const boxes = await topLevelBoxes(proxy);
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    const [thumbnail] = (await probe(await download(item!.thumbnail, 'thumb.jpg'))).streams;
    expect(thumbnail).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });
    const [filmstrip] = (await probe(await download(item!.filmstrip, 'filmstrip.jpg'))).streams;
    expect(filmstrip).toMatchObject({ codec_name: 'mjpeg', width: 1600, height: 900 });
  });

  it('keeps 24000/1001 exactly', async () => {
    await put('Show/Day 1/B001_C001.mov', 'prores-23976.mov');
    await stack.ingest.idle();
    const clip = await asset('Show/Day 1/B001_C001.mov');
    expect(clip.status).toBe('ready');
    expect(clip.technical).toMatchObject({ width: 1280, height: 720, frameRate: { num: 24000, den: 1001 }, startTimecode: '01:00:00:00' });
    const { body } = await mediaUrls(ADMIN, [clip.id]);
    const [video] = (await probe(await download(body.items[0]!.proxy, 'proxy-23976.mp4'))).streams;
    expect(video).toMatchObject({
      codec_name: 'h264',
      profile: 'High',
      width: 1280,
      height: 720,
      r_frame_rate: '24000/1001',
      avg_frame_rate: '24000/1001',
    });
  });

  it('answers 404 for an asset the caller may not read, as downloads do', async () => {
    const clip = await asset('Show/Day 1/A001_C001.mov');
    expect((await mediaUrls(OUTSIDER, [clip.id])).status).toBe(404);
    expect((await mediaUrls(OUTSIDER, ['no-such-asset-id'])).status).toBe(404);
  });
});

describe('sound and stills', () => {
  it('makes an AAC proxy and a waveform of a WAV', async () => {
    await put('Show/Day 1/Sound/T001.wav', 'tone.wav');
    await stack.ingest.idle();
    const sound = await asset('Show/Day 1/Sound/T001.wav');
    expect(sound.status).toBe('ready');
    expect(sound.technical).toMatchObject({
      videoCodec: null,
      audioCodec: 'pcm_s24le',
      audioChannels: 2,
      audioSampleRate: 48000,
      bitDepth: 24,
      videoTracks: 0,
      audioTracks: 1,
    });
    const { body } = await mediaUrls(ADMIN, [sound.id]);
    expect(body.items[0]).toMatchObject({ thumbnail: null, filmstrip: null });
    const [audio] = (await probe(await download(body.items[0]!.proxy, 'sound.m4a'))).streams;
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 2 });
    const [waveform] = (await probe(await download(body.items[0]!.waveform, 'waveform.png'))).streams;
    expect(waveform).toMatchObject({ codec_name: 'png', width: 1800, height: 240 });
  });

  it('removes the derivatives with the file when the trash is emptied', async () => {
    await put('Show/Day 1/Sound/T002.wav', 'tiny.wav');
    await stack.ingest.idle();
    const sound = await asset('Show/Day 1/Sound/T002.wav');
    const made = Object.values(sound.derived).filter((key): key is string => key !== null);
    expect(made).toEqual(expect.arrayContaining([`${sound.id}/proxy.m4a`, `${sound.id}/waveform.png`]));
    expect(await derivedKeys()).toEqual(expect.arrayContaining(made));
    expect((await post(ADMIN, routes.trash.path, { assetIds: [sound.id] })).status).toBe(200);
    expect((await post(ADMIN, routes.purge.path, { assetIds: [sound.id] })).body).toMatchObject({ done: [{ target: sound.id }] });
    expect((await derivedKeys()).filter((key) => key.startsWith(`${sound.id}/`))).toEqual([]);
  });

  it('removes the derivatives when the file is deleted from the bucket by another tool', async () => {
    await put('Show/Day 1/Sound/T003.wav', 'tiny.wav');
    await stack.ingest.idle();
    const sound = await asset('Show/Day 1/Sound/T003.wav');
    expect((await derivedKeys()).filter((key) => key.startsWith(`${sound.id}/`)).length).toBeGreaterThan(0);
    await s3.send(new DeleteObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: sound.key }));
    await stack.ingest.idle();
    expect(await stack.catalog.getAsset(sound.id)).toBeNull();
    expect((await derivedKeys()).filter((key) => key.startsWith(`${sound.id}/`))).toEqual([]);
  });

  it.each([
    ['still.png', 'png', 800, 600, { width: 480, height: 360 }],
    ['still.tiff', 'tiff', 640, 480, { width: 480, height: 360 }],
  ] as const)('makes a JPEG preview and thumbnail of a %s', async (name, codec, width, height, thumbnailSize) => {
    await put(`Show/Stills/${name}`, name);
    await stack.ingest.idle();
    const still = await asset(`Show/Stills/${name}`);
    expect(still.status).toBe('ready');
    expect(still.technical).toMatchObject({ videoCodec: codec, width, height, frameRate: null });
    const { body } = await mediaUrls(ADMIN, [still.id]);
    const [preview] = (await probe(await download(body.items[0]!.preview, `${name}.preview.jpg`))).streams;
    expect(preview).toMatchObject({ codec_name: 'mjpeg', width, height });
    const [thumbnail] = (await probe(await download(body.items[0]!.thumbnail, `${name}.thumb.jpg`))).streams;
    expect(thumbnail).toMatchObject({ codec_name: 'mjpeg', ...thumbnailSize });
  });
});

describe('files that cannot be previewed', () => {
  it('fails a damaged file and an empty one with reasons a person understands, and stores camera RAW without a preview', async () => {
    await put('Show/Bad/damaged.mov', 'corrupt.mov');
    await put('Show/Bad/empty.mov', 'empty.mov');
    await put('Show/Bad/A001_C001.R3D', 'corrupt.mov');
    await stack.ingest.idle();
    expect(await asset('Show/Bad/damaged.mov')).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/could not read this file: it is damaged, incomplete, or not really a MOV file/),
    });
    expect(await asset('Show/Bad/empty.mov')).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/The file is empty \(0 bytes\)/),
    });
    const raw = await asset('Show/Bad/A001_C001.R3D');
    expect(raw).toMatchObject({ kind: 'raw', status: 'ready', technical: null });
    expect(Object.values(raw.derived).every((key) => key === null)).toBe(true);
  });
});

describe('at-least-once events', () => {
  it('changes nothing when the same object arrives again or a rescan sees it', async () => {
    const before = await asset('Show/Day 1/A001_C001.mov');
    const feed = await stack.catalog.latestChange();
    await put('Show/Day 1/A001_C001.mov', 'prores-25.mov');
    await stack.storage.rescan();
    await stack.ingest.idle();
    const after = await asset('Show/Day 1/A001_C001.mov');
    expect(after.version).toBe(before.version);
    expect(after).toEqual(before);
    expect(await stack.catalog.latestChange()).toBe(feed);
  });
});

// Two ffmpeg processes per file on two cores: minutes, not seconds, and more on a busy machine.
describe('1,000 small files written straight to the bucket', { timeout: heavyTimeout(1_200_000) }, () => {
  it('all end ready, and count(catalog) = count(bucket)', async () => {
    const bucket = stack.profile.s3.mediaBucket;
    const bodies = { png: await readFile(await fixture('tiny.png')), wav: await readFile(await fixture('tiny.wav')) };
    const keys = Array.from(
      { length: 1000 },
      (_, i) => `Bulk/Card ${i % 10}/F${String(i).padStart(4, '0')}.${i % 2 === 0 ? 'png' : 'wav'}`,
    );
    // 16 at a time, about what `aws s3 cp --recursive` keeps in flight.
    for (let i = 0; i < keys.length; i += 16) {
      await Promise.all(
        keys
          .slice(i, i + 16)
          .map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key.endsWith('png') ? bodies.png : bodies.wav }))),
      );
    }
    await stack.ingest.idle();
    const statuses = new Map<string, number>();
    for await (const bulk of stack.catalog.listAssetsUnder('Bulk/')) statuses.set(bulk.status, (statuses.get(bulk.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ ready: 1000 });

    let inBucket = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      inBucket += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    expect(await stack.catalog.countAssets()).toBe(inBucket);
  });
});

describe('a crash mid-job', { timeout: heavyTimeout(240_000) }, () => {
  it('resumes after a restart and changes the asset once', async () => {
    const other = await tempDataDir();
    let first: LocalStack | null = await startTestStack({ dataDir: other.dir, ingest: true });
    const client = createLocalS3Client(first.profile.s3.endpoint!);
    try {
      await put('Show/Day 2/C001.mov', 'prores-10s.mov', client, first.profile.s3.mediaBucket);
      await first.storage.idle();
      // A job directory appears once ffmpeg is under way; stop the stack right then.
      const work = ingestWorkDir(other.dir);
      await expect.poll(async () => (await readdir(work).catch(() => [])).length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
      await first.stop();
      first = null;
      client.destroy();

      const second = await startTestStack({ dataDir: other.dir, ingest: true });
      try {
        const interrupted = await asset('Show/Day 2/C001.mov', second);
        expect(interrupted).toMatchObject({ status: 'processing', version: 1 });
        await second.ingest.idle();
        expect(await asset('Show/Day 2/C001.mov', second)).toMatchObject({ status: 'ready', version: 2 });
      } finally {
        await second.stop();
      }
    } finally {
      await first?.stop();
      await other.remove();
    }
  });
});
