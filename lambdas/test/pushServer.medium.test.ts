import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { PUSH_PROTOCOL, pushProtocols } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { knock } from './support/pushChannel';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Local mode's push channel at the upgrade: the token is checked as the HTTP API checks it,
// and a refusal is a plain HTTP answer that names the problem, before any socket opens.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors'] },
  gone: { email: 'gone@example.com', groups: ['editors'] },
};

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let tokens: Record<keyof typeof people, string>;

const knockHere = (options: { protocols?: string[]; path?: string; headers?: Record<string, string> }) =>
  knock(stack.profile.pushUrl!.replace('/v1/push', options.path ?? '/v1/push'), options);

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  ({ tokens } = await signInPeople(stack, people));
  const goneId = decodeJwt(tokens.gone).sub!;
  await stack.catalog.setUserDisabled(goneId, {
    email: people.gone.email,
    disabledAt: new Date().toISOString(),
    disabledBy: 'admin@example.com',
  });
}, heavyTimeout(120_000));

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

describe('the local push channel at the upgrade', () => {
  it('opens for a signed-in user who offers the protocol and the ID token, and picks the protocol', async () => {
    expect(await knockHere({ protocols: pushProtocols(tokens.editor) })).toEqual({ opened: PUSH_PROTOCOL });
  });

  it('refuses without a token, with a forged one, for a disabled user, elsewhere, and from another origin', async () => {
    expect(await knockHere({ protocols: [PUSH_PROTOCOL] })).toMatchObject({ status: 401, body: expect.stringContaining(PUSH_PROTOCOL) });
    const [head, , signature] = tokens.editor.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...decodeJwt(tokens.editor), 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    expect(await knockHere({ protocols: pushProtocols(forged) })).toMatchObject({
      status: 401,
      body: expect.stringContaining('signature'),
    });
    expect(await knockHere({ protocols: pushProtocols(tokens.gone) })).toMatchObject({
      status: 401,
      body: expect.stringContaining('disabled'),
    });
    expect(await knockHere({ protocols: pushProtocols(tokens.editor), path: '/v1/changes' })).toMatchObject({ status: 404 });
    expect(await knockHere({ protocols: pushProtocols(tokens.editor), headers: { origin: 'https://evil.example' } })).toMatchObject({
      status: 403,
      body: expect.stringContaining('origin'),
    });
  });
});
