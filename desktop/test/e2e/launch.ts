import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { freePortRange } from '../../../scripts/testing/localStack';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Debian's Chromium, with the flags these machines need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface RunningApp {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
  /** Ctrl-C in a terminal: SIGINT to the whole process group. */
  interrupt(): void;
}

/**
 * Runs an npm script exactly as a user would, in its own process group. Tests of other
 * features sign in with a password alone, so no group must use two-step sign-in unless the
 * test says otherwise (mfa.e2e.test.ts passes the product's default).
 */
export function runNpm(script: string, env: Record<string, string>): RunningApp {
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: repoRoot,
    env: { ...process.env, RUSHES_MFA_REQUIRED_GROUPS: 'none', ...env, FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    // The app builds and starts its stand-ins first: slower behind a loaded CPU.
    waitFor: (pattern, timeoutMs = heavyTimeout(90_000)) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          const match = pattern.exec(text);
          if (match) return resolve(match);
          if (child.exitCode !== null) return reject(new Error(`exited (${child.exitCode}) before ${pattern}:\n${text}`));
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${pattern}:\n${text}`));
          setTimeout(tick, 100);
        };
        tick();
      }),
  };
}

/** Stops an app started with runNpm as Ctrl-C would, and waits for it; a no-op if it is gone. */
export async function stopApp(app: RunningApp | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  try {
    app.interrupt();
  } catch {
    // already gone
  }
  await app.exited;
}

/**
 * `npm run web` on a data folder with a permanent admin, that admin signed in in Chromium,
 * and a new empty top-level folder open: where tests that need real assets start.
 */
export async function startInNewFolder(options: {
  dataDir: string;
  admin: { email: string; password: string };
  folder: string;
}): Promise<{ app: RunningApp; browser: Browser; page: Page }> {
  const base = await freePortRange();
  const app = runNpm('web', {
    RUSHES_DATA_DIR: options.dataDir,
    RUSHES_PORT: String(base),
    RUSHES_ADMIN_EMAIL: options.admin.email,
    RUSHES_ADMIN_PASSWORD: options.admin.password,
  });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.getByLabel('Email').fill(options.admin.email);
  await page.getByLabel('Password').fill(options.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('The library is empty').waitFor();
  await page.getByRole('button', { name: 'New folder' }).first().click();
  await page.getByRole('dialog').getByLabel('Folder name').fill(options.folder);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('row', { name: options.folder }).first().dblclick();
  await page.getByText('This folder is empty').waitFor();
  return { app, browser, page };
}

/** A new 1440×900 page on the app at `url`, signed in as `who`. */
export async function openSignedIn(browser: Browser, url: string, who: { email: string; password: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** What an e2e file set up, read when its tests end (beforeAll assigns them). */
export interface E2eParts {
  page?: Page;
  browser?: Browser;
  app?: RunningApp;
  data?: { remove(): Promise<void> };
  s3?: { destroy(): void };
}

/**
 * The teardown every e2e file needs: a failed test leaves a picture of what the user saw
 * (`test-results/failed-<file>-<test>.png`); at the end the browser, the app and its data go.
 */
export function tearDownE2e(file: string, parts: () => E2eParts): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const shot = path.join(repoRoot, 'test-results', `failed-${file}-${context.task.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await parts()
      .page?.screenshot({ path: shot })
      .catch(() => undefined);
  });
  afterAll(async () => {
    const { browser, s3, app, data } = parts();
    await browser?.close();
    s3?.destroy();
    await stopApp(app);
    await data?.remove();
  });
}
