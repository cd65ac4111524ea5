import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, UserView } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Users and groups through the real local API and the real directory (cognito-local):
// admins create, disable, reset and delete users, and manage groups; disabling stops a
// user's tokens at once even though cognito-local would still sign them in.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'dit@example.com', groups: ['media-managers', 'show-a'] },
  crew: { email: 'crew@example.com', groups: ['editors', 'show-a'] },
} as const;
type Person = keyof typeof people;
type ErrorAnswer = { error: { code: string; field?: string; message: string } };

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let signedIn: Awaited<ReturnType<typeof signInPeople<Person>>>;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  signedIn = await signInPeople(stack, people, ['show-a']);
  cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  expect((await signedIn.call('admin', 'createFolder', { body: { parentPath: '', name: 'Show A' } })).status).toBe(200);
  expect((await signedIn.call('admin', 'setFolderAcl', { body: { path: 'Show A/', groups: ['show-a'] } })).status).toBe(200);
}, heavyTimeout(120_000));

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await data?.remove();
});

const call = <T = Record<string, unknown>>(...args: Parameters<typeof signedIn.call>) => signedIn.call<T>(...args);

/** Calls a route with any bearer token (not one of `people`). */
async function callWith(token: string, path: string): Promise<number> {
  const response = await fetch(new URL(path, stack.profile.apiUrl), { headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

async function passwordSignIn(email: string, password: string) {
  return cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
}

/** First sign-in on a temporary password: the forced change, then the ID token. */
async function firstSignIn(email: string, temporaryPassword: string, newPassword: string): Promise<string> {
  return (await firstSignInTokens(email, temporaryPassword, newPassword)).IdToken!;
}

async function firstSignInTokens(email: string, temporaryPassword: string, newPassword: string) {
  const first = await passwordSignIn(email, temporaryPassword);
  expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  const done = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: stack.profile.cognito.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: first.Session,
      ChallengeResponses: { USERNAME: first.ChallengeParameters?.['USER_ID_FOR_SRP'] ?? email, NEW_PASSWORD: newPassword },
    }),
  );
  return done.AuthenticationResult!;
}

async function userByEmail(email: string): Promise<UserView | undefined> {
  return (await call<{ users: UserView[] }>('admin', 'listUsers')).body.users.find((user) => user.email === email);
}

async function audit(query: Record<string, string>): Promise<AuditEvent[]> {
  const answer = await call<{ events: AuditEvent[] }>('admin', 'listAudit', { query });
  expect(answer.status).toBe(200);
  return answer.body.events;
}

describe('users', () => {
  it('creates a user on a temporary password shown once, who must choose a new one at first sign-in', async () => {
    const created = await call<{ user: UserView; temporaryPassword: string }>('admin', 'createUser', {
      body: { email: ' New@Example.com ', groups: ['editors', 'show-a'] },
    });
    expect(created.status).toBe(200);
    expect(created.body.user).toMatchObject({
      email: 'new@example.com',
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      groups: ['editors', 'show-a'],
    });
    expect(created.body.temporaryPassword).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{16}$/);
    const token = await firstSignIn('new@example.com', created.body.temporaryPassword, 'Chosen-dailies-2026');
    expect(await callWith(token, '/v1/folders/children?path=Show%20A%2F')).toBe(200);
    expect((await userByEmail('new@example.com'))?.status).toBe('CONFIRMED');

    const [event] = await audit({ action: 'user.create', target: 'new@example.com' });
    expect(event).toMatchObject({ actor: 'admin@example.com', outcome: 'succeeded', details: { groups: 'editors,show-a' } });
    expect(JSON.stringify(await audit({}))).not.toContain(created.body.temporaryPassword);
  });

  it('keeps a user who chose their password at first sign-in signed in across a token refresh', async () => {
    const created = await call<{ temporaryPassword: string }>('admin', 'createUser', {
      body: { email: 'refresh@example.com', groups: ['show-a'] },
    });
    const tokens = await firstSignInTokens('refresh@example.com', created.body.temporaryPassword, 'Chosen-dailies-2026');
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    expect(await callWith(refreshed.AuthenticationResult!.IdToken!, '/v1/folders/children?path=Show%20A%2F')).toBe(200);
  });

  it('refuses a taken email, an unknown group and a malformed email, naming the field, and creates nobody', async () => {
    const before = (await call<{ users: UserView[] }>('admin', 'listUsers')).body.users.length;
    const taken = await call<ErrorAnswer>('admin', 'createUser', { body: { email: 'crew@example.com' } });
    expect([taken.status, taken.body.error.field]).toEqual([409, 'email']);
    const unknown = await call<ErrorAnswer>('admin', 'createUser', { body: { email: 'x@example.com', groups: ['show-zz'] } });
    expect([unknown.status, unknown.body.error.field, unknown.body.error.message]).toEqual([
      400,
      'groups',
      'There is no group named "show-zz".',
    ]);
    const malformed = await call<ErrorAnswer>('admin', 'createUser', { body: { email: 'not an email' } });
    expect([malformed.status, malformed.body.error.field]).toEqual([400, 'body.email']);
    expect((await call<{ users: UserView[] }>('admin', 'listUsers')).body.users).toHaveLength(before);
  });

  it("disabling stops the user's tokens at once on every kind of route and refuses a new sign-in; enabling brings them back", async () => {
    const crew = (await userByEmail('crew@example.com'))!;
    const token = signedIn.tokens.crew;
    expect(await callWith(token, '/v1/me')).toBe(200);
    const disabled = await call<UserView>('admin', 'setUserEnabled', { body: { id: crew.id, enabled: false } });
    expect([disabled.status, disabled.body.enabled]).toEqual([200, false]);
    for (const path of ['/v1/me', '/v1/folders/children?path=', '/v1/folders/children?path=Show%20A%2F', '/v1/changes?since=0']) {
      expect(await callWith(token, path), path).toBe(401);
    }
    // cognito-local would sign them in; its guard refuses, in Cognito's words.
    await expect(passwordSignIn('crew@example.com', TEST_PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    expect((await userByEmail('crew@example.com'))?.enabled).toBe(false);

    expect((await call('admin', 'setUserEnabled', { body: { id: crew.id, enabled: true } })).status).toBe(200);
    expect(await callWith(token, '/v1/me')).toBe(200);
    const events = await audit({ target: 'crew@example.com' });
    expect(
      events
        .filter((e) => e.action === 'user.disable' || e.action === 'user.enable')
        .map((e) => [e.action, e.details['before'], e.details['after']]),
    ).toEqual([
      ['user.enable', 'disabled', 'enabled'],
      ['user.disable', 'enabled', 'disabled'],
    ]);
  });

  it('will not let an admin disable or delete their own account or leave admin', async () => {
    const me = (await userByEmail('admin@example.com'))!;
    for (const [route, body] of [
      ['setUserEnabled', { id: me.id, enabled: false }],
      ['deleteUser', { id: me.id }],
      ['removeGroupMembers', { name: 'admin', userIds: [me.id] }],
    ] as const) {
      const answer = await call<ErrorAnswer>('admin', route, { body });
      expect(answer.status, route).toBe(400);
      expect(answer.body.error.field).toBe(route === 'removeGroupMembers' ? 'userIds' : 'id');
    }
    expect(await callWith(signedIn.tokens.admin, '/v1/me')).toBe(200);
  });

  it('resets a password to a new temporary one: the old password stops working, the new one forces a change', async () => {
    const created = await call<{ user: UserView; temporaryPassword: string }>('admin', 'createUser', {
      body: { email: 'reset@example.com' },
    });
    await firstSignIn('reset@example.com', created.body.temporaryPassword, 'Chosen-dailies-2026');
    const reset = await call<{ temporaryPassword: string }>('admin', 'resetUserPassword', { body: { id: created.body.user.id } });
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).not.toBe(created.body.temporaryPassword);
    expect(
      await passwordSignIn('reset@example.com', 'Chosen-dailies-2026').then(
        () => 'signed in',
        () => 'refused',
      ),
    ).toBe('refused');
    await firstSignIn('reset@example.com', reset.body.temporaryPassword, 'Chosen-dailies-2027');
    expect((await audit({ action: 'user.password-reset' }))[0]).toMatchObject({
      target: 'reset@example.com',
      details: { after: 'FORCE_CHANGE_PASSWORD' },
    });
  });

  it('deletes a user: gone from the list, and their still-unexpired token is refused', async () => {
    const created = await call<{ user: UserView; temporaryPassword: string }>('admin', 'createUser', {
      body: { email: 'leaver@example.com', groups: ['show-a'] },
    });
    const token = await firstSignIn('leaver@example.com', created.body.temporaryPassword, 'Chosen-dailies-2026');
    expect(await callWith(token, '/v1/me')).toBe(200);
    expect((await call('admin', 'deleteUser', { body: { id: created.body.user.id } })).status).toBe(200);
    expect(await callWith(token, '/v1/me')).toBe(401);
    expect(await userByEmail('leaver@example.com')).toBeUndefined();
    expect((await call('admin', 'deleteUser', { body: { id: created.body.user.id } })).status).toBe(404);
    expect((await audit({ action: 'user.delete' }))[0]).toMatchObject({ target: 'leaver@example.com', details: { groups: 'show-a' } });
  });
});

describe('groups', () => {
  it('creates a group once, naming the field when the name is taken or invalid', async () => {
    const created = await call('admin', 'createGroup', { body: { name: 'show-c', description: 'Show C crew' } });
    expect(created.body).toEqual({ name: 'show-c', description: 'Show C crew', builtIn: false, members: 0, folders: 0 });
    const again = await call<ErrorAnswer>('admin', 'createGroup', { body: { name: 'show-c' } });
    expect([again.status, again.body.error.field]).toEqual([409, 'name']);
    const spaced = await call<ErrorAnswer>('admin', 'createGroup', { body: { name: 'show c' } });
    expect([spaced.status, spaced.body.error.field]).toEqual([400, 'body.name']);
  });

  it('adds and removes members, lists them, and counts members and folders per group', async () => {
    const crew = (await userByEmail('crew@example.com'))!;
    const added = await call<{ users: UserView[] }>('admin', 'addGroupMembers', { body: { name: 'show-c', userIds: [crew.id] } });
    expect(added.body.users.map((user) => user.email)).toEqual(['crew@example.com']);
    expect((await userByEmail('crew@example.com'))?.groups).toEqual(['editors', 'show-a', 'show-c']);
    await call('admin', 'createFolder', { body: { parentPath: '', name: 'Show C' } });
    await call('admin', 'setFolderAcl', { body: { path: 'Show C/', groups: ['show-c'] } });
    const groups = (await call<{ groups: { name: string; members: number; folders: number; builtIn: boolean }[] }>('admin', 'listGroups'))
      .body.groups;
    expect(groups.find((group) => group.name === 'show-c')).toMatchObject({ members: 1, folders: 1, builtIn: false });
    expect(groups.find((group) => group.name === 'admin')).toMatchObject({ builtIn: true });
    const missing = await call<ErrorAnswer>('admin', 'addGroupMembers', { body: { name: 'show-c', userIds: ['no-such-user'] } });
    expect([missing.status, missing.body.error.field]).toEqual([404, 'userIds']);
    const [event] = await audit({ action: 'user.groups', target: 'crew@example.com' });
    expect(event?.details).toMatchObject({ added: 'show-c', before: 'editors,show-a', after: 'editors,show-a,show-c' });
  });

  it('lists who can see a folder, and through which groups', async () => {
    const viewers = await call<{ aclGroups: string[]; viewers: { email: string; via: string[] }[] }>('admin', 'folderViewers', {
      query: { path: 'Show C/' },
    });
    expect(viewers.body.aclGroups).toEqual(['admin', 'show-c']);
    expect(viewers.body.viewers.map((viewer) => [viewer.email, viewer.via.join(',')])).toEqual([
      ['admin@example.com', 'admin'],
      ['crew@example.com', 'show-c'],
    ]);
  });

  it('renames a group the only way Cognito allows: a new group with the members, on the same folders', async () => {
    const renamed = await call('admin', 'renameGroup', { body: { name: 'show-c', newName: 'show-c-crew' } });
    expect(renamed.body).toEqual({ name: 'show-c-crew', members: 1, folders: 1 });
    expect((await userByEmail('crew@example.com'))?.groups).toEqual(['editors', 'show-a', 'show-c-crew']);
    expect((await call<{ aclGroups: string[] }>('admin', 'folderAcl', { query: { path: 'Show C/' } })).body.aclGroups).toEqual([
      'admin',
      'show-c-crew',
    ]);
    const builtIn = await call<ErrorAnswer>('admin', 'renameGroup', { body: { name: 'editors', newName: 'cutters' } });
    expect([builtIn.status, builtIn.body.error.field]).toEqual([400, 'name']);
    const taken = await call<ErrorAnswer>('admin', 'renameGroup', { body: { name: 'show-c-crew', newName: 'show-a' } });
    expect([taken.status, taken.body.error.field]).toEqual([409, 'newName']);
  });

  it('refuses to delete a group that folder ACLs use until confirmed, then takes it off them', async () => {
    const refused = await call<ErrorAnswer>('admin', 'deleteGroup', { body: { name: 'show-c-crew' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ field: 'removeFromFolders', message: expect.stringContaining('"Show C"') });
    expect((await call<{ groups: { name: string }[] }>('admin', 'listGroups')).body.groups.map((g) => g.name)).toContain('show-c-crew');
    const deleted = await call('admin', 'deleteGroup', { body: { name: 'show-c-crew', removeFromFolders: true } });
    expect(deleted.body).toEqual({ name: 'show-c-crew', members: 1, folders: 1 });
    expect((await call<{ aclGroups: string[] }>('admin', 'folderAcl', { query: { path: 'Show C/' } })).body.aclGroups).toEqual(['admin']);
    expect((await userByEmail('crew@example.com'))?.groups).toEqual(['editors', 'show-a']);
    const builtIn = await call('admin', 'deleteGroup', { body: { name: 'admin', removeFromFolders: true } });
    expect(builtIn.status).toBe(400);
  });
});

describe('the audit log', () => {
  it('filters by actor, action, target prefix and time, newest first, and pages', async () => {
    const all = await audit({ limit: '500' });
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
    expect((await audit({ actor: 'admin@example.com' })).every((e) => e.actor === 'admin@example.com')).toBe(true);
    expect((await audit({ target: 'Show C/' })).map((e) => e.action)).toEqual(['folder.acl', 'folder.acl', 'folder.acl', 'folder.create']);
    const middle = all[Math.floor(all.length / 2)]!.at;
    expect((await audit({ since: middle, limit: '500' })).every((e) => e.at >= middle)).toBe(true);
    expect((await audit({ until: middle, limit: '500' })).every((e) => e.at < middle)).toBe(true);
    const first = await call<{ events: AuditEvent[]; nextCursor: string }>('admin', 'listAudit', { query: { limit: 3 } });
    const second = await call<{ events: AuditEvent[] }>('admin', 'listAudit', { query: { limit: 3, cursor: first.body.nextCursor } });
    expect([...first.body.events, ...second.body.events].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
  });

  it('refuses bad filters naming the field, and anyone but an admin', async () => {
    const badTime = await call<ErrorAnswer>('admin', 'listAudit', { query: { since: 'yesterday' } });
    expect([badTime.status, badTime.body.error.field]).toEqual([400, 'query.since']);
    const backwards = await call<ErrorAnswer>('admin', 'listAudit', {
      query: { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
    });
    expect([backwards.status, backwards.body.error.field]).toEqual([400, 'query.until']);
    const badAction = await call<ErrorAnswer>('admin', 'listAudit', { query: { action: 'audit.delete' } });
    expect([badAction.status, badAction.body.error.field]).toEqual([400, 'query.action']);
    for (const who of ['manager', 'crew'] as const) expect((await call(who, 'listAudit')).status).toBe(403);
  });
});
