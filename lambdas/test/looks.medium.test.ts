import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderLookView } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { fixture } from '../../scripts/testing/mediaFixtures';
import { signInPeople } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// A folder's look through the real local stack: the API stores it, ingest makes the graded
// proxy with ffmpeg beside the as-shot one, and a change re-renders. Pixels are read back
// with ffmpeg, never with the code under test.
const exec = promisify(execFile);

const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'mm@example.com', groups: ['media-managers', 'show'] },
  editor: { email: 'ed@example.com', groups: ['editors', 'show'] },
} as const;

/** Out red = in green, out green = in blue, out blue = in red; red changes fastest in a .cube table. */
function channelSwapCube(): string {
  const rows: string[] = [];
  for (let b = 0; b < 2; b += 1) for (let g = 0; g < 2; g += 1) for (let r = 0; r < 2; r += 1) rows.push(`${g} ${b} ${r}`);
  return `TITLE "swap"\nLUT_3D_SIZE 2\n${rows.join('\n')}\n`;
}

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let scratch: string;
let signedIn: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>;

beforeAll(async () => {
  await fixture('flat-colour.mov');
  data = await tempDataDir();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'rushes-looks-'));
  stack = await startTestStack({ dataDir: data.dir, adminPassword: 'Dailies-2026', adminEmail: people.admin.email, ingest: true });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  signedIn = await signInPeople(stack, people, ['show']);
  await signedIn.call('admin', 'createFolder', { body: { parentPath: '', name: 'Show' } });
  await signedIn.call('admin', 'setFolderAcl', { body: { path: 'Show/', groups: ['show'] } });
  await signedIn.call('admin', 'createFolder', { body: { parentPath: 'Show/', name: 'Day 1' } });
}, heavyTimeout(240_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function derivedFile(key: string, name: string): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: stack.profile.s3.derivedBucket, Key: key }));
  const file = path.join(scratch, name);
  await writeFile(file, await answer.Body!.transformToByteArray());
  return file;
}

/** The mean colour of a region of the first frame, as 8-bit RGB, decoded by ffmpeg. */
async function colourAt(file: string, region: { x: number; y: number; w: number; h: number }): Promise<number[]> {
  const { stdout } = await exec(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-vf',
      `crop=${region.w}:${region.h}:${region.x}:${region.y},scale=1:1`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { encoding: 'buffer' },
  );
  return [...(stdout as Buffer).subarray(0, 3)];
}

const CENTRE = { x: 300, y: 160, w: 40, h: 40 };
/** Where the timecode burn-in sits on a 640×360 proxy (bottom right). */
const TIMECODE = { x: 530, y: 334, w: 80, h: 14 };

describe('a folder look', () => {
  it('is refused, naming the line, when the cube is malformed, and a CDL with negative saturation is refused too', async () => {
    const bad = await signedIn.call<{ error: { message: string; field: string } }>('manager', 'setFolderLook', {
      body: { path: 'Show/Day 1/', cube: { fileName: 'broken.cube', text: 'LUT_3D_SIZE 2\n0 0 0\n1 1\n' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^broken\.cube, line 3: /);
    const saturation = await signedIn.call<{ error: { message: string } }>('manager', 'setFolderLook', {
      body: { path: 'Show/Day 1/', cdl: { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: -1 } },
    });
    expect(saturation.status).toBe(400);
    expect(saturation.body.error.message).toContain('saturation must be 0 or more');
    const view = await signedIn.call<FolderLookView>('manager', 'folderLook', { query: { path: 'Show/Day 1/' } });
    expect(view.body.own).toBeNull();
  });

  it('is set by a media manager, not by an editor, and inherited below with where it comes from', async () => {
    const refused = await signedIn.call('editor', 'setFolderLook', {
      body: { path: 'Show/Day 1/', burnIn: { timecode: true, clipName: false, watermark: null } },
    });
    expect(refused.status).toBe(403);
    const set = await signedIn.call<FolderLookView>('manager', 'setFolderLook', {
      body: {
        path: 'Show/Day 1/',
        cube: { fileName: 'swap.cube', text: channelSwapCube() },
        burnIn: { timecode: true, clipName: false, watermark: null },
      },
    });
    expect(set.status).toBe(200);
    expect(set.body.own).toMatchObject({ cube: { fileName: 'swap.cube', size: 2 }, cdl: null, setBy: people.manager.email });
    expect(set.body.effective.colour).toMatchObject({ from: 'Show/Day 1/', cubeFileName: 'swap.cube' });
    expect(set.body.effective.lookId).toMatch(/^[0-9a-f]{16}$/);

    await signedIn.call('admin', 'createFolder', { body: { parentPath: 'Show/Day 1/', name: 'CamA' } });
    const below = await signedIn.call<FolderLookView>('editor', 'folderLook', { query: { path: 'Show/Day 1/CamA/' } });
    expect(below.body).toMatchObject({
      own: null,
      canChange: false,
      effective: { colour: { from: 'Show/Day 1/' }, burnIn: { from: 'Show/Day 1/' } },
    });
    expect(below.body.effective.lookId).toBe(set.body.effective.lookId);

    const audit = await signedIn.call<{ events: { action: string; target: string; details: Record<string, unknown> }[] }>(
      'admin',
      'listAudit',
      {
        query: { action: 'folder.look' },
      },
    );
    expect(audit.body.events[0]).toMatchObject({ target: 'Show/Day 1/', details: { change: 'set', cube: 'swap.cube' } });
  });

  it('makes a graded proxy through the LUT with the timecode burnt in, beside the as-shot proxy', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.profile.s3.mediaBucket,
        Key: 'Show/Day 1/A001_C001.mov',
        Body: await readFile(await fixture('flat-colour.mov')),
      }),
    );
    await stack.ingest.idle();
    const clip = (await stack.catalog.getAssetByKey('Show/Day 1/A001_C001.mov'))!;
    expect(clip.status).toBe('ready');
    expect(clip.graded?.proxy).toMatch(/\/look-[0-9a-f]{16}\/proxy\.mp4$/);
    expect(clip.graded?.thumbnail).toBeTruthy();

    const asShot = await derivedFile(clip.derived.proxy!, 'as-shot.mp4');
    const graded = await derivedFile(clip.graded!.proxy, 'graded.mp4');
    const [r, g, b] = await colourAt(asShot, CENTRE);
    // The source is R 200, G 60, B 20; through the LUT its channels rotate.
    for (const [actual, expected] of [
      [r, 200],
      [g, 60],
      [b, 20],
    ])
      expect(Math.abs(actual! - expected!)).toBeLessThanOrEqual(2);
    const swapped = await colourAt(graded, CENTRE);
    for (const [actual, expected] of [
      [swapped[0], 60],
      [swapped[1], 20],
      [swapped[2], 200],
    ])
      expect(Math.abs(actual! - expected!)).toBeLessThanOrEqual(2);

    // The timecode's half-black box and white figures change its corner of the graded proxy
    // (blue 200 everywhere else); the as-shot proxy's corner is the flat colour.
    const plainCorner = await colourAt(asShot, TIMECODE);
    const burntCorner = await colourAt(graded, TIMECODE);
    expect(Math.abs(plainCorner[2]! - 20)).toBeLessThanOrEqual(2);
    expect(burntCorner[2]!).toBeLessThan(swapped[2]! - 40);
  });

  it('issues the graded or the as-shot proxy as asked, each an audited play', async () => {
    const clip = (await stack.catalog.getAssetByKey('Show/Day 1/A001_C001.mov'))!;
    type Urls = { items: { proxy: string | null; lookAvailable: boolean }[] };
    const withLook = await signedIn.call<Urls>('editor', 'mediaUrls', { body: { ids: [clip.id], only: ['proxy'] } });
    const asShot = await signedIn.call<Urls>('editor', 'mediaUrls', { body: { ids: [clip.id], only: ['proxy'], variant: 'asShot' } });
    expect(withLook.body.items[0]).toMatchObject({ lookAvailable: true });
    expect(new URL(withLook.body.items[0]!.proxy!).pathname).toContain(clip.graded!.proxy);
    expect(new URL(asShot.body.items[0]!.proxy!).pathname).toContain(clip.derived.proxy!);
    const audit = await signedIn.call<{ events: { actor: string; details: Record<string, unknown> }[] }>('admin', 'listAudit', {
      query: { action: 'asset.play' },
    });
    expect(audit.body.events.slice(0, 2).map((event) => [event.actor, event.details['variant']])).toEqual([
      [people.editor.email, 'asShot'],
      [people.editor.email, 'look'],
    ]);
  });

  it('re-renders the graded proxy when the look changes, keeping the as-shot one', async () => {
    const before = (await stack.catalog.getAssetByKey('Show/Day 1/A001_C001.mov'))!;
    const changed = await signedIn.call<FolderLookView>('manager', 'setFolderLook', { body: { path: 'Show/Day 1/', cube: null } });
    expect(changed.status).toBe(200);
    expect(changed.body.render).toMatchObject({ folderPath: 'Show/Day 1/', total: 1 });
    await stack.ingest.idle();
    const after = (await stack.catalog.getAssetByKey('Show/Day 1/A001_C001.mov'))!;
    expect(after.derived.proxy).toBe(before.derived.proxy);
    expect(after.graded?.lookId).toBe(changed.body.effective.lookId);
    expect(after.graded?.proxy).not.toBe(before.graded?.proxy);
    const view = await signedIn.call<FolderLookView>('manager', 'folderLook', { query: { path: 'Show/Day 1/' } });
    expect(view.body.render).toMatchObject({ state: 'finished', total: 1, done: 1, failed: 0 });
    // Only burn-ins now: the centre is the source's colour again.
    const graded = await derivedFile(after.graded!.proxy, 'regraded.mp4');
    const [r] = await colourAt(graded, CENTRE);
    expect(Math.abs(r! - 200)).toBeLessThanOrEqual(2);
  });
});
