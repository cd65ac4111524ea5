import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, type FixtureName } from '../../../scripts/testing/mediaFixtures';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// Real clips go up through the app and ingest makes their proxies; then the viewer is driven
// in Chromium as an editor would: play, go to timecode, step frames, drop-frame across a
// minute, next file, sound, stills, a failed file, and hover scrub on the cards.
const ADMIN = { email: 'assist@example.com', password: 'Dailies-2026' };
const FILES: [string, FixtureName][] = [
  ['A001C001_25.mov', 'prores-25.mov'],
  ['A001C002_23976.mov', 'prores-23976.mov'],
  ['A001C003_2997DF.mov', 'prores-2997df.mov'],
  ['broken.mov', 'corrupt.mov'],
  ['slate.png', 'still.png'],
  ['tone.wav', 'tone.wav'],
];
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const shots = path.join(repoRoot, 'test-results');

/** What the tests read of a <video> in the page (this project's Node types have no DOM). */
interface MediaLike {
  readyState: number;
  currentTime: number;
  paused: boolean;
  requestVideoFrameCallback(callback: (now: number, meta: { mediaTime: number }) => void): number;
}

const row = (name: string | RegExp) => page.getByRole('row', { name }).first();
const timecode = () => page.locator('output[aria-label="Timecode"]');
const video = () => page.locator('[data-player="video"] video');

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-viewer-');
  const card = path.join(data.dir, 'card');
  await mkdir(card, { recursive: true });
  for (const [name, source] of FILES) await copyFile(await fixture(source), path.join(card, name));

  ({ app, browser, page } = await startInNewFolder({ dataDir: path.join(data.dir, 'rushes'), admin: ADMIN, folder: 'Day 5' }));

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Files or folders on this computer').fill(FILES.map(([name]) => path.join(card, name)).join('\n'));
  await dialog.getByRole('button', { name: 'Check' }).click();
  await dialog.getByRole('button', { name: `Upload ${FILES.length} files` }).click();
  for (const [name] of FILES) {
    const status = name === 'broken.mov' ? 'Failed' : 'Ready';
    await row(name).getByText(status, { exact: true }).waitFor({ timeout: 180_000 });
  }
  await page
    .getByRole('button', { name: 'Hide transfers' })
    .click()
    .catch(() => undefined);
}, heavyTimeout(360_000));

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('viewer', () => ({ page, browser, app, data }));

async function openViewer(name: string) {
  await row(name).dblclick();
  await page.getByRole('dialog', { name: `Viewer: ${name}` }).waitFor();
}

/** The proxy can show a frame. */
const proxyLoaded = () =>
  expect
    .poll(() => video().evaluate((element) => (element as unknown as MediaLike).readyState), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2);

async function openClip(name: string) {
  await openViewer(name);
  await proxyLoaded();
}

/** ↓ moves the open viewer to the next file of the folder. */
async function nextFile(name: string) {
  await page.keyboard.press('ArrowDown');
  await page.getByRole('dialog', { name: `Viewer: ${name}` }).waitFor();
}

async function closeViewer() {
  await page.getByRole('button', { name: 'Close viewer' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function goToTimecode(text: string) {
  await page.getByLabel('Go to timecode').fill(text);
  await page.getByLabel('Go to timecode').press('Enter');
}

/** The frame the element is on, from its currentTime (floor of time × rate). */
const elementFrame = (num: number, den: number) =>
  video().evaluate((element, [n, d]) => Math.floor(((element as unknown as MediaLike).currentTime * n!) / d! + 1e-6), [num, den]);

/**
 * The frame the browser really presents there: seek to the same time again and read the
 * presented frame's mediaTime (requestVideoFrameCallback), so a picture one frame off fails.
 */
const presentedFrame = (num: number, den: number) =>
  video().evaluate(
    (element, [n, d]) =>
      new Promise<number>((resolve) => {
        const media = element as unknown as MediaLike;
        media.requestVideoFrameCallback((_now, meta) => resolve(Math.floor((meta.mediaTime * n!) / d! + 1e-6)));
        const at = media.currentTime;
        media.currentTime = at;
      }),
    [num, den],
  );

describe('the viewer in Chromium', () => {
  it('plays a 25 fps proxy from its start timecode; go-to and frame steps land on exact frames', async () => {
    await openClip('A001C001_25.mov');
    await expect.poll(() => timecode().textContent()).toBe('01:00:00:00');
    await expect.poll(() => page.getByLabel('Duration').textContent()).toContain('00:00:05:00');

    await page.keyboard.press('Space');
    await expect.poll(async () => Number(await timecode().getAttribute('data-frame')), { timeout: 30_000 }).toBeGreaterThan(12);
    await page.keyboard.press('k');
    expect(await video().evaluate((element) => (element as unknown as MediaLike).paused)).toBe(true);
    // The timecode catches up with the paused picture on the element's pause event: read it
    // once that has come (a read straight after K raced it on a loaded machine).
    const shownOffBy = async () => Math.abs((await elementFrame(25, 1)) - Number(await timecode().getAttribute('data-frame')));
    await expect.poll(shownOffBy).toBeLessThanOrEqual(1);

    await goToTimecode('01:00:02:13');
    await expect.poll(() => timecode().textContent()).toBe('01:00:02:13');
    expect(Math.abs((await elementFrame(25, 1)) - 63)).toBeLessThanOrEqual(1);

    expect(await presentedFrame(25, 1)).toBe(63);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => timecode().textContent()).toBe('01:00:02:14');
    expect(await elementFrame(25, 1)).toBe(64);
    expect(await presentedFrame(25, 1)).toBe(64);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => timecode().textContent()).toBe('01:00:02:12');
    expect(await elementFrame(25, 1)).toBe(62);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => timecode().textContent()).toBe('01:00:03:12');

    // In and out, then End and Home.
    await page.keyboard.press('i');
    await goToTimecode('+10');
    await expect.poll(() => timecode().textContent()).toBe('01:00:03:22');
    await page.keyboard.press('o');
    await expect.poll(() => page.getByTestId('in-point').textContent()).toBe('01:00:03:12');
    await expect.poll(() => page.getByTestId('out-point').textContent()).toBe('01:00:03:22');
    await page.keyboard.press('End');
    await expect.poll(() => timecode().textContent()).toBe('01:00:04:24');
    await page.keyboard.press('Shift+I');
    await expect.poll(() => timecode().textContent()).toBe('01:00:03:12');
    // The picture (testsrc2 burns its frame number top left) is frame 87 too.
    expect(await presentedFrame(25, 1)).toBe(87);
    await page.screenshot({ path: path.join(shots, 'viewer-25.png') });
    // Loop in to out: playback stays between 01:00:03:12 and 01:00:03:22 (an 11-frame loop).
    await page.keyboard.press('Control+l');
    expect(await page.getByRole('button', { name: 'Loop' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Space');
    await page.waitForTimeout(1500);
    const looping = Number(await timecode().getAttribute('data-frame'));
    expect(await video().evaluate((element) => (element as unknown as MediaLike).paused)).toBe(false);
    expect(looping).toBeGreaterThanOrEqual(87);
    expect(looping).toBeLessThanOrEqual(98);
    await page.keyboard.press('k');
    await page.keyboard.press('Control+l');

    // J plays backwards.
    await page.keyboard.press('End');
    await page.keyboard.press('j');
    await expect.poll(async () => Number(await timecode().getAttribute('data-frame')), { timeout: 30_000 }).toBeLessThan(110);
    await page.keyboard.press('k');
    await page.keyboard.press('Home');
    await expect.poll(() => timecode().textContent()).toBe('01:00:00:00');

    // A timecode outside the clip is refused, saying where the clip is.
    await goToTimecode('02:00:00:00');
    await page.getByRole('alert').filter({ hasText: 'outside this clip (01:00:00:00 to 01:00:04:24)' }).waitFor();
    await page.getByLabel('Go to timecode').press('Escape');

    // The metadata panel groups the probed fields.
    const panel = page.getByRole('complementary', { name: 'Metadata' });
    for (const group of ['File', 'Video', 'Audio', 'Timecode', 'Checksum', 'Location'])
      await panel.getByRole('region', { name: group }).waitFor();
    await panel.getByRole('region', { name: 'Video' }).getByText('25 fps (25/1)').waitFor();
    await panel.getByRole('region', { name: 'Timecode' }).getByText('Non-drop (:)').waitFor();
    // A click on a value copies it.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await panel.getByRole('region', { name: 'Timecode' }).getByRole('button', { name: '01:00:04:24' }).click();
    await page.getByText('Copied end: 01:00:04:24').waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
      ),
    ).toBe('01:00:04:24');
  });

  it('counts 23.976 in 24-frame seconds and lands on exact frames', async () => {
    await nextFile('A001C002_23976.mov');
    await proxyLoaded();
    await expect.poll(() => timecode().textContent()).toBe('01:00:00:00');
    await page.getByText('23.976 fps NDF').waitFor();

    await page.keyboard.press('l');
    await expect.poll(async () => Number(await timecode().getAttribute('data-frame')), { timeout: 30_000 }).toBeGreaterThan(12);
    await page.keyboard.press('Space');

    await goToTimecode('1000323');
    await expect.poll(() => timecode().textContent()).toBe('01:00:03:23');
    expect(Math.abs((await elementFrame(24000, 1001)) - 95)).toBeLessThanOrEqual(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => timecode().textContent()).toBe('01:00:04:00');
    expect(await elementFrame(24000, 1001)).toBe(96);
    expect(await presentedFrame(24000, 1001)).toBe(96);
    await page.screenshot({ path: path.join(shots, 'viewer-23976.png') });
  });

  it('shows drop-frame 29.97 with ; and skips 00 and 01 at a minute', async () => {
    await nextFile('A001C003_2997DF.mov');
    await proxyLoaded();
    await expect.poll(() => timecode().textContent()).toBe('01:00:58;00');
    await page.getByText('29.97 fps DF').waitFor();

    await goToTimecode('01:00:59;29');
    await expect.poll(() => timecode().textContent()).toBe('01:00:59;29');
    const before = Number(await timecode().getAttribute('data-frame'));
    expect(before).toBe(59);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => timecode().textContent()).toBe('01:01:00;02');
    expect(await elementFrame(30000, 1001)).toBe(60);
    expect(await presentedFrame(30000, 1001)).toBe(60);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => timecode().textContent()).toBe('01:00:59;29');

    // A label drop-frame never uses is refused with the reason.
    await goToTimecode('01:01:00;00');
    await page.getByRole('alert').filter({ hasText: 'skipped at the start of each minute' }).waitFor();
    await page.getByLabel('Go to timecode').press('Escape');
    await page.getByRole('complementary', { name: 'Metadata' }).getByText('Drop-frame (;)').waitFor();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => timecode().textContent()).toBe('01:01:00;02');
    await page.screenshot({ path: path.join(shots, 'viewer-2997df.png') });
  });

  it('shows why a failed file has no preview, with its metadata', async () => {
    await nextFile('broken.mov');
    const placeholder = page.getByRole('status', { name: 'No preview' });
    await placeholder.getByText('This file could not be processed').waitFor();
    expect(await placeholder.textContent()).toMatch(/damaged|not really a MOV/);
    await page.getByRole('complementary', { name: 'Metadata' }).getByText('Failed', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(shots, 'viewer-failed.png') });
  });

  it('zooms a still: fit, 100 %, zoom in', async () => {
    await nextFile('slate.png');
    const level = page.getByLabel('Zoom level');
    await expect
      .poll(() =>
        page
          .getByTestId('image-stage')
          .locator('img')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(800);
    await page.getByRole('button', { name: '100 %' }).click();
    await expect.poll(() => level.textContent()).toBe('100 %');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => level.textContent()).toBe('125 %');
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.screenshot({ path: path.join(shots, 'viewer-still.png') });
  });

  it('plays sound over its waveform with the same keys', async () => {
    await nextFile('tone.wav');
    await expect
      .poll(
        () =>
          page
            .locator('[data-player="audio"] video, [data-player="audio"] audio')
            .evaluate((element) => (element as unknown as MediaLike).readyState),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(() =>
        page
          .getByRole('slider', { name: 'Playhead' })
          .locator('img')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(1800);
    await expect.poll(() => timecode().textContent()).toBe('00:00:00.00');
    await page.getByTestId('viewer-stage').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => Number(await timecode().getAttribute('data-frame')), { timeout: 30_000 }).toBeGreaterThan(30);
    await page.keyboard.press('Space');
    await goToTimecode('2.50');
    await expect.poll(() => timecode().textContent()).toBe('00:00:02.50');
    await page.screenshot({ path: path.join(shots, 'viewer-sound.png') });
    await closeViewer();
  });

  it('scrubs a card through its filmstrip on hover, from pictures main keeps on disk', async () => {
    await page.getByRole('button', { name: 'Card view' }).click();
    const card = page.getByRole('gridcell', { name: 'A001C001_25.mov' });
    const thumb = card.locator('.thumb');
    await expect
      .poll(() =>
        thumb.locator('img').evaluate((img) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth > 0;
        }),
      )
      .toBe(true);
    const still = await thumb.screenshot();
    const box = (await thumb.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
    await expect.poll(() => thumb.locator('[data-scrub-frame]').getAttribute('data-scrub-frame')).toBe('5');
    // Wait for the filmstrip itself to be decoded (not a fixed 300 ms), so the screenshot shows its frame.
    await thumb.locator('.scrub .frame').evaluate(async (element) => {
      const style = (element as unknown as { style: { backgroundImage: string } }).style.backgroundImage;
      type Picture = { src: string; decode(): Promise<void> };
      const image = new (globalThis as unknown as { Image: new () => Picture }).Image();
      image.src = /url\("(.*)"\)/.exec(style)![1]!;
      await image.decode();
    });
    const early = await thumb.screenshot();
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2);
    await expect.poll(() => thumb.locator('[data-scrub-frame]').getAttribute('data-scrub-frame')).toBe('85');
    const late = await thumb.screenshot();
    expect(early.equals(still)).toBe(false);
    expect(late.equals(early)).toBe(false);
    await page.screenshot({ path: path.join(shots, 'cards-scrub.png') });
    await page.mouse.move(0, 0);

    // Thumbnails and the filmstrip are on disk, in the signed-in user's folder of the cache.
    const cacheRoot = path.join(data.dir, 'rushes', 'media-cache');
    const [userDir] = await readdir(cacheRoot);
    const kept = await readdir(path.join(cacheRoot, userDir!));
    expect(kept.filter((name) => name.endsWith('.thumbnail.jpg')).length).toBeGreaterThanOrEqual(4);
    expect(kept.some((name) => name.endsWith('.filmstrip.jpg'))).toBe(true);

    // The card's play button opens the viewer.
    await card.hover();
    await card.getByRole('button', { name: 'Open A001C001_25.mov in the viewer' }).click();
    await page.getByRole('dialog', { name: 'Viewer: A001C001_25.mov' }).waitFor();
    await closeViewer();
  });
});
