import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RouteName } from '@rushes/shared';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { apiCallAs } from './apiCall';
import { launchChromium, repoRoot, runNpm, tearDownE2e, type RunningApp } from './launch';

// An admin's first morning on a show, through the real app in Chromium: a group and a user
// for the show, the show's folder restricted to the group, the user added; the user signs in
// (choosing their own password) and sees only that show; taken out of the group, they lose
// it at their next token refresh. RUSHES_REFRESH_SECONDS=10 makes refreshes come every 10 s
// instead of once an hour, the same refresh a signed-in user gets in production.
const ADMIN = { email: 'admin@example.com', password: 'Dailies-2026' };
const ED = { email: 'ed@example.com', password: 'Cutting-room-2026' };
const REFRESH_SECONDS = 10;
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let base: number;
let temporaryPassword = '';
const shots = path.join(repoRoot, 'test-results');
/** A picture once dialogs and toasts have finished moving. */
async function shot(name: string) {
  // Runs in the page; the e2e project is typechecked without DOM types, and the page's CSP forbids eval.
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  await page.screenshot({ path: path.join(shots, `admin-${name}.png`) });
}

const row = (name: string | RegExp) => page.getByRole('row', { name }).first();

async function signIn(email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openAdmin(tab: 'Users' | 'Groups' | 'Workstations' | 'Audit log') {
  if (!(await page.getByRole('main', { name: 'Administration' }).isVisible()))
    await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

async function backToLibrary() {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.getByRole('main', { name: 'Library' }).waitFor();
}

/** An admin's API call from outside the app, as a second admin at another desk would make it. */
function adminCall<T>(name: RouteName, input: { body?: unknown } = {}): Promise<T> {
  return apiCallAs<T>(data.dir, ADMIN, name, input.body);
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-admin-');
  base = await freePortRange();
  app = runNpm('web', {
    RUSHES_DATA_DIR: data.dir,
    RUSHES_PORT: String(base),
    RUSHES_ADMIN_EMAIL: ADMIN.email,
    RUSHES_ADMIN_PASSWORD: ADMIN.password,
    RUSHES_REFRESH_SECONDS: String(REFRESH_SECONDS),
  });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await signIn(ADMIN.email, ADMIN.password);
  await page.getByRole('main', { name: 'Library' }).waitFor();
});

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('admin', () => ({ page, browser, app, data }));

describe('users, groups and permissions in Chromium', () => {
  it('an admin makes the show folders, a group show-a and a user ed@example.com with a temporary password', async () => {
    for (const name of ['Show A', 'Show B']) {
      await page.getByRole('button', { name: 'New folder' }).first().click();
      await page.getByRole('dialog').getByLabel('Folder name').fill(name);
      await page.getByRole('button', { name: 'Create' }).click();
      await row(new RegExp(name)).waitFor();
    }

    await openAdmin('Groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const groupForm = page.getByRole('dialog');
    await groupForm.getByLabel('Name').fill('show a');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    // The server's rule, shown on the field it names; nothing is created.
    await groupForm.getByText(/Group name contains a space/).waitFor();
    await shot('group-name-error');
    await groupForm.getByLabel('Name').fill('show-a');
    await groupForm.getByLabel('Description (optional)').fill('Crew of Show A');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    await row(/show-a/).waitFor();
    await shot('groups');

    await openAdmin('Users');
    await page.getByRole('button', { name: 'New user' }).click();
    const userForm = page.getByRole('dialog');
    await userForm.getByLabel('Email address').fill(ED.email);
    await userForm.getByRole('button', { name: 'Create user' }).click();
    temporaryPassword = (await page.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporaryPassword).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{16}$/);
    await shot('temporary-password');
    await page.getByRole('button', { name: 'Done' }).click();
    await row(/ed@example\.com/).waitFor();
    expect(await row(/ed@example\.com/).textContent()).toContain('Must set password');
    await shot('users');

    // No edit bay yet: the tab says so, and its form opens with the platforms this backend can send to.
    await openAdmin('Workstations');
    await page.getByText('No workstation yet.').waitFor();
    await shot('workstations');
    await page.getByRole('button', { name: 'New workstation' }).click();
    await page.getByRole('dialog').getByLabel('Share root').waitFor();
    await shot('workstation-form');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('restricts Show A to show-a and adds ed to the group; the folder lists who can see it', async () => {
    await backToLibrary();
    await row(/Show A/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Permissions…' }).click();
    await page
      .getByRole('dialog')
      .getByRole('checkbox', { name: /show-a/ })
      .check();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Permissions saved on 1 folder').waitFor();

    await openAdmin('Groups');
    await page.getByRole('button', { name: 'Members of show-a' }).click();
    const members = page.getByRole('dialog');
    await members.getByLabel('Add people').fill('ed@');
    await page.getByRole('option', { name: ED.email }).click();
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByRole('row', { name: new RegExp(ED.email) }).waitFor();
    await shot('group-members');
    await members.getByRole('button', { name: 'Close' }).click();

    await backToLibrary();
    await row(/Show A/).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Permissions…' }).click();
    const viewers = page.getByRole('list', { name: 'Who can see this folder' });
    await viewers.getByText(ED.email).waitFor();
    expect(await viewers.textContent()).toContain('via show-a');
    await shot('permissions-viewers');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await openAdmin('Audit log');
    await row(/user\.groups/).waitFor();
    await row(/group\.create/).waitFor();
    await shot('audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^rushes-audit-\d{12}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,actor,action,outcome,target,address,details');
    expect(lines.filter((line) => line.includes(',folder.acl,succeeded,Show A/,'))).toEqual([
      expect.stringMatching(/,"before=admin; after=admin,show-a; viaParent=false"$/),
    ]);
    // Who changed Show A's permissions: user, action and path together, chosen by keyboard.
    await page.getByLabel('Who').fill(ADMIN.email);
    await page.getByRole('combobox', { name: 'Action' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'folder.acl' }).press('Enter');
    await page.getByLabel('Asset or target').fill('Show A/');
    await expect.poll(() => page.getByRole('row', { name: /group\.create/ }).count()).toBe(0);
    await row(/folder\.acl/).waitFor();
    expect(await page.getByRole('table', { name: 'Audit log' }).getByRole('row').count()).toBe(2);
    await shot('audit-filtered');
    await page.getByRole('button', { name: 'Clear' }).click();
    await row(/group\.create/).waitFor();
    await backToLibrary();
  });

  it('ed signs in on the temporary password, chooses his own, and sees only Show A', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: /Sign out/ }).click();
    await signIn(ED.email, temporaryPassword);
    await page.getByLabel('New password', { exact: true }).fill(ED.password);
    await page.getByLabel('Confirm new password').fill(ED.password);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await row(/Show A/).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Show B/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    await shot('ed-library');
  });

  it('taken out of show-a, ed loses Show A within one token refresh', async () => {
    const { users } = await adminCall<{ users: { id: string; email: string }[] }>('listUsers');
    const ed = users.find((user) => user.email === ED.email)!;
    await adminCall('removeGroupMembers', { body: { name: 'show-a', userIds: [ed.id] } });
    // Still on screen until his token is refreshed: the group is in the token he holds. Without
    // the refresh it stays for the token's hour; the deadline only bounds a failure, so a loaded
    // machine may take a few refresh periods (it once asserted the elapsed time too, and so raced it).
    await expect
      .poll(() => page.getByRole('row', { name: /Show A/ }).count(), { timeout: (REFRESH_SECONDS * 3 + 30) * 1000, interval: 250 })
      .toBe(0);
    // Still signed in, on a fresh token without the group: not signed out.
    await page.getByRole('main', { name: 'Library' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Groups' }).textContent()).toBe('editors');
    await shot('ed-after-removal');
  });
});
