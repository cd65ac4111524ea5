import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { DomainError, type SessionState } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createDesktopServices, type DesktopServices } from '../src/main/services/desktopService';
import { DesktopEventHub } from '../src/main/services/events';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';

// The main-side session and API client against the real stand-ins: cognito-local for
// sign-in, NEW_PASSWORD_REQUIRED and refresh; the local API for /v1/me.
let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let services: DesktopServices;
const pushed: SessionState[] = [];

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir });
  const events = new DesktopEventHub();
  events.subscribe((event, payload) => {
    if (event === 'session') pushed.push(payload);
  });
  services = createDesktopServices({ profile: stack.profile, shell: 'web', version: 'test', events });
});

afterAll(async () => {
  services?.dispose();
  await stack?.stop();
  await data?.remove();
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('desktop session against cognito-local', () => {
  it('starts signed out, and getMe says to sign in', async () => {
    expect(await services.api.getSession()).toEqual({ status: 'signedOut' });
    expect((await failure(services.api.getMe())).code).toBe('SESSION_EXPIRED');
  });

  it('refuses a wrong password, even for an account still on its temporary password', async () => {
    const error = await failure(services.api.signIn({ email: stack.createdAdmin!.email, password: 'Wrong12345' }));
    expect(error.code).toBe('WRONG_CREDENTIALS');
    expect(error.message).toBe('Incorrect email or password.');
    expect(error.field).toBe('password');
  });

  it('gives the same answer for an unknown user, so accounts cannot be probed', async () => {
    const error = await failure(services.api.signIn({ email: 'nobody@example.com', password: 'Whatever123' }));
    expect(error.code).toBe('WRONG_CREDENTIALS');
    expect(error.message).toBe('Incorrect email or password.');
  });

  it('asks for a new password after a temporary one, then signs in', async () => {
    const admin = stack.createdAdmin!;
    const challenged = await services.api.signIn({ email: admin.email, password: admin.temporaryPassword! });
    expect(challenged).toEqual({ status: 'newPasswordRequired', email: admin.email });
    const signedIn = await services.api.completeNewPassword({ newPassword: 'Chosen2026' });
    expect(signedIn).toMatchObject({ status: 'signedIn', user: { email: admin.email, groups: ['admin'], isAdmin: true } });
    expect(pushed.map((s) => s.status)).toEqual(['newPasswordRequired', 'signedIn']);
  });

  it('reaches the API as the signed-in user', async () => {
    expect(await services.api.getMe()).toEqual({ email: stack.createdAdmin!.email, groups: ['admin'], isAdmin: true });
  });

  it('signs in with the new password, and no longer with the temporary one', async () => {
    const admin = stack.createdAdmin!;
    expect((await failure(services.api.signIn({ email: admin.email, password: admin.temporaryPassword! }))).code).toBe(
      'WRONG_CREDENTIALS',
    );
    expect(await services.api.signIn({ email: admin.email, password: 'Chosen2026' })).toMatchObject({ status: 'signedIn' });
  });

  it('refuses completeNewPassword when no new password was asked for', async () => {
    expect((await failure(services.api.completeNewPassword({ newPassword: 'Another2026' }))).code).toBe('CONFLICT');
  });

  it('signs out, after which the API is not reachable as that user', async () => {
    expect(await services.api.signOut()).toEqual({ status: 'signedOut' });
    expect((await failure(services.api.getMe())).code).toBe('SESSION_EXPIRED');
    expect(pushed.at(-1)).toEqual({ status: 'signedOut' });
  });
});

describe('token refresh', () => {
  it('exchanges the refresh token for a new ID token that the API accepts', async () => {
    const { SessionService } = await import('../src/main/services/session');
    const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
    const client = new CognitoIdentityProviderClient({
      region: 'local',
      endpoint: stack.profile.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const states: SessionState[] = [];
    const session = new SessionService(client, stack.profile.cognito.clientId, (s) => states.push(s));
    try {
      await session.signIn(stack.createdAdmin!.email, 'Chosen2026');
      const before = await session.idToken();
      await session.refresh();
      const after = await session.idToken();
      expect(after).not.toBe(before);
      expect(decodeJwt(after).jti).not.toBe(decodeJwt(before).jti);
      expect(decodeJwt(after)['cognito:groups']).toEqual(['admin']);
      const response = await fetch(`${stack.profile.apiUrl}/v1/me`, { headers: { authorization: `Bearer ${after}` } });
      expect(response.status).toBe(200);
      expect(states.map((s) => s.status)).toEqual(['signedIn', 'signedIn']);
    } finally {
      session.dispose();
      client.destroy();
    }
  });
});

describe('automatic refresh', () => {
  async function makeSession(clockAheadMs: number) {
    const { SessionService } = await import('../src/main/services/session');
    const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
    const client = new CognitoIdentityProviderClient({
      region: 'local',
      endpoint: stack.profile.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const states: SessionState[] = [];
    // The clock runs ahead so the one-hour token is seconds from expiry: the refresh timer
    // must fire on its own, on the real clock, against the real cognito-local.
    const session = new SessionService(client, stack.profile.cognito.clientId, (s) => states.push(s), () => Date.now() + clockAheadMs);
    return { session, client, states };
  }

  it('refreshes the tokens before they expire, without being asked', async () => {
    const { session, client, states } = await makeSession(60 * 60_000 - 4_000);
    try {
      await session.signIn(stack.createdAdmin!.email, 'Chosen2026');
      const first = states.at(-1);
      await expect.poll(() => states.length, { timeout: 10_000, interval: 200 }).toBeGreaterThan(1);
      const refreshed = states.at(-1);
      expect(refreshed?.status).toBe('signedIn');
      expect(refreshed).not.toEqual(first);
    } finally {
      session.dispose();
      client.destroy();
    }
  });

  it('signs the user out when the refresh is refused (account deleted)', async () => {
    const { AdminCreateUserCommand, AdminDeleteUserCommand, AdminSetUserPasswordCommand } = await import(
      '@aws-sdk/client-cognito-identity-provider'
    );
    const { session, client, states } = await makeSession(60 * 60_000 - 3_000);
    const poolId = stack.profile.cognito.userPoolId;
    try {
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'leaver@example.com',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: 'leaver@example.com' }],
        }),
      );
      const username = created.User!.Username!;
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Leaving2026', Permanent: true }));
      expect((await session.signIn('leaver@example.com', 'Leaving2026')).status).toBe('signedIn');
      await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
      await expect.poll(() => states.at(-1)?.status, { timeout: 10_000, interval: 200 }).toBe('signedOut');
      expect((await failure(session.idToken())).code).toBe('SESSION_EXPIRED');
    } finally {
      session.dispose();
      client.destroy();
    }
  });
});
