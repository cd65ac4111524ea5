import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '@rushes/lambdas/local';
import { freePortRange, startTestStack, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, repoRoot, runNpm, stopApp, type RunningApp } from './launch';

// Switching backend from the app: the app starts on one backend (web mode's own local stack),
// the user imports another backend's connection profile (a second stack, standing in for a
// cloud deploy), and signs in there, with nothing else to edit. A wrong profile is refused
// with the field named.
const HERE = { email: 'dit@example.com', password: 'Dailies-2026' };
const THERE = { email: 'cloud.admin@example.com', password: 'Elsewhere2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let other: LocalStack;
const dirs: Awaited<ReturnType<typeof tempDataDir>>[] = [];
const shots = path.join(repoRoot, 'test-results');

beforeAll(async () => {
  const here = await tempDataDir('rushes-e2e-profile-');
  const there = await tempDataDir('rushes-e2e-other-');
  dirs.push(here, there);
  const base = await freePortRange();
  app = runNpm('web', {
    RUSHES_DATA_DIR: here.dir,
    RUSHES_PORT: String(base),
    RUSHES_ADMIN_EMAIL: HERE.email,
    RUSHES_ADMIN_PASSWORD: HERE.password,
  });
  other = await startTestStack({ dataDir: there.dir, adminEmail: THERE.email, adminPassword: THERE.password });
  const url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  await stopApp(app);
  await other?.stop();
  for (const dir of dirs) await dir.remove();
});

describe('importing a connection profile', () => {
  it('refuses a profile with a missing field and names it, in Settings', async () => {
    await page.getByLabel('Email').fill(HERE.email);
    await page.getByLabel('Password').fill(HERE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(HERE.email, { exact: true }).waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Import connection profile…' }).click();
    const broken = { ...other.profile, cognito: { clientId: other.profile.cognito.clientId } };
    await page.getByLabel('Connection profile', { exact: true }).fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Import and connect' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('cognito.userPoolId');
    await page.screenshot({ path: path.join(shots, 'e2e-profile-import-error.png') });
  });

  it('switches to the imported backend: the user signs in there and the app talks to it', async () => {
    await page.getByLabel('Connection profile', { exact: true }).fill(JSON.stringify(other.profile, null, 2));
    await page.getByRole('button', { name: 'Import and connect' }).click();

    // Signed out, told where the app is connected now.
    await page.getByText(`Connected to ${other.profile.apiUrl}`).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(shots, 'e2e-profile-imported.png') });
    await page.getByLabel('Email').fill(HERE.email);
    await page.getByLabel('Password').fill(HERE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The first backend's account does not exist there.
    await page.getByText('Incorrect email or password.').waitFor();

    await page.getByLabel('Email').fill(THERE.email);
    await page.getByLabel('Password').fill(THERE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(THERE.email, { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText('The library is empty').waitFor();

    // The API calls go to the imported backend: a folder made in the app is in its catalog.
    expect(await other.catalog.getFolder('Imported Show/')).toBeNull();
    await page.getByRole('button', { name: 'New folder' }).first().click();
    await page.getByRole('dialog').getByLabel('Folder name').fill('Imported Show');
    await page.getByRole('button', { name: 'Create' }).click();
    await page
      .getByRole('row', { name: /Imported Show/ })
      .first()
      .waitFor();
    expect(await other.catalog.getFolder('Imported Show/')).not.toBeNull();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog').getByText(other.profile.apiUrl).waitFor();
    await page.waitForTimeout(400); // the dialog's fade-in, for the screenshot
    await page.screenshot({ path: path.join(shots, 'e2e-profile-settings.png') });
  });
});
