import {
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MFA_REQUIRED_GROUPS, routes, type AuditEvent, type RouteName } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { cognitoFor, totp } from '../../scripts/testing/authenticator';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Two-step sign-in, lockout and disabled users through the real local stack: cognito-local
// behind its guard, the API, the audit log. The product's default applies: admins and media
// managers must enrol, editors may.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'dit@example.com', groups: ['media-managers'] },
  editor: { email: 'ed@example.com', groups: ['editors'] },
  leaver: { email: 'leaver@example.com', groups: ['editors'] },
} as const;
type Person = keyof typeof people;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let cognito: CognitoIdentityProviderClient;
let signedIn: Awaited<ReturnType<typeof signInPeople<Person>>>;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const secrets: Partial<Record<Person, string>> = {};

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({
    dataDir: data.dir,
    adminEmail: people.admin.email,
    adminPassword: TEST_PASSWORD,
    mfaRequiredGroups: DEFAULT_MFA_REQUIRED_GROUPS,
    clock,
  });
  signedIn = await signInPeople(stack, people);
  cognito = cognitoFor(stack.profile);
}, heavyTimeout(120_000));

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await data?.remove();
});

async function send(token: string, name: RouteName, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const spec = routes[name];
  const response = await fetch(new URL(spec.path, stack.profile.apiUrl), {
    method: spec.method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const passwordSignIn = (email: string, password = TEST_PASSWORD) =>
  cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );

const answerCode = (session: string, username: string, code: string) =>
  cognito.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: stack.profile.cognito.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );

async function audit(action: AuditEvent['action']): Promise<AuditEvent[]> {
  return (await stack.catalog.listAudit({ limit: 100, cursor: null, action })).items;
}

/** A code that is surely wrong now: the right one with its first digit changed. */
const wrongCode = (secret: string) => totp(secret).replace(/^\d/, (d) => String((Number(d) + 5) % 10));

describe('two-step sign-in', () => {
  it('lets a user who must enrol reach only what enrolment needs', async () => {
    const token = signedIn.tokens.manager;
    const refused = await send(token, 'listTrash');
    expect(refused.status).toBe(403);
    expect(refused.body['error']).toMatchObject({ code: 'MFA_ENROLMENT_REQUIRED' });
    expect((await send(token, 'me')).status).toBe(200);
    expect((await send(token, 'securitySettings')).body).toEqual({ mfaRequiredGroups: ['admin', 'media-managers'], idleMinutes: 30 });
    expect((await send(token, 'mfaStatus')).body).toEqual({ required: true, enrolled: false });
    // Editors may enrol; nothing stops them meanwhile.
    expect((await send(signedIn.tokens.editor, 'listTrash')).status).toBe(200);
    expect((await send(signedIn.tokens.editor, 'mfaStatus')).body).toEqual({ required: false, enrolled: false });
  });

  it("enrols through the API: a token not the caller's and a wrong code are refused and audited, the right code turns it on", async () => {
    const signIn = await passwordSignIn(people.manager.email);
    const accessToken = signIn.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const secret = SecretCode!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const manager = signedIn.tokens.manager;

    // Someone else's access token (the editor's), and an ID token in its place: refused, the first audited as denied.
    const editorAccess = (await passwordSignIn(people.editor.email)).AuthenticationResult!.AccessToken!;
    const foreign = await send(manager, 'verifyMfaEnrolment', { code: totp(secret), accessToken: editorAccess });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', field: 'body.accessToken' } } });
    expect((await audit('user.mfa-enrol'))[0]).toMatchObject({
      actor: people.manager.email,
      outcome: 'denied',
      details: { reason: 'the access token belongs to another user' },
    });
    const idInstead = await send(manager, 'verifyMfaEnrolment', { code: totp(secret), accessToken: manager });
    expect(idInstead).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', field: 'body.accessToken' } } });
    expect(String((idInstead.body['error'] as { message: string }).message)).toMatch(/access token/);
    // Bad input names the field and reaches nobody.
    const malformed = await send(manager, 'verifyMfaEnrolment', { code: '12345', accessToken });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', field: 'body.code' } } });
    const notJwt = await send(manager, 'verifyMfaEnrolment', { code: '123456', accessToken: 'not a token' });
    expect(notJwt).toMatchObject({ status: 400, body: { error: { field: 'body.accessToken' } } });
    expect((await send(manager, 'listTrash')).status).toBe(403);

    const failedBefore = (await audit('auth.mfa-failed')).length;
    const wrong = await send(manager, 'verifyMfaEnrolment', { code: wrongCode(secret), accessToken });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'WRONG_CODE', field: 'body.code' } } });
    const failed = await audit('auth.mfa-failed');
    // One row per wrong code: the guard no longer records the same attempt a second time.
    expect(failed).toHaveLength(failedBefore + 1);
    expect(failed[0]).toMatchObject({
      actor: people.manager.email,
      target: people.manager.email,
      outcome: 'failed',
      details: { step: 'enrolment' },
      address: '127.0.0.1',
    });
    expect((await send(manager, 'mfaStatus')).body).toEqual({ required: true, enrolled: false });

    const confirmed = await send(manager, 'verifyMfaEnrolment', { code: totp(secret), accessToken });
    expect(confirmed).toEqual({ status: 200, body: { required: true, enrolled: true } });
    expect((await send(manager, 'listTrash')).status).toBe(200);
    expect((await audit('user.mfa-enrol'))[0]).toMatchObject({
      actor: people.manager.email,
      target: people.manager.email,
      outcome: 'succeeded',
      address: '127.0.0.1',
    });
    secrets.manager = secret;
  });

  it('asks for a code at sign-in; a wrong one is refused and audited, the right one gives tokens that refresh', async () => {
    const first = await passwordSignIn(people.manager.email);
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(first.AuthenticationResult).toBeUndefined();
    const username = first.ChallengeParameters!['USER_ID_FOR_SRP']!;
    await expect(answerCode(first.Session!, username, wrongCode(secrets.manager!))).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    expect((await audit('auth.mfa-failed'))[0]).toMatchObject({ actor: people.manager.email, details: { step: 'sign-in' } });
    // A session the guard never handed out is refused, whatever the code.
    await expect(answerCode('made-up-session', username, totp(secrets.manager!))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const answered = await answerCode(first.Session!, username, totp(secrets.manager!));
    const tokens = answered.AuthenticationResult!;
    expect((await send(tokens.IdToken!, 'listTrash')).status).toBe(200);
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    expect((await send(refreshed.AuthenticationResult!.IdToken!, 'me')).status).toBe(200);
  });

  it("lets an admin reset a user's authenticator: audited, and the next sign-in has no code step", async () => {
    const admin = await adminToken();
    const twoStep = async () =>
      Object.fromEntries(
        ((await send(admin, 'listUsers')).body['users'] as { email: string; twoStep: unknown }[]).map((user) => [user.email, user.twoStep]),
      );
    const users = (await send(admin, 'listUsers')).body['users'] as { id: string; email: string }[];
    const manager = users.find((user) => user.email === people.manager.email)!;
    // The Users table's column: who has an authenticator, and whose groups require one.
    expect(await twoStep()).toMatchObject({
      [people.admin.email]: { enrolled: true, required: true },
      [people.manager.email]: { enrolled: true, required: true },
      [people.editor.email]: { enrolled: false, required: false },
    });
    expect((await send(signedIn.tokens.editor, 'resetUserMfa', { id: manager.id })).status).toBe(403);
    expect(await send(admin, 'resetUserMfa', { id: manager.id })).toEqual({
      status: 200,
      body: { id: manager.id, email: people.manager.email },
    });
    expect((await audit('user.mfa-reset'))[0]).toMatchObject({
      actor: people.admin.email,
      target: people.manager.email,
      details: { before: 'enrolled' },
    });
    expect((await twoStep())[people.manager.email]).toEqual({ enrolled: false, required: true });
    const again = await passwordSignIn(people.manager.email);
    expect(again.ChallengeName).toBeUndefined();
    expect((await send(again.AuthenticationResult!.IdToken!, 'listTrash')).body['error']).toMatchObject({ code: 'MFA_ENROLMENT_REQUIRED' });
  });

  it('lets an admin change who must enrol, naming a bad field; editors may not', async () => {
    const admin = await adminToken();
    const bad = await send(admin, 'setSecuritySettings', { mfaRequiredGroups: ['no-such-group'], idleMinutes: 30 });
    expect([bad.status, (bad.body['error'] as { field: string }).field]).toEqual([400, 'body.mfaRequiredGroups']);
    const short = await send(admin, 'setSecuritySettings', { mfaRequiredGroups: ['admin'], idleMinutes: 1 });
    expect([short.status, (short.body['error'] as { field: string }).field]).toEqual([400, 'body.idleMinutes']);
    expect((await send(signedIn.tokens.editor, 'setSecuritySettings', { mfaRequiredGroups: [], idleMinutes: 30 })).status).toBe(403);
    const saved = await send(admin, 'setSecuritySettings', { mfaRequiredGroups: ['admin', 'editors', 'media-managers'], idleMinutes: 20 });
    expect(saved.status).toBe(200);
    expect((await send(signedIn.tokens.editor, 'listTrash')).body['error']).toMatchObject({ code: 'MFA_ENROLMENT_REQUIRED' });
    expect((await audit('settings.security'))[0]).toMatchObject({
      details: { mfaRequiredGroupsAfter: 'admin,editors,media-managers', idleMinutesBefore: 30, idleMinutesAfter: 20 },
    });
    await send(admin, 'setSecuritySettings', { mfaRequiredGroups: ['admin', 'media-managers'], idleMinutes: 30 });
  });
});

/** The admin, enrolled once and signed in with a code. */
async function adminToken(): Promise<string> {
  if (!secrets.admin) {
    const signIn = await passwordSignIn(people.admin.email);
    const accessToken = signIn.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const enrolled = await send(signedIn.tokens.admin, 'verifyMfaEnrolment', { code: totp(SecretCode!), accessToken });
    expect(enrolled.status).toBe(200);
    secrets.admin = SecretCode!;
  }
  const first = await passwordSignIn(people.admin.email);
  const answered = await answerCode(first.Session!, first.ChallengeParameters!['USER_ID_FOR_SRP']!, totp(secrets.admin));
  return answered.AuthenticationResult!.IdToken!;
}

describe('guessing is slowed', () => {
  it('locks the account after five wrong passwords, says until when, and lets it in once the lock ends', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(passwordSignIn(people.editor.email, 'not-the-password')).rejects.toMatchObject({
        message: 'Incorrect username or password.',
      });
    }
    // The lock ends 15 minutes after the fifth guess: somewhere between the clock before and
    // after that call (a fixed 5 s tolerance raced the call's own time on a loaded machine).
    const earliest = clock.now().getTime() + 15 * 60_000;
    const locked = await passwordSignIn(people.editor.email, 'not-the-password').catch((error: Error) => error);
    const latest = clock.now().getTime() + 15 * 60_000;
    expect(locked).toMatchObject({ name: 'NotAuthorizedException' });
    const shown = /^Password attempts exceeded\. Try again after (.+)\.$/.exec((locked as Error).message);
    const until = Date.parse(shown![1]!);
    expect(until).toBeGreaterThanOrEqual(earliest);
    expect(until).toBeLessThanOrEqual(latest);
    // The right password is refused too while the lock lasts.
    await expect(passwordSignIn(people.editor.email)).rejects.toMatchObject({ message: (locked as Error).message });
    expect((await audit('auth.locked'))[0]).toMatchObject({ actor: people.editor.email, outcome: 'denied', details: { until: shown![1] } });
    expect((await audit('auth.password-failed')).filter((event) => event.actor === people.editor.email)).toHaveLength(5);
    offsetMs += 15 * 60_000 + 1_000;
    expect((await passwordSignIn(people.editor.email)).AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('disabled users', () => {
  it('refuses their ID token on the next request, their refresh token, and a new sign-in', async () => {
    const signIn = await passwordSignIn(people.leaver.email);
    const tokens = signIn.AuthenticationResult!;
    expect((await send(tokens.IdToken!, 'listTrash')).status).toBe(200);
    const admin = await adminToken();
    const users = (await send(admin, 'listUsers')).body['users'] as { id: string; email: string }[];
    const leaver = users.find((user) => user.email === people.leaver.email)!;
    expect((await send(admin, 'setUserEnabled', { id: leaver.id, enabled: false })).status).toBe(200);
    expect((await send(tokens.IdToken!, 'listTrash')).status).toBe(401);
    await expect(
      cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: stack.profile.cognito.clientId,
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    await expect(passwordSignIn(people.leaver.email)).rejects.toMatchObject({ message: 'User is disabled.' });
    expect((await audit('user.disable'))[0]).toMatchObject({ target: people.leaver.email });
  });
});
