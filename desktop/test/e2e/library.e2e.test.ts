import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createLocalS3Client } from '../../../lambdas/src/local/s3Client';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, repoRoot, runNpm, tearDownE2e, type RunningApp } from './launch';

// A media manager's morning, through the real app in Chromium: footage arrives from another
// tool, they make a folder, rename, move (and undo), delete and restore, download, and see
// what others add appear by itself.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let s3: S3Client;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let base: number;
const shots = path.join(repoRoot, 'test-results');

async function put(key: string, body = 'frames') {
  await s3.send(new PutObjectCommand({ Bucket: 'rushes-media', Key: key, Body: body }));
}

async function exists(key: string) {
  return s3.send(new HeadObjectCommand({ Bucket: 'rushes-media', Key: key })).then(
    () => true,
    () => false,
  );
}

const row = (name: string | RegExp) => page.getByRole('row', { name }).first();

async function open(name: string) {
  await row(name).dblclick();
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-lib-');
  base = await freePortRange();
  app = runNpm('web', {
    RUSHES_DATA_DIR: data.dir,
    RUSHES_PORT: String(base),
    RUSHES_ADMIN_EMAIL: ADMIN.email,
    RUSHES_ADMIN_PASSWORD: ADMIN.password,
    RUSHES_DOWNLOAD_DIR: path.join(data.dir, 'default-downloads'),
  });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  s3 = createLocalS3Client(`http://127.0.0.1:${base + 2}`);
  await put('Show A/Day 1/A001_C001_0101AB.mov', 'first take');
  await put('Show A/Day 1/A001_C002_0101AB.mov', 'second take');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await row(/Show A/).waitFor();
});

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('library', () => ({ page, browser, app, data, s3 }));

describe('the library in Chromium', () => {
  it('creates a folder from the toolbar', async () => {
    await page.getByRole('button', { name: 'New folder' }).first().click();
    await page.getByRole('dialog').getByLabel('Folder name').fill('Show B');
    await page.getByRole('button', { name: 'Create' }).click();
    await row(/Show B/).waitFor();
  });

  it('lets an admin choose which groups see a folder', async () => {
    await row(/Show B/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Permissions…' }).click();
    const dialog = page.getByRole('dialog');
    const groups = dialog.getByRole('group', { name: 'Groups' });
    await expect.poll(() => groups.getByRole('checkbox').count()).toBe(3);
    expect(await groups.getByRole('checkbox', { name: /admin/ }).isDisabled()).toBe(true);
    expect(await groups.getByRole('checkbox', { name: /admin/ }).isChecked()).toBe(true);
    await groups.getByRole('checkbox', { name: 'editors' }).check();
    await page.screenshot({ path: path.join(shots, 'library-permissions.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Permissions saved on 1 folder').waitFor();
    await row(/Show B/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Permissions…' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('checkbox', { name: 'editors' }).isChecked()).toBe(true);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('opens folders and shows footage that arrived from another tool', async () => {
    await open('Show A');
    await open('Day 1');
    await row(/A001_C001_0101AB\.mov/).waitFor();
    await row(/A001_C002_0101AB\.mov/).waitFor();
    await page.screenshot({ path: path.join(shots, 'library-table.png') });
  });

  it('renames with F2', async () => {
    await row(/A001_C002_0101AB\.mov/).click();
    await page.keyboard.press('F2');
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('A001_C002_0101AB graded.mov');
    await page.getByRole('button', { name: 'Rename' }).click();
    await row(/A001_C002_0101AB graded\.mov/).waitFor();
    await expect.poll(() => exists('Show A/Day 1/A001_C002_0101AB graded.mov')).toBe(true);
  });

  it('moves through the context menu, and undoes it', async () => {
    await row(/A001_C001_0101AB\.mov/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Move to folder/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('button', { name: 'Library' })
      .or(dialog.getByText('Library', { exact: true }))
      .first()
      .click();
    await dialog.getByText('Show B', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(() => row(/A001_C001_0101AB\.mov/).count()).toBe(0);
    await expect.poll(() => exists('Show B/A001_C001_0101AB.mov')).toBe(true);
    await page.getByRole('button', { name: 'Undo' }).click();
    await row(/A001_C001_0101AB\.mov/).waitFor();
    await expect.poll(() => exists('Show A/Day 1/A001_C001_0101AB.mov')).toBe(true);
  });

  it('deletes to the trash after confirming, and restores from Trash', async () => {
    await row(/A001_C001_0101AB\.mov/).click();
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => row(/A001_C001_0101AB\.mov/).count()).toBe(0);
    await page.getByText('Trash', { exact: true }).click();
    await row(/A001_C001_0101AB\.mov/).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => row(/A001_C001_0101AB\.mov/).count()).toBe(0);
    await page.locator('[data-path="Show A/Day 1/"]').first().click();
    await row(/A001_C001_0101AB\.mov/).waitFor();
  });

  it('downloads two files to a chosen folder, with progress in the transfer panel', async () => {
    const folder = path.join(data.dir, 'Downloads');
    await mkdir(folder);
    await row(/A001_C001_0101AB\.mov/).click();
    await row(/A001_C002_0101AB graded\.mov/).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Download' }).first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByLabel('Download to').inputValue()).toBe(path.join(data.dir, 'default-downloads'));
    // A folder that does not exist is refused on the field, and nothing starts.
    await dialog.getByLabel('Download to').fill(path.join(folder, 'missing'));
    await dialog.getByRole('button', { name: 'Download' }).click();
    await dialog.getByText(/There is no folder at/).waitFor();
    await dialog.getByLabel('Download to').fill(folder);
    await dialog.getByRole('button', { name: 'Download' }).click();
    const queue = page.getByRole('list', { name: 'Transfer queue' });
    await queue.locator('[data-state="succeeded"]').nth(1).waitFor();
    await page.screenshot({ path: path.join(shots, 'library-transfers.png') });
    expect(await readFile(path.join(folder, 'A001_C001_0101AB.mov'), 'utf8')).toBe('first take');
    expect(await readFile(path.join(folder, 'A001_C002_0101AB graded.mov'), 'utf8')).toBe('second take');
    expect((await readdir(folder)).sort()).toEqual(['A001_C001_0101AB.mov', 'A001_C002_0101AB graded.mov']);
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => queue.getByRole('listitem').count()).toBe(0);
    await page.getByRole('button', { name: 'Hide transfers' }).first().click();
  });

  it('shows what another user adds through the change feed, without a reload', async () => {
    await put('Show A/Day 1/A002_C001_0102CD.mov', 'from the other bay');
    // The feed brings it on its own; the wait only bounds a failure (latency is not a test's to time).
    await row(/A002_C001_0102CD\.mov/).waitFor({ timeout: 30_000 });
  });

  it('switches to the card view and remembers it', async () => {
    await page.getByRole('button', { name: 'Card view' }).click();
    await page.getByText('A002_C001_0102CD.mov').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'library-cards.png') });
    await page.reload();
    await expect.poll(async () => (await page.getByRole('button', { name: 'Card view' }).getAttribute('aria-pressed')) ?? '').toBe('true');
  });

  it('opens settings with the connection and the download folder', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByText('Local mode, on this computer').waitFor();
    await dialog.getByLabel('Download to').fill(path.join(data.dir, 'Downloads'));
    await page.screenshot({ path: path.join(shots, 'settings.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The card view is still on (the test before switched to it).
    await page.getByRole('gridcell', { name: 'Show A' }).dblclick();
    await page.getByRole('gridcell', { name: 'Day 1' }).dblclick();
    await page.getByRole('gridcell', { name: 'A001_C001_0101AB.mov' }).click();
    await page.getByRole('button', { name: 'Download' }).first().click();
    // The dialog fills the folder in once main has answered, as the test above waits for too.
    await expect.poll(() => page.getByRole('dialog').getByLabel('Download to').inputValue()).toBe(path.join(data.dir, 'Downloads'));
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });
});
