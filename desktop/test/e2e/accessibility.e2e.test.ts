import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEFAULT_MFA_REQUIRED_GROUPS } from '@rushes/shared';
import { totp } from '../../../scripts/testing/authenticator';
import { fixture } from '../../../scripts/testing/mediaFixtures';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, repoRoot, runNpm, tearDownE2e, type RunningApp } from './launch';
import { describe as describeFinding, expectAccessible, findings } from './axe';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// WCAG 2.1 AA, as axe-core checks it, over every screen and dialog a crew reaches in web mode:
// one stack, the screens in the order a new admin meets them. Two-step sign-in is on for admins
// (the product's default) so the enrolment and code screens are checked too.
const ADMIN = { email: 'admin@example.com', password: 'Dailies-admin-2026' };
const ED = { email: 'ed@example.com', password: 'Cutting-room-2026' };
const FOLDER = 'Day 1';
const CLIP = 'A001C001.mov';
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let secret = '';
let temporaryPassword = '';

const shots = path.join(repoRoot, 'test-results');

/** The outline style the element is drawn with: `none` when it has no focus ring. */
const outlineOf = (target: Locator) =>
  target.evaluate(
    (element) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(element).outlineStyle,
  );

const row = (name: string | RegExp) => page.getByRole('grid').getByRole('row', { name }).first();

async function signIn(who: { email: string; password: string }) {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function closeDialog() {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function openAdmin(tab: string) {
  if (!(await page.getByRole('main', { name: 'Administration' }).isVisible()))
    await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-axe-');
  await mkdir(path.join(data.dir, 'card'), { recursive: true });
  await copyFile(await fixture('prores-25.mov'), path.join(data.dir, 'card', CLIP));
  app = runNpm('web', {
    RUSHES_DATA_DIR: path.join(data.dir, 'rushes'),
    RUSHES_PORT: String(await freePortRange()),
    RUSHES_ADMIN_EMAIL: ADMIN.email,
    RUSHES_ADMIN_PASSWORD: ADMIN.password,
    RUSHES_MFA_REQUIRED_GROUPS: DEFAULT_MFA_REQUIRED_GROUPS.join(','),
  });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  browser = await launchChromium();
  // AxeBuilder checks frames from a page of its own, so the page lives in a context it can add to.
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(url);
}, heavyTimeout(180_000));

tearDownE2e('accessibility', () => ({ page, browser, app, data }));

// Moderate and minor findings do not fail; the list says what is left.
afterAll(() => {
  const left = findings.filter(({ impact }) => impact !== 'critical' && impact !== 'serious');
  if (left.length) console.log(`axe findings left (moderate/minor):\n${left.map(describeFinding).join('\n')}`);
});

describe('WCAG 2.1 AA in Chromium', () => {
  it('sign-in', async () => {
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in');
  });

  it('two-step sign-in enrolment', async () => {
    await signIn(ADMIN);
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    await expectAccessible(page, 'mfa-enrol');
    await page.getByLabel('6-digit code').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();
  });

  it('two-step sign-in code prompt', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn(ADMIN);
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    await expectAccessible(page, 'mfa-code');
    await page.getByLabel('6-digit code').fill(totp(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();
  });

  it('empty library and the new-folder dialog', async () => {
    await page.getByText('The library is empty').waitFor();
    await expectAccessible(page, 'library-empty');
    await page.getByRole('button', { name: 'New folder' }).first().click();
    await page.getByRole('dialog').getByLabel('Folder name').fill(FOLDER);
    await expectAccessible(page, 'new-folder');
    await page.getByRole('button', { name: 'Create' }).click();
    await row(FOLDER).dblclick();
    await page.getByText('This folder is empty').waitFor();
  });

  it('upload with its plan, then the transfer queue', async () => {
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Files or folders on this computer').fill(path.join(data.dir, 'card', CLIP));
    await dialog.getByRole('button', { name: 'Check' }).click();
    await dialog.getByRole('region', { name: 'Upload plan' }).waitFor();
    await expectAccessible(page, 'upload');
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    await row(CLIP).getByText('Ready', { exact: true }).waitFor({ timeout: 180_000 });
    // The end of the upload is read out by a screen reader, not only drawn.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Transfers finished' }).count()).toBe(1);
    await expectAccessible(page, 'transfers');
    await page.getByRole('button', { name: 'Hide transfers' }).first().click();
  });

  it('library as a table, the active row ringed for the keyboard', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('ArrowDown');
    expect(await outlineOf(row(CLIP))).toBe('solid');
    await page.screenshot({ path: path.join(shots, 'accessibility-table-focus.png') });
    await expectAccessible(page, 'library-table');
  });

  it('library as cards', async () => {
    await page.getByRole('button', { name: 'Card view' }).click();
    await page.getByRole('gridcell', { name: CLIP }).waitFor();
    await page.getByRole('grid').focus();
    expect(await outlineOf(page.getByRole('gridcell', { name: CLIP }))).toBe('solid');
    await expectAccessible(page, 'library-cards');
    await page.getByRole('button', { name: 'Table view' }).click();
  });

  it('viewer with the notes panel', async () => {
    await row(CLIP).dblclick();
    await page.getByRole('dialog', { name: `Viewer: ${CLIP}` }).waitFor();
    await page.getByRole('complementary', { name: 'Notes' }).waitFor();
    await expectAccessible(page, 'viewer');
    await page.getByRole('button', { name: 'Close viewer' }).click();
  });

  it('search with filters', async () => {
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await page.getByRole('search', { name: 'Search filters' }).waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('A001');
    await page.getByRole('grid', { name: 'Search results' }).waitFor();
    await expectAccessible(page, 'search');
    await page.getByRole('textbox', { name: 'Search' }).fill('');
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
  });

  it('export notes as markers', async () => {
    await row(CLIP).click();
    await page.keyboard.press('Control+Shift+M');
    await page.getByRole('dialog', { name: /^Export / }).waitFor();
    await expectAccessible(page, 'export-markers');
    await closeDialog();
  });

  it('move', async () => {
    await row(CLIP).click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Move to folder/ }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'move');
    await closeDialog();
  });

  it('send to workstation (FSx)', async () => {
    await row(CLIP).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy to FSx…' }).click();
    await page.getByRole('dialog', { name: /to FSx/ }).waitFor();
    await expectAccessible(page, 'fsx');
    await closeDialog();
  });

  it('look & burn-in, with the burn-in fields filled in', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('Backspace');
    await row(FOLDER).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    const dialog = page.getByRole('dialog', { name: /Look & burn-in/ });
    await dialog.getByText('No look applies').waitFor();
    await dialog.getByLabel('Source timecode').check();
    await dialog.getByLabel('Watermark').fill('DAILIES — NOT FOR DISTRIBUTION');
    await expectAccessible(page, 'look');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('export MHL: the menu item, then the message saying what was saved', async () => {
    await row(FOLDER).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: 'Export MHL…' }).waitFor();
    await expectAccessible(page, 'export-mhl-menu');
    await menu.getByRole('menuitem', { name: 'Export MHL…' }).click();
    // What the toast says depends on whether the upload left a history; either way it is checked.
    await page.getByText(/ASC MHL (files of Day 1|history yet)/).waitFor();
    await expectAccessible(page, 'export-mhl-saved');
    await row(FOLDER).dblclick();
    await row(CLIP).waitFor();
  });

  it('trash', async () => {
    await page.getByText('Trash', { exact: true }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();
    await expectAccessible(page, 'trash');
    await page.locator(`[data-path="${FOLDER}/"]`).first().click();
  });

  it('settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByText('Local mode, on this computer').waitFor();
    await expectAccessible(page, 'settings');
    await closeDialog();
  });

  it('keyboard shortcuts help', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(page, 'shortcuts');
    await closeDialog();
  });

  it('admin: users, a new user and their temporary password', async () => {
    await openAdmin('Users');
    await page
      .getByRole('row', { name: /admin@example\.com/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'admin-users');
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Email address').fill(ED.email);
    await expectAccessible(page, 'admin-new-user');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('dialog', { name: 'User created' }).waitFor();
    temporaryPassword = (await page.getByTestId('temporary-password').textContent()) ?? '';
    await expectAccessible(page, 'admin-temporary-password');
    await page.getByRole('button', { name: 'Done' }).click();
    // The two-step column, and the confirmation an admin sees before resetting someone's authenticator.
    const admin = page.getByRole('row', { name: /admin@example\.com/ }).first();
    await admin.getByText('Enrolled', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Actions for admin@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Reset two-step sign-in…' }).click();
    await page.getByRole('dialog', { name: 'Reset two-step sign-in' }).waitFor();
    await expectAccessible(page, 'admin-reset-two-step');
    await closeDialog();
  });

  it('admin: groups', async () => {
    await openAdmin('Groups');
    await expectAccessible(page, 'admin-groups');
  });

  it('admin: workstations', async () => {
    await openAdmin('Workstations');
    await expectAccessible(page, 'admin-workstations');
  });

  it('admin: audit log', async () => {
    await openAdmin('Audit log');
    await expectAccessible(page, 'admin-audit');
  });

  it('admin: security', async () => {
    await openAdmin('Security');
    await expectAccessible(page, 'admin-security');
    await page.getByRole('button', { name: 'Library', exact: true }).click();
  });

  it('permissions', async () => {
    await page.locator(`[data-path="${FOLDER}/"]`).first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Permissions…' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'permissions');
    await closeDialog();
  });

  it('new password on first sign-in', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn({ email: ED.email, password: temporaryPassword });
    await page.getByLabel('New password', { exact: true }).waitFor();
    await expectAccessible(page, 'new-password');
  });
});
