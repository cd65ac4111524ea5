import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture } from '../../../scripts/testing/mediaFixtures';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// A folder's look set through the dialog in Chromium, then a clip uploaded under it: its
// proxy's pixels, decoded by ffmpeg here, went through the LUT; bad files are refused with the
// server's words; the viewer shows the toggle and the signed-in user's watermark.
const exec = promisify(execFile);
const ADMIN = { email: 'grade@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let files: string;
const shots = path.join(repoRoot, 'test-results');

/** Out red = in green, out green = in blue, out blue = in red. */
const SWAP = `LUT_3D_SIZE 2\n${[0, 1].flatMap((b) => [0, 1].flatMap((g) => [0, 1].map((r) => `${g} ${b} ${r}`))).join('\n')}\n`;

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-look-');
  files = path.join(data.dir, 'files');
  await mkdir(files, { recursive: true });
  await copyFile(await fixture('flat-colour.mov'), path.join(files, 'A001_C001.mov'));
  await writeFile(path.join(files, 'swap.cube'), SWAP);
  await writeFile(path.join(files, 'broken.cube'), 'LUT_3D_SIZE 2\n0 0 0\n1 1\n');
  ({ app, browser, page } = await startInNewFolder({ dataDir: path.join(data.dir, 'rushes'), admin: ADMIN, folder: 'Show' }));
  await page.getByRole('button', { name: 'New folder' }).first().click();
  await page.getByRole('dialog').getByLabel('Folder name').fill('Day 1');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('row', { name: 'Day 1' }).first().waitFor();
}, heavyTimeout(240_000));

tearDownE2e('look', () => ({ page, browser, app, data }));

describe('the look dialog', () => {
  it('refuses a malformed cube and a negative saturation with the reason, then saves a LUT with a timecode burn-in', async () => {
    await page.getByRole('row', { name: 'Day 1' }).first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    const dialog = page.getByRole('dialog', { name: /Look & burn-in/ });
    await dialog.getByText('No look applies').waitFor();

    await dialog.getByLabel('LUT or CDL file').setInputFiles(path.join(files, 'broken.cube'));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/broken\.cube, line 3/);

    await dialog.getByLabel('LUT or CDL file').setInputFiles(path.join(files, 'swap.cube'));
    await dialog.getByLabel('saturation').fill('-1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/saturation must be 0 or more/);

    await dialog.getByLabel('saturation').fill('1');
    await dialog.getByLabel('Source timecode').check();
    await dialog.getByLabel('Watermark').fill('DAILIES — NOT FOR DISTRIBUTION');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Applies: swap.cube (set here)').waitFor();
    await page.screenshot({ path: path.join(shots, 'look-dialog.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('grades the proxy of a clip uploaded under the folder, and the viewer shows the toggle and the watermark', async () => {
    await page.getByRole('row', { name: 'Day 1' }).first().dblclick();
    await page.getByText('This folder is empty').waitFor();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const upload = page.getByRole('dialog');
    await upload.getByLabel('Files or folders on this computer').fill(path.join(files, 'A001_C001.mov'));
    await upload.getByRole('button', { name: 'Check' }).click();
    await upload.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByRole('row', { name: 'A001_C001.mov' }).first().getByText('Ready', { exact: true }).waitFor({ timeout: 180_000 });
    await page
      .getByRole('button', { name: 'Hide transfers' })
      .click()
      .catch(() => undefined);

    await page.getByRole('row', { name: 'A001_C001.mov' }).first().dblclick();
    const viewer = page.getByRole('dialog', { name: 'Viewer: A001_C001.mov' });
    await viewer.getByRole('button', { name: 'With look' }).waitFor();
    await page.getByTestId('viewer-watermark').getByText(ADMIN.email).first().waitFor();
    const video = viewer.locator('[data-player="video"] video');
    await expect
      .poll(() => video.evaluate((element) => (element as unknown as { readyState: number }).readyState))
      .toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(shots, 'look-viewer.png') });

    const src = await video.evaluate((element) => (element as unknown as { currentSrc: string }).currentSrc);
    const proxy = path.join(files, 'graded.mp4');
    await writeFile(proxy, Buffer.from(await (await fetch(src)).arrayBuffer()));
    const { stdout } = await exec(
      'ffmpeg',
      ['-v', 'error', '-i', proxy, '-vf', 'crop=40:40:300:160,scale=1:1', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { encoding: 'buffer' },
    );
    const [r, g, b] = [...(stdout as Buffer).subarray(0, 3)];
    // The clip is R 200, G 60, B 20; through the LUT its channels rotate.
    expect(Math.abs(r! - 60)).toBeLessThanOrEqual(2);
    expect(Math.abs(g! - 20)).toBeLessThanOrEqual(2);
    expect(Math.abs(b! - 200)).toBeLessThanOrEqual(2);
  });
});
