import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture } from '../../../scripts/testing/mediaFixtures';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// A camera card goes up through the real app in Chromium (web mode: typed paths), the queue
// shows it, and the clips turn from uploading to processing to ready with a thumbnail,
// without a reload. Then the same clip again: the name is taken, and "keep both" keeps both.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let card: string;
let clip: string;
const shots = path.join(repoRoot, 'test-results');

const row = (name: string | RegExp) => page.getByRole('row', { name }).first();

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-upload-');
  // A card folder with a clip and a still, and a loose clip.
  card = path.join(data.dir, 'card', 'A001');
  await mkdir(path.join(card, 'CLIPS'), { recursive: true });
  await copyFile(await fixture('prores-23976.mov'), path.join(card, 'CLIPS', 'A001C001.mov'));
  await copyFile(await fixture('still.png'), path.join(card, 'slate.png'));
  clip = path.join(data.dir, 'card', 'B001C004.mov');
  await copyFile(await fixture('prores-25.mov'), clip);

  ({ app, browser, page } = await startInNewFolder({ dataDir: path.join(data.dir, 'rushes'), admin: ADMIN, folder: 'Day 3' }));
}, heavyTimeout(180_000));

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('upload', () => ({ page, browser, app, data }));

async function upload(paths: string[]) {
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Files or folders on this computer').fill(paths.join('\n'));
  await dialog.getByRole('button', { name: 'Check' }).click();
  await dialog.getByRole('region', { name: 'Upload plan' }).waitFor();
  return dialog;
}

describe('uploading in Chromium', () => {
  it('uploads a card folder and a clip with the queue visible, and they become ready with thumbnails', async () => {
    const dialog = await upload([card, clip]);
    await dialog.getByText(/3 files, .*: 3 new\./).waitFor();
    await dialog.getByRole('button', { name: 'Upload 3 files' }).click();
    const queue = page.getByRole('list', { name: 'Transfer queue' });
    await queue.getByRole('listitem').nth(2).waitFor();
    await page.screenshot({ path: path.join(shots, 'upload-queue.png') });
    await expect.poll(() => queue.locator('[data-state="succeeded"]').count(), { timeout: 60_000 }).toBe(3);

    // The card keeps its folders; the loose clip sits in Day 3.
    await row(/A001/).waitFor();
    await row(/B001C004\.mov/).waitFor();
    await expect
      .poll(
        () =>
          row(/B001C004\.mov/)
            .getByText('Ready')
            .count(),
        { timeout: 120_000 },
      )
      .toBe(1);
    await row(/A001/).dblclick();
    await row(/slate\.png/).waitFor();
    await expect
      .poll(
        () =>
          row(/slate\.png/)
            .getByText('Ready')
            .count(),
        { timeout: 60_000 },
      )
      .toBe(1);
    await row(/CLIPS/).dblclick();
    await expect
      .poll(
        () =>
          row(/A001C001\.mov/)
            .getByText('Ready')
            .count(),
        { timeout: 120_000 },
      )
      .toBe(1);
    expect(await row(/A001C001\.mov/).textContent()).toMatch(/23\.976/);

    await page.getByRole('button', { name: 'Card view' }).click();
    const cell = page.getByRole('gridcell', { name: 'A001C001.mov' });
    await expect.poll(() => cell.locator('img').count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() =>
        cell.locator('img').evaluate((img) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth > 0;
        }),
      )
      .toBe(true);
    await page.screenshot({ path: path.join(shots, 'upload-cards.png') });
    await page.getByRole('button', { name: 'Table view' }).click();
    await page.locator('[data-path="Day 3/"]').first().click();
  });

  it('asks about a name already taken, and keeps both when told to', async () => {
    await page.getByRole('button', { name: 'Clear finished' }).click();
    const dialog = await upload([clip]);
    await dialog.getByText(/1 file, .*: 0 new, 1 already there\./).waitFor();
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    await row(/B001C004 \(2\)\.mov/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('row', { name: /B001C004/ }).count()).toBe(2);
  });

  it('refuses a name that breaks a rule before sending anything, saying which rule', async () => {
    const bad = path.join(data.dir, 'card', 'bad:name.mov');
    await copyFile(clip, bad);
    const dialog = await upload([bad]);
    await dialog.getByText(/1 refused/).waitFor();
    await dialog.getByRole('list', { name: 'Not uploaded' }).getByText(/:/).first().waitFor();
    expect(await dialog.getByRole('button', { name: 'Nothing to upload' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
