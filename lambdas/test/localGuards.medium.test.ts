import { readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import {
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';

// What a web page the user happens to visit, or a careless client, can do to local mode:
// nothing beyond signing in with a right password.
const ADMIN = { email: 'admin@example.com', password: 'Dailies-2026' };
let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let client: CognitoIdentityProviderClient;
let s3: S3Client;

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  client = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  s3 = new S3Client({
    region: 'local',
    endpoint: stack.profile.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  client?.destroy();
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

function cognitoCall(action: string, payload: unknown, headers: Record<string, string> = {}) {
  return fetch(stack.profile.cognito.endpoint!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}`, ...headers },
    body: JSON.stringify(payload),
  });
}

describe('the Cognito guard', () => {
  it('refuses admin calls from clients: no one can set another user’s password', async () => {
    await expect(
      client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: stack.profile.cognito.userPoolId,
          Username: ADMIN.email,
          Password: 'Hijacked2026',
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(client.send(new ListUsersCommand({ UserPoolId: stack.profile.cognito.userPoolId }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    const signIn = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { USERNAME: ADMIN.email, PASSWORD: ADMIN.password },
      }),
    );
    expect(signIn.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('refuses a new-password answer with a session it did not issue', async () => {
    await expect(
      client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ClientId: stack.profile.cognito.clientId,
          Session: 'made-up-session',
          ChallengeResponses: { USERNAME: ADMIN.email, NEW_PASSWORD: 'Hijacked2026' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses browsers: any Origin, cross-site fetches, and a foreign Host', async () => {
    const payload = {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: ADMIN.email, PASSWORD: ADMIN.password },
    };
    expect((await cognitoCall('InitiateAuth', payload, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await cognitoCall('InitiateAuth', payload, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await cognitoCall('InitiateAuth', payload)).status).toBe(200);
  });

  it('reads the action the way cognito-local does, so a mangled target cannot skip the password check', async () => {
    const payload = {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: ADMIN.email, PASSWORD: 'Wrong12345' },
    };
    const response = await fetch(stack.profile.cognito.endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'X.InitiateAuth' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
  });

  it('refuses compressed or unparsable bodies instead of passing them through', async () => {
    expect((await cognitoCall('InitiateAuth', {}, { 'content-encoding': 'gzip' })).status).toBe(415);
    const garbage = await fetch(stack.profile.cognito.endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: 'not json',
    });
    expect(garbage.status).toBe(400);
  });

  it('serves the JWKS for token verification, and nothing else over GET', async () => {
    const jwks = await fetch(`${stack.profile.cognito.endpoint}/${stack.profile.cognito.userPoolId}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect((await fetch(`${stack.profile.cognito.endpoint}/health`)).status).toBe(404);
  });
});

describe('the S3 front', () => {
  it('serves signed SDK requests', async () => {
    await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show/clip.txt', Body: 'rushes' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.profile.s3.mediaBucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['Show/clip.txt']);
  });

  it('refuses unsigned requests that s3rver itself would serve', async () => {
    const response = await fetch(`${stack.profile.s3.endpoint}/${stack.profile.s3.mediaBucket}?list-type=2`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('AccessDenied');
  });

  it('lets the web-mode renderer fetch a presigned URL, and no other origin', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show/clip.txt' }), {
      expiresIn: 300,
    });
    const ours = await fetch(url, { headers: { origin: `http://127.0.0.1:${stack.config.ports.web}`, 'sec-fetch-site': 'same-site' } });
    expect(ours.status).toBe(200);
    expect(ours.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${stack.config.ports.web}`);
    expect(await ours.text()).toBe('rushes');
    expect((await fetch(url, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await fetch(url, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});

describe('the API server', () => {
  it('refuses a foreign Host (DNS rebinding) and any browser Origin', async () => {
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: stack.config.ports.api, path: '/v1/health', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status({ host: `evil.example:${stack.config.ports.api}` })).toBe(403);
    expect(await status({ origin: 'https://evil.example' })).toBe(403);
    expect(await status({})).toBe(200);
  });
});

describe('listening sockets', () => {
  async function tcpListeners() {
    const table = (await readFile('/proc/net/tcp', 'utf8')) + (await readFile('/proc/net/tcp6', 'utf8').catch(() => ''));
    return table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A') // LISTEN
      .map((cols) => {
        const [address, portHex] = (cols[1] ?? '').split(':');
        return { address, port: parseInt(portHex ?? '0', 16), inode: cols[9] };
      });
  }

  it('binds every TCP port of the stack to 127.0.0.1 only', async () => {
    const listening = await tcpListeners();
    for (const port of [stack.config.ports.api, stack.config.ports.s3, stack.config.ports.cognito]) {
      const sockets = listening.filter((s) => s.port === port);
      expect(sockets.map((s) => s.address)).toEqual(['0100007F']); // exactly one, on 127.0.0.1
    }
  });

  it('gives cognito-local no TCP port at all (it answers on a private socket)', async () => {
    const cognitoDir = path.join(data.dir, 'cognito');
    const pids: string[] = [];
    for (const pid of await readdir('/proc')) {
      if (/^\d+$/.test(pid) && (await readlink(`/proc/${pid}/cwd`).catch(() => '')) === cognitoDir) pids.push(pid);
    }
    expect(pids).toHaveLength(1);
    const socketInodes = new Set<string>();
    for (const fd of await readdir(`/proc/${pids[0]}/fd`)) {
      const target = await readlink(`/proc/${pids[0]}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) socketInodes.add(inode);
    }
    expect(socketInodes.size).toBeGreaterThan(0);
    const listening = await tcpListeners();
    expect(listening.filter((s) => s.inode !== undefined && socketInodes.has(s.inode))).toEqual([]);
  });
});
