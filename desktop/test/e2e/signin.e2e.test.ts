import { readdir, readlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, repoRoot, runNpm, stopApp, type RunningApp } from './launch';

// The first-run story on a fresh data dir, as a user lives it: `npm run web` prints the
// address and a temporary admin password; the admin signs in through the UI in Chromium,
// chooses a new password, and sees their email. Ctrl-C then stops every process.
let browser: Browser;
let app: RunningApp;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let basePort: number;

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-');
  basePort = await freePortRange();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stopApp(app);
  await data?.remove();
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port }, () => probe.close(() => resolve(true)));
  });
}

/** Processes whose working directory is inside the data dir (cognito-local runs there). */
async function processesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.startsWith(dir)) found.push(pid);
  }
  return found;
}

describe('first run in web mode', () => {
  let url: string;
  let temporaryPassword: string;

  it('prints the address to open, the API address and a one-time admin password', async () => {
    app = runNpm('web', { RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(basePort) });
    const ready = await app.waitFor(/Rushes is ready at (http:\/\/127\.0\.0\.1:(\d+)\/#key=[A-Za-z0-9_-]+)/);
    url = ready[1]!;
    expect(Number(ready[2])).toBe(basePort);
    await app.waitFor(new RegExp(`API at http://127\\.0\\.0\\.1:${basePort + 1}\\b`));
    temporaryPassword = (await app.waitFor(/Temporary password \(shown once\): (\S+)/))[1]!;
    expect(app.output()).toContain('admin@rushes.local');
  });

  it('lets the admin sign in through the UI, change the temporary password, and see their email', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);

    await page.getByLabel('Email').fill('admin@rushes.local');
    await page.getByLabel('Password').fill('Not-the-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Incorrect email or password.').isVisible()).toBe(true);

    await page.getByLabel('Password').fill(temporaryPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password', { exact: true }).fill('Dailies-first-2026');
    await page.getByLabel('Confirm new password').fill('Dailies-first-2026');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();

    await page.getByText('admin@rushes.local', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText('The library is empty').waitFor();
    expect(await page.getByText('admin', { exact: true }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-signed-in.png') });

    // The key left the address bar; a reload keeps the tab working and the user signed in
    // (the session lives on the main side, as in Electron).
    expect(page.url()).not.toContain('key=');
    await page.reload();
    await page.getByText('The library is empty').waitFor();

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await page.close();
  });

  it('refuses a page opened without the printed key', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${basePort}/`);
    await page.getByText(/only works when opened from the address it printed/i).waitFor();
    await page.close();
  });

  it('stops every server and child process on Ctrl-C', async () => {
    const before = await processesIn(data.dir);
    expect(before.length).toBeGreaterThan(0); // cognito-local runs in the data dir
    app.interrupt();
    await app.exited;
    for (let port = basePort; port < basePort + 4; port += 1) expect(await portIsFree(port)).toBe(true);
    // Children may take a while to exit behind a loaded CPU; the deadline only bounds a failure.
    await expect.poll(() => processesIn(data.dir), { timeout: 30_000, interval: 250 }).toEqual([]);
  });

  it('keeps the admin and the new password across a restart', async () => {
    app = runNpm('web', { RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(basePort) });
    const ready = await app.waitFor(/Rushes is ready at (\S+)/);
    expect(app.output()).not.toContain('Temporary password');
    const page = await browser.newPage();
    await page.goto(ready[1]!);
    await page.getByLabel('Email').fill('admin@rushes.local');
    await page.getByLabel('Password').fill('Dailies-first-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('admin@rushes.local', { exact: true }).waitFor({ timeout: 60_000 });
    await page.close();
    app.interrupt();
    await app.exited;
  });
});

describe('a port already in use', () => {
  it('gives a clear one-line message, not a stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(basePort, '127.0.0.1', () => resolve()));
    try {
      const clash = runNpm('web', { RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(basePort) });
      expect(await clash.exited).toBe(1);
      expect(clash.output()).toContain(`Port ${basePort} on 127.0.0.1 (web) is already in use`);
      expect(clash.output()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
