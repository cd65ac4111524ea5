import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_MFA_REQUIRED_GROUPS, routes, type AuditEvent, type ConnectionProfile, type RouteName } from '@rushes/shared';
import { cognitoFor, enrolAuthenticator, totp } from '../../../scripts/testing/authenticator';
import { freePortRange, tempDataDir } from '../../../scripts/testing/localStack';
import { launchChromium, repoRoot, runNpm, tearDownE2e, type RunningApp } from './launch';

// Two-step sign-in, idle sign-out and disabling, through the real app in Chromium with the
// product's default: admins and media managers must use an authenticator app, editors may.
// Codes come from the secret the app shows, computed as an authenticator app would (otplib).
const ADMIN = { email: 'admin@example.com', password: 'Dailies-admin-2026' };
const DIT = { email: 'dit@example.com', password: 'Data-wrangler-2026' };
const ED = { email: 'ed@example.com', password: 'Cutting-room-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let url: string;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let profile: ConnectionProfile;
let adminSecret = '';
const shots = path.join(repoRoot, 'test-results');

async function shot(on: Page, name: string) {
  await on.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  await on.screenshot({ path: path.join(shots, `mfa-${name}.png`) });
}

async function signIn(on: Page, who: { email: string; password: string }) {
  await on.getByLabel('Email').fill(who.email);
  await on.getByLabel('Password').fill(who.password);
  await on.getByRole('button', { name: 'Sign in' }).click();
}

/** A code that is surely wrong now: the right one with its first digit changed. */
const wrongCode = (secret: string) => totp(secret).replace(/^\d/, (d) => String((Number(d) + 5) % 10));

/** An ID token for `who`, answering the code step with `secret` when there is one. */
async function idToken(who: { email: string; password: string }, secret?: string): Promise<string> {
  const cognito = cognitoFor(profile);
  try {
    const first = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: who.email, PASSWORD: who.password },
      }),
    );
    if (first.AuthenticationResult?.IdToken) return first.AuthenticationResult.IdToken;
    const challenge = first.ChallengeName!;
    const answer = await cognito.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: challenge,
        ClientId: profile.cognito.clientId,
        Session: first.Session!,
        ChallengeResponses: {
          USERNAME: first.ChallengeParameters!['USER_ID_FOR_SRP']!,
          ...(challenge === 'SOFTWARE_TOKEN_MFA' ? { SOFTWARE_TOKEN_MFA_CODE: totp(secret!) } : { NEW_PASSWORD: who.password }),
        },
      }),
    );
    return answer.AuthenticationResult!.IdToken!;
  } finally {
    cognito.destroy();
  }
}

async function api<T>(token: string, name: RouteName, input: { body?: unknown; query?: Record<string, string> } = {}) {
  const target = new URL(routes[name].path, profile.apiUrl);
  for (const [key, value] of Object.entries(input.query ?? {})) target.searchParams.set(key, value);
  const response = await fetch(target, {
    method: routes[name].method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A new user with a password of their own, created by the admin over the API. */
async function newUser(who: { email: string; password: string }, groups: string[]): Promise<string> {
  const admin = await idToken(ADMIN, adminSecret);
  const created = await api<{ user: { id: string }; temporaryPassword: string }>(admin, 'createUser', {
    body: { email: who.email, groups },
  });
  expect(created.status).toBe(200);
  const cognito = cognitoFor(profile);
  try {
    const first = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: who.email, PASSWORD: created.body.temporaryPassword },
      }),
    );
    await cognito.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: profile.cognito.clientId,
        Session: first.Session!,
        ChallengeResponses: { USERNAME: first.ChallengeParameters!['USER_ID_FOR_SRP']!, NEW_PASSWORD: who.password },
      }),
    );
  } finally {
    cognito.destroy();
  }
  return created.body.user.id;
}

async function audit(action: AuditEvent['action']): Promise<AuditEvent[]> {
  const answer = await api<{ events: AuditEvent[] }>(await idToken(ADMIN, adminSecret), 'listAudit', { query: { action } });
  return answer.body.events;
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-mfa-');
  app = runNpm('web', {
    RUSHES_DATA_DIR: data.dir,
    RUSHES_PORT: String(await freePortRange()),
    RUSHES_ADMIN_EMAIL: ADMIN.email,
    RUSHES_ADMIN_PASSWORD: ADMIN.password,
    // The product's default, said out loud: launch.ts turns it off for tests of other features.
    RUSHES_MFA_REQUIRED_GROUPS: DEFAULT_MFA_REQUIRED_GROUPS.join(','),
  });
  url = (await app.waitFor(/Rushes is ready at (\S+)/))[1]!;
  profile = JSON.parse(await readFile(path.join(data.dir, 'profile.json'), 'utf8')) as ConnectionProfile;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
});

tearDownE2e('mfa', () => ({ page, browser, app, data }));

describe('two-step sign-in in Chromium', () => {
  it('the admin must enrol first: a QR code and the key as text; a wrong code is refused, the right one lets them in', async () => {
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    await page.getByRole('img', { name: /QR code that adds Rushes/ }).waitFor();
    const shown = (await page.getByTestId('mfa-secret').textContent()) ?? '';
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    adminSecret = shown.replace(/\s+/g, '');
    await shot(page, 'enrol');

    await page.getByLabel('6-digit code').fill(wrongCode(adminSecret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('That code is not right').waitFor();
    await page.getByLabel('6-digit code').fill(totp(adminSecret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();

    expect((await audit('user.mfa-enrol'))[0]).toMatchObject({ actor: ADMIN.email, outcome: 'succeeded' });
    // The API checked the code (POST /v1/security/mfa/verify): one row for the one wrong code, with the address.
    const wrongEnrolment = (await audit('auth.mfa-failed')).filter((event) => event.details['step'] === 'enrolment');
    expect(wrongEnrolment).toHaveLength(1);
    expect(wrongEnrolment[0]).toMatchObject({ actor: ADMIN.email, target: ADMIN.email, outcome: 'failed', address: '127.0.0.1' });
  });

  it('signs out, then signs in with a code; a wrong code is refused', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    await shot(page, 'code-prompt');
    await page.getByLabel('6-digit code').fill(wrongCode(adminSecret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('That code is not right').waitFor();
    await shot(page, 'wrong-code');
    await page.getByLabel('6-digit code').fill(totp(adminSecret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();
    expect((await audit('auth.mfa-failed'))[0]).toMatchObject({ actor: ADMIN.email, details: { step: 'sign-in' } });
    expect((await audit('auth.sign-out'))[0]).toMatchObject({ actor: ADMIN.email, details: { reason: 'user' } });
  });

  it("an admin resets a media manager's two-step sign-in in the users tab", async () => {
    await newUser(DIT, ['media-managers']);
    await enrolAuthenticator(profile, DIT.email, DIT.password);
    const cognito = cognitoFor(profile);
    const challenged = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: DIT.email, PASSWORD: DIT.password },
      }),
    );
    expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Users' }).click();
    const row = page.getByRole('row', { name: /dit@example\.com/ }).first();
    await row.getByRole('button').last().click();
    await page.getByRole('menuitem', { name: 'Reset two-step sign-in…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset two-step sign-in' }).click();
    await page.getByText('Two-step sign-in reset for dit@example.com').waitFor();

    const after = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: DIT.email, PASSWORD: DIT.password },
      }),
    );
    cognito.destroy();
    expect(after.ChallengeName).toBeUndefined();
    expect((await audit('user.mfa-reset'))[0]).toMatchObject({ actor: ADMIN.email, target: DIT.email });
  });
});

describe('the Security tab', () => {
  it('shows who must enrol and the idle time, refuses a bad time on its field, and saves', async () => {
    await page.getByRole('tab', { name: 'Security' }).click();
    const minutes = page.getByLabel('Sign out after this many idle minutes');
    await expect.poll(() => minutes.inputValue()).toBe('30');
    expect(await page.getByRole('checkbox', { name: /^admin/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^media-managers/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^editors/ }).isChecked()).toBe(false);
    await minutes.fill('1');
    await page.getByRole('main', { name: 'Administration' }).getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('At least 2 minutes').waitFor();
    await shot(page, 'security-tab');
    await minutes.fill('30');
    await page.getByRole('main', { name: 'Administration' }).getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Sign-in security saved').waitFor();
    expect((await audit('settings.security'))[0]).toMatchObject({ actor: ADMIN.email, details: { idleMinutesAfter: 30 } });
  });
});

describe('enforced by the server', () => {
  it('a signed-in user whose two-step sign-in is reset is taken to set it up again at their next call', async () => {
    const admin = await idToken(ADMIN, adminSecret);
    const users = await api<{ users: { id: string; email: string }[] }>(admin, 'listUsers');
    const me = users.body.users.find((user) => user.email === ADMIN.email)!;
    expect((await api(admin, 'resetUserMfa', { body: { id: me.id } })).status).toBe(200);
    expect((await api<{ error: { code: string } }>(admin, 'listUsers')).body.error.code).toBe('MFA_ENROLMENT_REQUIRED');

    // Back to the library: its listing is refused, and the app turns to enrolment.
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    adminSecret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByLabel('6-digit code').fill(totp(adminSecret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('main', { name: 'Library' }).waitFor();
  });
});

describe('sessions that end', () => {
  it('an idle editor is warned a minute before, then signed out after 30 minutes without input', async () => {
    await newUser(ED, ['editors']);
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    // The page's clock from here on, moved by the test: no waiting for half an hour. (Web mode
    // has one session per app, held on the main side, so the editor signs in on this page.)
    await page.clock.install();
    await signIn(page, ED);
    await page.getByRole('main', { name: 'Library' }).waitFor();
    await page.clock.runFor('28:00');
    expect(await page.getByRole('dialog', { name: 'Still there?' }).isVisible()).toBe(false);
    await page.clock.runFor('01:00');
    await page.getByRole('dialog', { name: 'Still there?' }).waitFor();
    await shot(page, 'idle-warning');
    await page.clock.runFor('01:00');
    await page.getByText('You were signed out after 30 minutes without activity').waitFor();
    await shot(page, 'idle-signed-out');
    expect((await audit('auth.sign-out'))[0]).toMatchObject({ actor: ED.email, details: { reason: 'idle' } });
  });

  it("a disabled user's next API call is refused, and the app signs them out", async () => {
    await signIn(page, ED);
    await page.getByRole('main', { name: 'Library' }).waitFor();
    const token = await idToken(ED);
    expect((await api(token, 'listTrash')).status).toBe(200);
    const admin = await idToken(ADMIN, adminSecret);
    const users = await api<{ users: { id: string; email: string }[] }>(admin, 'listUsers');
    const ed = users.body.users.find((user) => user.email === ED.email)!;
    expect((await api(admin, 'setUserEnabled', { body: { id: ed.id, enabled: false } })).status).toBe(200);

    expect((await api(token, 'listTrash')).status).toBe(401);
    // The app's next call is refused; its refresh token is revoked too, so it signs out. That
    // call is the user's Refresh, or the change feed's own read if it comes first (then the
    // button is gone with the library, and the click has nothing left to do).
    const signedOut = page.getByLabel('Email');
    const refresh = page.getByRole('button', { name: 'Refresh' }).first();
    await refresh.or(signedOut).first().waitFor();
    if (await refresh.isVisible()) await refresh.click().catch(() => signedOut.waitFor());
    await signedOut.waitFor();
    await shot(page, 'disabled-signed-out');
    expect((await audit('user.disable'))[0]).toMatchObject({ actor: ADMIN.email, target: ED.email });
  });
});
