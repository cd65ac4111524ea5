import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DomainError, type ConnectionProfile, type SessionState } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createDesktopServices, type DesktopServices } from '../src/main/services/desktopService';
import { DesktopEventHub } from '../src/main/services/events';
import type { StartRefreshTimer } from '../src/main/services/refreshSchedule';
import { SessionService } from '../src/main/services/session';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

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
    if (event === 'session') pushed.push(payload as SessionState);
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

/**
 * A SessionService with its own real Cognito client, by default straight to cognito-local.
 * `refreshAttempts` holds the time of every REFRESH_TOKEN_AUTH call the session makes (once
 * per call, before the SDK's own retries), to show how often it tries.
 */
/**
 * The session's refresh timer, driven by the test: `delays` is every wait the session asked
 * for, `fire()` runs the pending refresh at once, as if its time had come.
 */
function manualTimer() {
  let pending: (() => void) | null = null;
  const delays: number[] = [];
  const start: StartRefreshTimer = (run, delayMs) => {
    delays.push(delayMs);
    pending = run;
    return () => {
      if (pending === run) pending = null;
    };
  };
  return {
    start,
    delays,
    fire: () => {
      const run = pending;
      if (!run) throw new Error('no refresh is scheduled');
      pending = null;
      run();
    },
  };
}

function openSession(options: { profile?: ConnectionProfile; endpoint?: string; clockAheadMs?: number; timer?: StartRefreshTimer } = {}) {
  const profile = options.profile ?? stack.profile;
  const client = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: options.endpoint ?? profile.cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const refreshAttempts: number[] = [];
  client.middlewareStack.add(
    (next) => (args) => {
      if ((args.input as { AuthFlow?: string }).AuthFlow === 'REFRESH_TOKEN_AUTH') refreshAttempts.push(Date.now());
      return next(args);
    },
    { step: 'initialize', name: 'countRefreshAttempts' },
  );
  const states: SessionState[] = [];
  const clockAheadMs = options.clockAheadMs ?? 0;
  const session = new SessionService(
    client,
    profile.cognito.clientId,
    (s) => states.push(s),
    () => Date.now() + clockAheadMs,
    undefined,
    options.timer,
  );
  return {
    session,
    client,
    states,
    refreshAttempts,
    close: () => {
      session.dispose();
      client.destroy();
    },
  };
}

/**
 * The network between a session and cognito-local: a loopback reverse proxy. `shut()` closes
 * its port, so connections are refused as on a machine that went offline, and `open()`
 * listens on the same port again. With `answer` set it replies in Cognito's place, as a
 * failing proxy or a throttling service would.
 */
class CognitoLink {
  answer: { status: number; headers: Record<string, string>; body: string } | null = null;
  private server: http.Server | null = null;
  private port = 0;

  constructor(private readonly upstream: URL) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async shut(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Kept-alive connections would otherwise still reach Cognito.
    server.closeAllConnections();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const answer = this.answer;
    if (answer) {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, answer.headers).end(answer.body));
      return;
    }
    const forwarded = http.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        // The guard in front of cognito-local answers only requests addressed to it.
        headers: { ...req.headers, host: this.upstream.host },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  }
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
    const signedIn = await services.api.completeNewPassword({ newPassword: 'Chosen-dailies-2026' });
    expect(signedIn).toMatchObject({ status: 'signedIn', user: { email: admin.email, groups: ['admin'], isAdmin: true } });
    expect(pushed.map((s) => s.status)).toEqual(['newPasswordRequired', 'signedIn']);
  });

  it('reaches the API as the signed-in user', async () => {
    expect(await services.api.getMe()).toEqual({ email: stack.createdAdmin!.email, groups: ['admin'], isAdmin: true });
  });

  it('signs in with the new password, and no longer with the temporary one', async () => {
    const admin = stack.createdAdmin!;
    expect((await failure(services.api.signIn({ email: admin.email, password: admin.temporaryPassword! }))).code).toBe('WRONG_CREDENTIALS');
    expect(await services.api.signIn({ email: admin.email, password: 'Chosen-dailies-2026' })).toMatchObject({ status: 'signedIn' });
  });

  it('refuses completeNewPassword when no new password was asked for', async () => {
    expect((await failure(services.api.completeNewPassword({ newPassword: 'Another-dailies-2026' }))).code).toBe('CONFLICT');
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
      await session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
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
  function makeSession(clockAheadMs: number) {
    // The clock runs ahead so the one-hour token is seconds from expiry: the refresh timer
    // must fire on its own, on the real clock, against the real cognito-local.
    return openSession({ clockAheadMs });
  }

  it('refreshes the tokens before they expire, without being asked', async () => {
    const { session, client, states } = makeSession(60 * 60_000 - 4_000);
    try {
      await session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      const first = states.at(-1);
      await expect.poll(() => states.length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(1);
      const refreshed = states.at(-1);
      expect(refreshed?.status).toBe('signedIn');
      expect(refreshed).not.toEqual(first);
    } finally {
      session.dispose();
      client.destroy();
    }
  });

  it('signs the user out when the refresh is refused (account deleted)', async () => {
    const { AdminCreateUserCommand, AdminDeleteUserCommand, AdminSetUserPasswordCommand } =
      await import('@aws-sdk/client-cognito-identity-provider');
    const { session, client, states } = makeSession(60 * 60_000 - 3_000);
    const poolId = stack.profile.cognito.userPoolId;
    try {
      const created = await stack.identityAdmin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'leaver@example.com',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: 'leaver@example.com' }],
        }),
      );
      const username = created.User!.Username!;
      await stack.identityAdmin.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Leaving2026', Permanent: true }),
      );
      expect((await session.signIn('leaver@example.com', 'Leaving2026')).status).toBe('signedIn');
      await stack.identityAdmin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
      await expect.poll(() => states.at(-1)?.status, { timeout: 30_000, interval: 200 }).toBe('signedOut');
      expect((await failure(session.idToken())).code).toBe('SESSION_EXPIRED');
    } finally {
      session.dispose();
      client.destroy();
    }
  });
});

describe('refresh while the identity service cannot be reached', () => {
  let link: CognitoLink;
  beforeEach(async () => {
    link = new CognitoLink(new URL(stack.profile.cognito.endpoint!));
    await link.open();
  });
  afterEach(() => link.shut());

  it('backs off once the token has expired, never hands out the expired token, and recovers', async () => {
    // The clock runs past the token's expiry, so the first refresh is due a second after sign-in.
    const timer = manualTimer();
    const s = openSession({ endpoint: link.endpoint, clockAheadMs: 60 * 60_000 + 10_000, timer: timer.start });
    try {
      await s.session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      const signedIn = s.states.at(-1);
      await link.shut();
      // Each firing starts a refresh; refresh() joins it, so this waits for its answer.
      for (let i = 0; i < 3; i += 1) {
        timer.fire();
        await s.session.refresh();
      }
      // Due at 1 s, then 2 s, 4 s and 8 s after each failure: one call each, not thousands.
      expect(timer.delays).toEqual([1_000, 2_000, 4_000, 8_000]);
      expect(s.refreshAttempts).toHaveLength(3);
      // Still signed in, so nothing is lost; but the API gets no expired token meanwhile.
      expect(s.session.state()).toEqual(signedIn);
      expect(s.states).toEqual([signedIn]);
      const offline = await failure(s.session.idToken());
      expect(offline.code).toBe('NETWORK');
      expect(offline.message).toMatch(/still signed in/);

      await link.open();
      timer.fire();
      await s.session.refresh();
      expect(await s.session.idToken()).toMatch(/^ey/);
      // Two changes: the refresh that passed, and the one idToken made first because this
      // clock still finds the new token near expiry (the expiry is stamped to the second).
      expect(s.states).toHaveLength(3);
      expect(s.states.every((state) => state.status === 'signedIn')).toBe(true);
    } finally {
      s.close();
    }
  });

  const json = { 'content-type': 'application/x-amz-json-1.1' };
  it.each([
    ['a 502 from a proxy', { status: 502, headers: {}, body: '' }],
    [
      'throttling',
      {
        status: 400,
        headers: { ...json, 'x-amzn-errortype': 'TooManyRequestsException' },
        body: JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }),
      },
    ],
  ])('keeps the user signed in through %s, retrying until the refresh passes', async (_, answer) => {
    const timer = manualTimer();
    const s = openSession({ endpoint: link.endpoint, clockAheadMs: 60 * 60_000 - 3_000, timer: timer.start });
    try {
      await s.session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      const signedIn = s.states.at(-1);
      link.answer = answer;
      for (let i = 0; i < 2; i += 1) {
        timer.fire();
        await s.session.refresh();
      }
      expect(s.refreshAttempts).toHaveLength(2);
      expect(timer.delays.slice(1)).toEqual([2_000, 4_000]);
      expect(s.states).toEqual([signedIn]);
      expect(s.session.state().status).toBe('signedIn');

      link.answer = null;
      // The first may join a retry already on the wire; the second is a fresh call.
      await s.session.refresh();
      await s.session.refresh();
      // Two refreshes that passed, each a change (its expiry may equal the first token's:
      // both are stamped to the second).
      expect(s.refreshAttempts).toHaveLength(4);
      expect(s.states).toHaveLength(3);
      expect(s.states.every((state) => state.status === 'signedIn')).toBe(true);
    } finally {
      s.close();
    }
  });
});

describe('overlapping calls: the latest sign-in or sign-out wins', { timeout: heavyTimeout(120_000) }, () => {
  it('a sign-out during sign-in is not undone by the late answer', async () => {
    const s = openSession();
    try {
      const pending = s.session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      expect(s.session.signOut()).toEqual({ status: 'signedOut' });
      expect(await pending).toEqual({ status: 'signedOut' });
      expect(s.states).toEqual([{ status: 'signedOut' }]);
      expect((await failure(s.session.idToken())).code).toBe('SESSION_EXPIRED');
    } finally {
      s.close();
    }
  });

  it('a later sign-in overtakes an earlier one, even when the later one fails', async () => {
    const s = openSession();
    try {
      const first = s.session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      const second = s.session.signIn(stack.createdAdmin!.email, 'Wrong12345');
      expect((await failure(second)).code).toBe('WRONG_CREDENTIALS');
      expect(await first).toEqual({ status: 'signedOut' });
      expect(s.session.state()).toEqual({ status: 'signedOut' });
      expect(s.states).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('a sign-out during a refresh is not undone by the late answer', async () => {
    const s = openSession();
    try {
      await s.session.signIn(stack.createdAdmin!.email, 'Chosen-dailies-2026');
      const refreshing = s.session.refresh();
      s.session.signOut();
      await refreshing;
      expect(s.session.state()).toEqual({ status: 'signedOut' });
      expect(s.states.map((state) => state.status)).toEqual(['signedIn', 'signedOut']);
    } finally {
      s.close();
    }
  });

  it('a sign-out while the new password is being set is not undone by the late answer', async () => {
    // A second stack: its admin is still on a temporary password, which this file's own
    // admin no longer is.
    const otherData = await tempDataDir();
    const other = await startTestStack({ dataDir: otherData.dir });
    const s = openSession({ profile: other.profile });
    try {
      const admin = other.createdAdmin!;
      expect((await s.session.signIn(admin.email, admin.temporaryPassword!)).status).toBe('newPasswordRequired');
      const pending = s.session.completeNewPassword('Chosen-dailies-2026');
      s.session.signOut();
      expect(await pending).toEqual({ status: 'signedOut' });
      expect(s.states.map((state) => state.status)).toEqual(['newPasswordRequired', 'signedOut']);
      expect((await failure(s.session.idToken())).code).toBe('SESSION_EXPIRED');
    } finally {
      s.close();
      await other.stop();
      await otherData.remove();
    }
  });
});
