import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// The keyboard, through the real app in Chromium: the shortcuts help opens with ? and from
// the account menu, lists what the registry declares for this platform, and a listed key runs
// its command.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const shots = path.join(repoRoot, 'test-results');

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-keys-');
  ({ app, browser, page } = await startInNewFolder({ dataDir: data.dir, admin: ADMIN, folder: 'Keys' }));
}, heavyTimeout(180_000));

tearDownE2e('shortcuts', () => ({ page, browser, app, data }));

/** The keys cell of a command's row in one group's table. */
const keysOf = (group: string, command: string) =>
  page
    .getByRole('dialog', { name: 'Keyboard shortcuts' })
    .getByRole('table', { name: group, exact: true })
    .getByRole('row', { name: command })
    .getByRole('cell');

describe('keyboard shortcuts in Chromium', () => {
  it('opens the help with ?, grouped, with the keys for this platform', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const group of ['Library', 'Selection', 'Folder tree', 'Viewer', 'Transport', 'Window'])
      expect(await help.getByRole('table', { name: group, exact: true }).getByRole('columnheader', { name: group }).count()).toBe(1);
    // Chromium on Linux: Ctrl, spelled out.
    expect(await keysOf('Library', 'Copy to FSx…').textContent()).toBe('Ctrl+Shift+E');
    expect(await keysOf('Library', 'Go to the enclosing folder').innerText()).toBe('Backspace or Alt+↑');
    expect(await keysOf('Transport', 'Shuttle forward').innerText()).toMatch(/^L\s+\(again for faster\)$/);
    expect(await keysOf('Window', 'Sign out').textContent()).toBe('Ctrl+Shift+Q');
    await page.screenshot({ path: path.join(shots, 'shortcuts-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('opens the same help from the account menu', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: /Keyboard shortcuts/ }).click();
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
  });

  it('leaves ? to a text field', async () => {
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.pressSequentially('what?');
    // Had the window taken the key, it would not have been typed.
    expect(await search.inputValue()).toBe('what?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await search.fill('');
  });

  it('shows the registry’s keys in the folder tree’s menu', async () => {
    await page.getByRole('treeitem', { name: 'Keys' }).locator('[data-path]').first().click({ button: 'right' });
    const copy = page.getByRole('menuitem', { name: /Copy to FSx/ });
    expect(await copy.innerText()).toMatch(/Copy to FSx…\s+Ctrl\+Shift\+E/);
    // Renaming, moving or deleting a folder that may hold the one listed is done from the listing.
    expect(await page.getByRole('menuitem', { name: 'Rename' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await copy.waitFor({ state: 'detached' });
  });

  it('runs a command by the key the help lists', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('Control+Shift+N');
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Folder name').fill('Day 2');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('row', { name: /Day 2/ }).first().waitFor();
  });
});
