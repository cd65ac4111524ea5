import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RouteName } from '@rushes/shared';
import { fixture } from '../../../scripts/testing/mediaFixtures';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { apiCallAs } from './apiCall';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// Through the real app in Chromium, local mode: an admin registers a workstation (a
// folder on this machine stands in for its FSx share) for the group cutting; an editor in
// that group sends two uploaded clips to it, sees S3_FSX on both and the files on the share
// at their library paths, removes them, and sees S3 again with the files gone.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
const ED = { email: 'ed@example.com', password: 'Cutting-room-2026' };
const CLIPS = ['A001C001.mov', 'A001C002.mov'] as const;
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let share: string;
const sources = new Map<string, string>();
const shots = path.join(repoRoot, 'test-results');

/** A picture once dialogs and toasts have finished moving. */
async function shot(name: string) {
  // Runs in the page; the e2e project is typechecked without DOM types, and the page's CSP forbids eval.
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  await page.screenshot({ path: path.join(shots, `fsx-${name}.png`) });
}

/** A row of the library's table: the Transfers panel's per-file rows (`Show A/…`) must not match. */
const row = (name: string | RegExp) => page.getByRole('grid').getByRole('row', { name }).first();
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** An admin's API call from outside the app, as a second admin at another desk would make it. */
function adminCall<T>(name: RouteName, body: unknown): Promise<T> {
  return apiCallAs<T>(path.join(data.dir, 'rushes'), ADMIN, name, body);
}

/** The location badge of a file's row: S3 or S3_FSX. */
async function locationOf(name: string): Promise<string> {
  return (
    (await row(new RegExp(name.replace('.', '\\.')))
      .locator('.location-badge')
      .textContent()) ?? ''
  );
}

async function selectBothClips() {
  await row(/A001C001\.mov/).click();
  await row(/A001C002\.mov/).click({ modifiers: ['Shift'] });
  await expect.poll(() => page.locator('[role="row"][aria-selected="true"]').count()).toBe(2);
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-fsx-');
  share = path.join(data.dir, 'edit share');
  await mkdir(share, { recursive: true });
  const card = path.join(data.dir, 'card');
  await mkdir(card, { recursive: true });
  for (const [name, recipe] of [
    [CLIPS[0], 'prores-25.mov'],
    [CLIPS[1], 'prores-23976.mov'],
  ] as const) {
    const file = path.join(card, name);
    await copyFile(await fixture(recipe), file);
    sources.set(name, file);
  }
  ({ app, browser, page } = await startInNewFolder({ dataDir: path.join(data.dir, 'rushes'), admin: ADMIN, folder: 'Show A' }));
}, heavyTimeout(180_000));

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('fsx', () => ({ page, browser, app, data }));

describe('S3 ↔ FSx in Chromium', () => {
  let temporaryPassword = '';

  it('the admin uploads two clips; with no workstation set up, the copy dialog says so plainly', async () => {
    // The clips go up through the app, as a media manager's would; the upload records their checksums.
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const upload = page.getByRole('dialog');
    await upload.getByLabel('Files or folders on this computer').fill([...sources.values()].join('\n'));
    await upload.getByRole('button', { name: 'Check' }).click();
    await upload.getByRole('button', { name: 'Upload 2 files' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Transfer queue' }).locator('[data-state="succeeded"]').count(), { timeout: 60_000 })
      .toBe(2);
    for (const name of CLIPS)
      await expect
        .poll(
          () =>
            row(new RegExp(name.replace('.', '\\.')))
              .getByText('Ready')
              .count(),
          { timeout: 120_000 },
        )
        .toBe(1);
    await page.getByRole('button', { name: 'Hide transfers' }).first().click();

    // The crew: a group, an editor in it, and Show A opened to the group.
    await adminCall('createGroup', { name: 'cutting', description: 'Editors of Show A' });
    await adminCall('setFolderAcl', { path: 'Show A/', groups: ['admin', 'cutting'] });

    await row(/A001C001\.mov/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy to FSx…' }).click();
    const dialog = page.getByRole('dialog', { name: /Copy “A001C001\.mov” to FSx/ });
    await dialog.getByText('No workstation is set up for your groups. Ask an admin.').waitFor();
    expect(await dialog.getByRole('button', { name: /^Copy/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('an admin registers a local workstation for cutting, told which field is wrong first', async () => {
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Workstations' }).click();
    await page.getByText('No workstation yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'New workstation' }).click();
    const form = page.getByRole('dialog', { name: 'New workstation' });
    await form.getByLabel('Name').fill('Edit 1');
    // Local mode offers one platform, chosen already.
    expect(await form.getByRole('combobox', { name: /Platform/ }).textContent()).toBe('Local folder');
    expect(await form.getByLabel('SSM managed instance id').count()).toBe(0);
    await form.getByLabel('Share root').fill('edit share');
    await form.getByRole('checkbox', { name: /cutting/ }).check();
    await form.getByRole('button', { name: 'Create workstation' }).click();
    // The server's rule, on the field it names; nothing is created.
    await form.getByText('The share root must be an absolute path like /mnt/fsx/media').waitFor();
    await shot('workstation-error');
    await form.getByLabel('Share root').fill(share);
    await form.getByRole('button', { name: 'Create workstation' }).click();
    await form.waitFor({ state: 'detached' });
    const created = page.getByRole('table', { name: 'Workstations' }).getByRole('row', { name: /Edit 1/ });
    await created.waitFor();
    expect(await created.textContent()).toContain(share);
    expect(await created.textContent()).toContain('cutting');
    await shot('workstations');

    const { temporaryPassword: password } = await adminCall<{ temporaryPassword: string }>('createUser', {
      email: ED.email,
      groups: ['editors', 'cutting'],
    });
    temporaryPassword = password;
  });

  it('ed copies both clips to Edit 1 from the toolbar, by keyboard, and sees S3_FSX on both', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: /Sign out/ }).click();
    await page.getByLabel('Email').fill(ED.email);
    await page.getByLabel('Password').fill(temporaryPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password', { exact: true }).fill(ED.password);
    await page.getByLabel('Confirm new password').fill(ED.password);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await row(/Show A/).dblclick();
    await row(/A001C002\.mov/).waitFor();
    for (const name of CLIPS) expect(await locationOf(name)).toBe('S3');

    await selectBothClips();
    await page.getByRole('button', { name: 'Copy to FSx' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy 2 files to FSx' });
    await expect.poll(() => dialog.getByTestId('fsx-amount').textContent()).toMatch(/^2 files · \d+(\.\d)? MB$/);
    expect(await dialog.getByTestId('fsx-destination').textContent()).toBe(`${share}/Show A`);
    await expect.poll(() => dialog.getByRole('radio', { name: /Edit 1/ }).isChecked()).toBe(true);
    // Focus is on the chosen workstation: Enter starts, no mouse needed.
    await expect
      .poll(() =>
        dialog
          .getByRole('radio', { name: /Edit 1/ })
          .evaluate((input) => input === (input as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement),
      )
      .toBe(true);
    await shot('copy-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const jobs = page.getByRole('list', { name: 'Edit share jobs' });
    const job = jobs.getByRole('listitem', { name: 'Copy 2 files to Edit 1' });
    await job.waitFor();
    await job.getByRole('button', { name: /Show files of/ }).click();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
    await expect.poll(() => job.locator('[role="row"][data-state="copied"]').count(), { timeout: 30_000 }).toBe(2);
    expect(await job.textContent()).toContain('Copied and verified');
    for (const name of CLIPS) {
      await expect.poll(() => locationOf(name), { timeout: 60_000 }).toBe('S3_FSX');
    }
    await shot('transfers');

    // On the share at their library paths, byte for byte.
    for (const name of CLIPS) {
      const copied = path.join(share, 'Show A', name);
      expect(await sha256(copied)).toBe(await sha256(sources.get(name)!));
    }
  });

  it('shows where each clip is: the badge names the workstation, the metadata panel the path on its share', async () => {
    await row(/A001C001\.mov/)
      .locator('.location-badge')
      .hover();
    await page.getByRole('tooltip').getByText('In S3 and on the edit share of Edit 1').waitFor();
    await page.getByRole('button', { name: 'Card view' }).click();
    const card = page.getByRole('gridcell', { name: 'A001C001.mov' });
    await expect.poll(() => card.locator('.location-badge').textContent()).toBe('S3_FSX');
    for (const name of CLIPS)
      await expect.poll(() => page.getByRole('gridcell', { name }).locator('img').count(), { timeout: 60_000 }).toBe(1);
    await card.locator('.location-badge').hover();
    await page.getByRole('tooltip').getByText('In S3 and on the edit share of Edit 1').waitFor();
    await shot('badges');
    await page.getByRole('button', { name: 'Table view' }).click();

    await row(/A001C001\.mov/).dblclick();
    const viewer = page.getByRole('dialog', { name: 'Viewer: A001C001.mov' });
    const location = viewer.getByRole('region', { name: 'Location' });
    await location.getByText(path.join(share, 'Show A', 'A001C001.mov')).waitFor();
    expect(await location.textContent()).toContain('Edit 1');
    expect(await location.textContent()).not.toContain('ws-');
    await location.scrollIntoViewIfNeeded();
    await shot('metadata');
    await viewer.getByRole('button', { name: 'Close viewer' }).click();
  });

  it('ed removes them from the context menu: S3 again, and the files are gone from the share', async () => {
    await selectBothClips();
    await row(/A001C002\.mov/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Remove from FSx…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove 2 files from FSx' });
    // The last workstation used is the one chosen (once the dialog has loaded the workstations).
    await expect.poll(() => dialog.getByRole('radio', { name: /Edit 1/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Remove 2 files' }).click();
    await dialog.waitFor({ state: 'detached' });

    const job = page.getByRole('list', { name: 'Edit share jobs' }).getByRole('listitem', { name: 'Remove 2 files from Edit 1' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
    for (const name of CLIPS) {
      await expect.poll(() => locationOf(name), { timeout: 60_000 }).toBe('S3');
      expect(await exists(path.join(share, 'Show A', name))).toBe(false);
    }
    await shot('removed');
  });

  it('a share that is gone fails the job with its reason, in red, and the clip stays S3', async () => {
    await rename(share, `${share}-unmounted`);
    try {
      await row(/A001C001\.mov/).click();
      // The menu's shortcut, from the library.
      await page.keyboard.press('Control+Shift+E');
      const dialog = page.getByRole('dialog', { name: 'Copy “A001C001.mov” to FSx' });
      await dialog.getByRole('button', { name: 'Copy 1 file' }).waitFor();
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      const job = page.getByRole('list', { name: 'Edit share jobs' }).getByRole('listitem', { name: 'Copy “A001C001.mov” to Edit 1' });
      await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
      expect(await job.textContent()).toContain('1 of 1 file failed: the share root does not exist on this workstation');
      await page.getByRole('alert').filter({ hasText: 'Copy “A001C001.mov” to Edit 1: 1 of 1 file failed' }).waitFor();
      await job.getByRole('button', { name: /Show files of/ }).click();
      await job.locator('[role="row"][data-state="failed"]').waitFor();
      expect(await locationOf('A001C001.mov')).toBe('S3');
      await shot('failed');
    } finally {
      await rename(`${share}-unmounted`, share);
    }
  });

  it('copies a whole folder from its context menu, counted before it goes', async () => {
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'Library' }).click();
    await row(/Show A/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy to FSx…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy the folder “Show A” to FSx' });
    await expect.poll(() => dialog.getByTestId('fsx-amount').textContent(), { timeout: 60_000 }).toMatch(/^2 files · 44\.\d MB$/);
    await dialog.getByRole('button', { name: 'Copy 2 files' }).click();
    await dialog.waitFor({ state: 'detached' });
    const job = page.getByRole('list', { name: 'Edit share jobs' }).getByRole('listitem').first();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
    for (const name of CLIPS) expect(await sha256(path.join(share, 'Show A', name))).toBe(await sha256(sources.get(name)!));
  });
});
