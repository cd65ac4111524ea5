import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GetBucketCorsCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListGroupsCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT, decodeJwt, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';

const require = createRequire(import.meta.url);
const ADMIN = { email: 'media.manager@example.com', password: 'Dailies-2026' };

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let cognito: CognitoIdentityProviderClient;
let idToken: string;
let accessToken: string;

async function signIn(email: string, password: string) {
  return cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
}

function me(headers: Record<string, string> = {}) {
  return fetch(`${stack.profile.apiUrl}/v1/me`, { headers });
}

/** cognito-local's signing key is public: which is why its tokens are accepted only locally. */
async function cognitoLocalKey() {
  const file = path.join(path.dirname(require.resolve('cognito-local/package.json')), 'lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(await readFile(file, 'utf8')) as { jwk: JWK };
  return importJWK(jwk, 'RS256');
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const result = await signIn(ADMIN.email, ADMIN.password);
  idToken = result.AuthenticationResult!.IdToken!;
  accessToken = result.AuthenticationResult!.AccessToken!;
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('GET /v1/health', () => {
  it('answers without a token', async () => {
    const response = await fetch(`${stack.profile.apiUrl}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', service: 'rushes-api', mode: 'local' });
  });
});

describe('GET /v1/me', () => {
  it('returns the caller from a valid ID token', async () => {
    const response = await me({ authorization: `Bearer ${idToken}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: ADMIN.email, groups: ['admin'], isAdmin: true });
  });

  it('refuses a request with no token, naming the problem', async () => {
    const response = await me();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.message).toMatch(/no bearer token/);
  });

  it('refuses a malformed authorization header', async () => {
    expect((await me({ authorization: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);
    expect((await me({ authorization: 'Bearer not.a.jwt' })).status).toBe(401);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const claims = decodeJwt(idToken);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect((await me({ authorization: `Bearer ${header}.${payload}.` })).status).toBe(401);
  });

  it('refuses a token signed with another key under the same key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
    const response = await me({ authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/signature/);
  });

  it('refuses an HMAC token (algorithm confusion)', async () => {
    const forged = await new SignJWT(decodeJwt(idToken))
      .setProtectedHeader({ alg: 'HS256', kid: 'CognitoLocal' })
      .sign(new TextEncoder().encode('secret-secret-secret-secret-secret'));
    expect((await me({ authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it('refuses an expired token even when properly signed', async () => {
    const key = await cognitoLocalKey();
    const claims = decodeJwt(idToken);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(key);
    const response = await me({ authorization: `Bearer ${expired}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it('refuses a properly signed token for another app client (wrong audience)', async () => {
    const key = await cognitoLocalKey();
    const wrongAudience = await new SignJWT({ ...decodeJwt(idToken), aud: 'some-other-client' })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(key);
    expect((await me({ authorization: `Bearer ${wrongAudience}` })).status).toBe(401);
  });

  it('refuses a properly signed token from another issuer', async () => {
    const key = await cognitoLocalKey();
    const other = await new SignJWT({ ...decodeJwt(idToken), iss: 'http://127.0.0.1:1/local_other' })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(key);
    expect((await me({ authorization: `Bearer ${other}` })).status).toBe(401);
  });

  it('refuses an access token: the API takes ID tokens', async () => {
    expect((await me({ authorization: `Bearer ${accessToken}` })).status).toBe(401);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown route and 405 for a wrong method, as JSON', async () => {
    const missing = await fetch(`${stack.profile.apiUrl}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const wrongMethod = await fetch(`${stack.profile.apiUrl}/v1/me`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
  });

  it('refuses unknown query parameters, naming them', async () => {
    const response = await fetch(`${stack.profile.apiUrl}/v1/health?debug=1`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('query');
  });
});

describe('local stack', () => {
  it('creates the media and derived buckets with CORS for presigned GETs', async () => {
    const s3 = new S3Client({
      region: 'local',
      endpoint: stack.profile.s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      for (const bucket of [stack.profile.s3.mediaBucket, stack.profile.s3.derivedBucket]) {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        const cors = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
        expect(cors.CORSRules?.[0]?.AllowedMethods).toEqual(['GET', 'HEAD']);
        expect(cors.CORSRules?.[0]?.ExposeHeaders).toContain('Content-Range');
      }
    } finally {
      s3.destroy();
    }
  });

  it('creates the groups admin, media-managers and editors', async () => {
    const groups = await stack.identityAdmin.send(new ListGroupsCommand({ UserPoolId: stack.profile.cognito.userPoolId }));
    expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(['admin', 'editors', 'media-managers']);
  });

  it('keeps the user pool, the admin and their password across a restart', async () => {
    const before = stack.profile;
    await stack.stop();
    stack = await startTestStack({ dataDir: data.dir, adminEmail: ADMIN.email, adminPassword: 'Ignored2026x' });
    expect(stack.createdAdmin).toBeNull();
    expect(stack.profile.cognito.userPoolId).toBe(before.cognito.userPoolId);
    expect(stack.profile.cognito.clientId).toBe(before.cognito.clientId);
    cognito.destroy();
    cognito = new CognitoIdentityProviderClient({
      region: 'local',
      endpoint: stack.profile.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const again = await signIn(ADMIN.email, ADMIN.password);
    // Still an admin: restarting must not recreate (and so empty) the built-in groups.
    expect(decodeJwt(again.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['admin']);
  });
});

describe('first admin without a configured password', () => {
  it('gets a temporary password that must be changed at first sign-in', async () => {
    const fresh = await tempDataDir();
    const other = await startTestStack({ dataDir: fresh.dir });
    const client = new CognitoIdentityProviderClient({
      region: 'local',
      endpoint: other.profile.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const created = other.createdAdmin;
      expect(created?.email).toBe('admin@rushes.local');
      expect(created?.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
      const first = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: other.profile.cognito.clientId,
          AuthParameters: { USERNAME: created!.email, PASSWORD: created!.temporaryPassword! },
        }),
      );
      expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const done = await client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ClientId: other.profile.cognito.clientId,
          Session: first.Session,
          ChallengeResponses: { USERNAME: first.ChallengeParameters!['USER_ID_FOR_SRP']!, NEW_PASSWORD: 'Chosen-dailies-2026' },
        }),
      );
      expect(decodeJwt(done.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['admin']);
    } finally {
      client.destroy();
      await other.stop();
      await fresh.remove();
    }
  });
});
