import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteName } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { httpApiHandler, type HttpApiEvent } from '../src/handlers/cloud/httpApi';
import { createApiRouter, gatewayClaimsAuthenticator } from '../src/handlers/router';
import { systemClock } from '../src/ports';
import { signInPeople } from '../../scripts/testing/people';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import pkg from '../package.json' with { type: 'json' };

/**
 * Same answers in both modes: one script of API calls goes through the local server (HTTP,
 * bearer token verified by the API) and through the cloud Lambda handler (API Gateway v2
 * events, the token verified by a stand-in for the JWT authorizer and handed over as
 * `requestContext.authorizer.jwt.claims`, flattened the way API Gateway flattens them). Both
 * routers run over the same use cases and stores, each in its own top-level folder.
 */

const ADMIN = { email: 'admin@example.com', password: 'Dailies-2026' };
type Who = 'admin' | 'editor';
interface Answer {
  status: number;
  contentType: string | undefined;
  body: unknown;
}
type Caller = (who: Who, name: RouteName, input?: { query?: Record<string, string>; body?: unknown; rawBody?: string }) => Promise<Answer>;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let tokens: Record<Who, string>;
let cloudHandler: ReturnType<typeof httpApiHandler>;
let gatewayClaims: (token: string) => Promise<Record<string, string>>;

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  ({ tokens } = await signInPeople(stack, {
    admin: { email: ADMIN.email, groups: ['admin'], existing: true },
    editor: { email: 'editor@example.com', groups: ['editors'] },
  }));
  cloudHandler = httpApiHandler(
    createApiRouter({
      authenticate: gatewayClaimsAuthenticator(),
      clock: systemClock,
      mode: 'cloud',
      version: pkg.version,
      ...stack.services,
    }),
    randomUUID,
  );
  // What API Gateway's JWT authorizer does before the Lambda runs: check signature, issuer,
  // audience and expiry against the pool, then pass the claims on as strings, arrays as "[a b]".
  const issuer = `${stack.profile.cognito.endpoint}/${stack.profile.cognito.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  gatewayClaims = async (token) => {
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: stack.profile.cognito.clientId });
    return Object.fromEntries(
      Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
    );
  };
});

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

const local: Caller = async (who, name, input = {}) => {
  const spec = routes[name];
  const url = new URL(spec.path, stack.profile.apiUrl);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, value);
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const response = await fetch(url, {
    method: spec.method,
    headers: { ...(spec.auth ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: await response.json() };
};

const cloud: Caller = async (who, name, input = {}) => {
  const spec = routes[name];
  const query = new URLSearchParams(input.query ?? {});
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const event = {
    version: '2.0',
    routeKey: `${spec.method} ${spec.path}`,
    rawPath: spec.path,
    rawQueryString: query.toString(),
    headers: {
      accept: '*/*',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      ...(spec.auth ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
    },
    // API Gateway leaves the field out when there is no query string.
    ...(input.query ? { queryStringParameters: { ...input.query } } : {}),
    ...(body !== undefined ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      http: { method: spec.method, path: spec.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Rushes' },
      requestId: `req-${randomUUID()}`,
      routeKey: `${spec.method} ${spec.path}`,
      stage: '$default',
      timeEpoch: Date.now(),
      ...(spec.auth ? { authorizer: { jwt: { claims: await gatewayClaims(tokens[who]), scopes: null } } } : {}),
    },
  };
  const result = await cloudHandler(event);
  return { status: result.statusCode, contentType: result.headers['content-type'], body: JSON.parse(result.body) };
};

/** The same calls, in the caller's own top-level folder; answers with ids, times and the folder name made generic. */
async function script(call: Caller, root: string): Promise<[string, Answer][]> {
  const answers: [string, Answer][] = [];
  const step = async (label: string, who: Who, name: RouteName, input?: Parameters<Caller>[2]) => {
    const answer = await call(who, name, input);
    answers.push([label, answer]);
    return answer;
  };
  await step('health', 'admin', 'health');
  await step('me (admin)', 'admin', 'me');
  await step('me (editor)', 'editor', 'me');
  await step('create top folder', 'admin', 'createFolder', { body: { parentPath: '', name: root } });
  await step('create sub-folder', 'admin', 'createFolder', { body: { parentPath: `${root}/`, name: 'Day 1' } });
  await step('create it again (conflict)', 'admin', 'createFolder', { body: { parentPath: `${root}/`, name: 'Day 1' } });
  await step('refused name', 'admin', 'createFolder', { body: { parentPath: `${root}/`, name: 'a:b' } });
  await step('body not JSON', 'admin', 'createFolder', { rawBody: '{"parentPath":' });
  await step('plan upload', 'admin', 'planUpload', {
    body: {
      folderPath: `${root}/Day 1/`,
      files: [
        { relativePath: 'A001/C001.mov', size: 10, lastModified: 1_700_000_000_000 },
        { relativePath: 'CON.mov', size: 1, lastModified: 1 },
      ],
    },
  });
  await step('list, bad sort', 'admin', 'listChildren', { query: { path: `${root}/`, sort: 'colour' } });
  await step('editor lists a folder not shared with them', 'editor', 'listChildren', { query: { path: `${root}/` } });
  await step('editor reads its permissions', 'editor', 'folderAcl', { query: { path: `${root}/` } });
  await step('admin reads its permissions', 'admin', 'folderAcl', { query: { path: `${root}/` } });
  await step('share with editors', 'admin', 'setFolderAcl', {
    body: { path: `${root}/`, groups: ['admin', 'editors'], applyToSubfolders: true },
  });
  await step('editor lists it now', 'editor', 'listChildren', { query: { path: `${root}/` } });
  await step('editor tries to rename', 'editor', 'renameFolder', { body: { path: `${root}/Day 1/`, newName: 'Day One' } });
  await step('admin renames', 'admin', 'renameFolder', { body: { path: `${root}/Day 1/`, newName: 'Day One' } });
  const session = await step('create upload session', 'admin', 'createUploadSession', {
    body: { folderPath: `${root}/Day One/`, files: [{ relativePath: 'C002.mov', size: 10, lastModified: 1_700_000_000_000 }] },
  });
  const accepted = (session.body as { files: { assetId?: string }[] }).files[0]?.assetId;
  await step('asset detail', 'admin', 'assetDetail', { query: { id: accepted ?? 'none' } });
  await step('editor lists the uploads', 'editor', 'listChildren', { query: { path: `${root}/Day One/` } });
  await step('editor registers a workstation', 'editor', 'createWorkstation', { body: bay(root, ['editors']) });
  await step('workstation for a group that does not exist', 'admin', 'createWorkstation', { body: bay(root, ['no-such-group']) });
  const registered = await step('admin registers a workstation', 'admin', 'createWorkstation', { body: bay(root, ['editors']) });
  const bayId = (registered.body as { id?: string }).id ?? 'ws-none';
  await step('editor sends a file that does not exist', 'editor', 'startTransfer', {
    body: { operation: 'copy', workstationId: bayId, assetIds: ['no-such-asset'] },
  });
  await step('editor sends a file still uploading', 'editor', 'startTransfer', {
    body: { operation: 'copy', workstationId: bayId, assetIds: accepted ? [accepted] : [] },
  });
  await step('transfer body without files', 'editor', 'startTransfer', { body: { operation: 'copy', workstationId: bayId } });
  await step('detail of a transfer that never was', 'editor', 'transferDetail', { query: { id: 'job-that-never-was' } });
  await step('trash the upload', 'admin', 'trash', { body: { assetIds: accepted ? [accepted] : [], folderPaths: [] } });
  await step('list the folder after', 'admin', 'listChildren', { query: { path: `${root}/Day One/` } });
  await step('missing folder', 'admin', 'listChildren', { query: { path: 'Nowhere/' } });
  return answers.map(([label, answer]) => [label, generic(answer, root)]);
}

/** A local workstation whose folder does not exist: registering it needs none. */
function bay(root: string, groups: string[]) {
  return { name: `${root} bay`, platform: 'local', instanceId: null, shareRoot: '/nonexistent/rushes-share', groups };
}

/** Ids, times and request ids differ run to run; the caller's own folder name differs by design. */
function generic(answer: Answer, root: string): Answer {
  const text = JSON.stringify(answer.body)
    .split(root)
    .join('<root>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/req-<id>/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  const body = JSON.parse(text) as Record<string, unknown>;
  // The one field that tells the modes apart, by design.
  if (body['service'] === 'rushes-api') body['mode'] = '<mode>';
  return { ...answer, body };
}

describe('the API answers the same through the local server and the cloud Lambda handler', () => {
  it('for a script of reads, writes, refusals and errors', async () => {
    const localAnswers = await script(local, 'Local Show');
    const cloudAnswers = await script(cloud, 'Cloud Show');
    expect(cloudAnswers.map(([label]) => label)).toEqual(localAnswers.map(([label]) => label));
    for (const [index, [label, answer]] of localAnswers.entries()) expect(cloudAnswers[index]![1], label).toEqual(answer);
    // The script exercised what it claims: successes, refusals and errors, not one kind.
    const statuses = new Set(localAnswers.map(([, answer]) => answer.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404, 409]));
    expect(localAnswers.filter(([, answer]) => answer.status >= 500)).toEqual([]);
    expect(localAnswers.find(([label]) => label === 'health')![1].body).toMatchObject({ mode: '<mode>', status: 'ok' });
  });

  it('says which mode answered', async () => {
    expect((await local('admin', 'health')).body).toMatchObject({ mode: 'local' });
    expect((await cloud('admin', 'health')).body).toMatchObject({ mode: 'cloud' });
  });

  it('refuses an authenticated route whose event carries no authorizer claims, even with a bearer token', async () => {
    const result = await cloudHandler({
      version: '2.0',
      rawPath: '/v1/me',
      headers: { authorization: `Bearer ${tokens.admin}` },
      requestContext: { http: { method: 'GET' }, requestId: 'no-claims' },
    } as HttpApiEvent);
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED', requestId: 'no-claims' } });
  });

  it('refuses an access token the authorizer let through (its audience check accepts client_id)', async () => {
    const claims = await gatewayClaims(tokens.admin);
    const result = await cloudHandler({
      rawPath: '/v1/me',
      requestContext: { http: { method: 'GET' }, requestId: 'access', authorizer: { jwt: { claims: { ...claims, token_use: 'access' } } } },
    });
    expect(result.statusCode).toBe(401);
  });
});
