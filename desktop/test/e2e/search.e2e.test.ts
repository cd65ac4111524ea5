import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createLocalS3Client } from '../../../lambdas/src/local/s3Client';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, openSignedIn, repoRoot, runNpm, tearDownE2e, type RunningApp } from './launch';

// An editor looking for takes: search as you type from the toolbar, narrow with filters,
// switch to cards, open a result; a bad filter says which one is wrong.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let s3: S3Client;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const shots = path.join(repoRoot, 'test-results');

const results = () => page.getByRole('grid', { name: 'Search results' });
const resultRow = (name: RegExp) => results().getByRole('row', { name }).first();
async function rowNames(): Promise<string[]> {
  const names = await results().getByRole('row').allInnerTexts();
  return names.map((text) => text.split('\n')[0]!.trim()).filter((name) => /\.(mov|wav)$/.test(name));
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-search-');
  const base = await freePortRange();
  app = runNpm('web', {
    RUSHES_DATA_DIR: data.dir,
    RUSHES_PORT: String(base),
    RUSHES_ADMIN_EMAIL: ADMIN.email,
    RUSHES_ADMIN_PASSWORD: ADMIN.password,
  });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  s3 = createLocalS3Client(`http://127.0.0.1:${base + 2}`);
  for (const key of [
    'Show A/Day 1/A001_C001_0101AB.mov',
    'Show A/Day 1/A002_C003_0101AB.mov',
    'Show A/Sound/SR004_T01.wav',
    'Show B/B001_C001_0102XY.mov',
  ]) {
    await s3.send(new PutObjectCommand({ Bucket: 'rushes-media', Key: key, Body: 'frames' }));
  }
  browser = await launchChromium();
  page = await openSignedIn(browser, url, ADMIN);
  await page
    .getByRole('row', { name: /Show A/ })
    .first()
    .waitFor();
});

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('search', () => ({ page, browser, app, data, s3 }));

describe('search in Chromium', () => {
  it('finds takes as you type, across folders', async () => {
    const box = page.getByRole('textbox', { name: 'Search' });
    await box.click();
    await box.pressSequentially('a00', { delay: 40 });
    await expect.poll(rowNames, { timeout: 60_000 }).toEqual(['A001_C001_0101AB.mov', 'A002_C003_0101AB.mov']);
    await box.pressSequentially('2', { delay: 40 });
    await expect.poll(rowNames).toEqual(['A002_C003_0101AB.mov']);
    // Results come from many folders: each row says which.
    await results().getByRole('columnheader', { name: 'Folder' }).waitFor();
    expect(await resultRow(/A002_C003_0101AB\.mov/).innerText()).toContain('Show A/Day 1');
    await page.screenshot({ path: path.join(shots, 'search-as-you-type.png') });
  });

  it('narrows with filters, in table and card views', async () => {
    const box = page.getByRole('textbox', { name: 'Search' });
    await box.fill('show');
    await expect.poll(rowNames, { timeout: 60_000 }).toHaveLength(4);
    await page.getByRole('button', { name: 'Filters' }).click();
    const filters = page.getByRole('search', { name: 'Search filters' });
    await filters.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'audio' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(rowNames).toEqual(['SR004_T01.wav']);
    await expect.poll(() => box.inputValue()).toBe('show kind:audio');
    await page.screenshot({ path: path.join(shots, 'search-filters-table.png') });

    // Kinds are alternatives: picking a second one keeps the first.
    await filters.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'video' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => box.inputValue()).toBe('show kind:audio kind:video');
    await expect.poll(rowNames).toHaveLength(4);
    // Editing another field leaves both kinds in place.
    await filters.getByLabel('From').fill('2000-01-01');
    await expect.poll(() => box.inputValue()).toBe('show kind:audio kind:video date:2000-01-01..');
    await filters.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'audio' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => box.inputValue()).toBe('show kind:video date:2000-01-01..');
    await expect.poll(rowNames).toEqual(['A001_C001_0101AB.mov', 'A002_C003_0101AB.mov', 'B001_C001_0102XY.mov']);
    await page.getByRole('button', { name: 'Card view' }).click();
    const card = results().getByRole('gridcell', { name: 'B001_C001_0102XY.mov' });
    await card.waitFor();
    expect(await card.innerText()).toContain('Show B');
    await page.screenshot({ path: path.join(shots, 'search-filters-cards.png') });
    await page.getByRole('button', { name: 'Table view' }).click();
  });

  it('saves a search in the sidebar and runs it again from there', async () => {
    await page.getByRole('button', { name: 'Save search' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Video since 2000');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const saved = page.getByRole('list', { name: 'Saved searches' });
    await saved.getByRole('button', { name: 'Video since 2000', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('');
    await page
      .getByRole('row', { name: /Show A/ })
      .first()
      .waitFor();
    await saved.getByRole('button', { name: 'Video since 2000', exact: true }).click();
    await expect.poll(rowNames).toEqual(['A001_C001_0101AB.mov', 'A002_C003_0101AB.mov', 'B001_C001_0102XY.mov']);
    await page.screenshot({ path: path.join(shots, 'search-saved.png') });
  });

  it('opens a result like any file, tags it, and finds it by the tag', async () => {
    await resultRow(/B001_C001_0102XY\.mov/).dblclick();
    // A result opens in the viewer; tags and notes are edited in its metadata panel.
    const dialog = page.getByRole('dialog', { name: 'Viewer: B001_C001_0102XY.mov' });
    await dialog.getByText('B001_C001_0102XY.mov').first().waitFor();
    const tags = dialog.getByRole('combobox', { name: 'Tags' });
    await tags.fill('Hero');
    await tags.press('Enter');
    await dialog.getByRole('textbox', { name: 'Notes' }).fill('Boom dips in at the end');
    await dialog.getByRole('button', { name: 'Save tags and notes' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Save tags and notes' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'search-asset-tags.png') });
    await dialog.getByRole('button', { name: 'Close viewer' }).click();
    await page.getByRole('textbox', { name: 'Search' }).fill('hero boom');
    await expect.poll(rowNames, { timeout: 60_000 }).toEqual(['B001_C001_0102XY.mov']);
    await page.getByRole('textbox', { name: 'Search' }).fill('tag:HERO');
    await expect.poll(rowNames).toEqual(['B001_C001_0102XY.mov']);
    await page.getByRole('textbox', { name: 'Search' }).fill('tag:her');
    await expect.poll(rowNames).toEqual([]);
    // The filter bar writes the same filter.
    await page.getByRole('textbox', { name: 'Search' }).fill('');
    await page.getByRole('textbox', { name: 'Search' }).fill('mov');
    const tagField = page.getByRole('search', { name: 'Search filters' }).getByRole('combobox', { name: 'Tag' });
    await tagField.fill('Hero');
    await tagField.press('Enter');
    await expect.poll(rowNames).toEqual(['B001_C001_0102XY.mov']);
    await expect.poll(() => page.getByRole('textbox', { name: 'Search' }).inputValue()).toBe('mov tag:Hero');
    // Tags are all required: a second one nobody carries leaves nothing, and removing it brings the clip back.
    await tagField.fill('night shoot');
    await tagField.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Search' }).inputValue()).toBe('mov tag:Hero tag:"night shoot"');
    await expect.poll(rowNames).toEqual([]);
    await tagField.press('Backspace');
    await expect.poll(() => page.getByRole('textbox', { name: 'Search' }).inputValue()).toBe('mov tag:Hero');
    await expect.poll(rowNames).toEqual(['B001_C001_0102XY.mov']);
    await page.screenshot({ path: path.join(shots, 'search-filter-tags.png') });
  });

  it('shows no folder column while browsing a folder', async () => {
    await page.getByRole('textbox', { name: 'Search' }).fill('');
    await page
      .getByRole('row', { name: /Show A/ })
      .first()
      .waitFor();
    expect(await page.getByRole('columnheader', { name: 'Folder' }).count()).toBe(0);
  });

  it('says which filter is wrong', async () => {
    await page.getByRole('textbox', { name: 'Search' }).fill('a001 fps:fast');
    await page.getByText('That search cannot be run').waitFor();
    await page.getByText(/fps: "fast" is not a frame rate/).waitFor();
  });

  it('finds the take a media manager names by scene and take, as the camera wrote them', async () => {
    // Clips carrying slate tags as cameras write them into QuickTime; ingest reads them.
    const clips = [
      { name: 'A003_C001.mov', scene: '12A', take: '03' },
      { name: 'A003_C002.mov', scene: '12A', take: '4' },
      { name: 'A003_C003.mov', scene: '12AB', take: '3' },
    ];
    for (const clip of clips) {
      const file = path.join(data.dir, clip.name);
      await promisify(execFile)('ffmpeg', [
        ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=0.4', '-c:v', 'mpeg4', '-movflags', 'use_metadata_tags'],
        ...['-metadata', `scene=${clip.scene}`, '-metadata', `take=${clip.take}`, '-metadata', 'com.arri.camera.CameraIndex=A'],
        file,
      ]);
      await s3.send(new PutObjectCommand({ Bucket: 'rushes-media', Key: `Show A/Day 2/${clip.name}`, Body: await readFile(file) }));
    }
    const box = page.getByRole('textbox', { name: 'Search' });
    await box.fill('');
    await box.click();
    await box.pressSequentially('scene:12A take:3', { delay: 20 });
    // Take 3 is the clip whose camera wrote 03; scene 12AB is another scene.
    await expect.poll(rowNames, { timeout: 60_000 }).toEqual(['A003_C001.mov']);
    await page.screenshot({ path: path.join(shots, 'search-scene-take.png') });
    // The filter bar's Take chips are alternatives: a second take brings its clip in.
    const take = page.getByRole('search', { name: 'Search filters' }).getByRole('combobox', { name: 'Take' });
    await take.fill('4');
    await take.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('scene:12A take:3 take:4');
    await expect.poll(rowNames).toEqual(['A003_C001.mov', 'A003_C002.mov']);
    await box.fill('camera:A scene:12ab');
    await expect.poll(rowNames).toEqual(['A003_C003.mov']);
    await box.fill('take:"#"');
    await page.getByText('That search cannot be run').waitFor();
    await page.getByText(/take: "#" has no letters or digits/).waitFor();
  });
});
