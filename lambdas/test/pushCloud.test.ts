import { GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { DomainError, PUSH_PROTOCOL, pushProtocols } from '@rushes/shared';
import { PushConnections } from '../src/adapters/dynamo/connections';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { newAssetRecord } from '../src/core/records';
import type { Principal } from '../src/ports';
import { MAX_CONNECTION_SECONDS, changesFromStream, fanOut, pushConnectionRoute, type StreamRecord } from '../src/handlers/cloud/push';

const NOW_MS = Date.parse('2026-12-01T10:00:00.000Z');
const NOW = NOW_MS / 1000;
const editor: Principal = { userId: 'u-ed', email: 'ed@example.com', groups: ['editors', 'show-a'] };
const jwt = (exp: number) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'u-ed', exp })).toString('base64url')}.c2ln`;

/** A DynamoDB document client that records every request and answers from `answers`. */
function recordingDoc(answer: (command: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const doc = {
    send: vi.fn(async (command: unknown) => {
      sent.push(command);
      return answer(command);
    }),
  } as unknown as DynamoDBDocumentClient;
  return { doc, sent };
}

function connectDeps(verify: (token: string) => Promise<Principal>, disabled = false) {
  const { doc, sent } = recordingDoc();
  return {
    sent,
    deps: {
      verify,
      disabledUsers: { userDisabled: async () => (disabled ? { email: 'ed@example.com', disabledAt: '', disabledBy: '' } : null) },
      connections: new PushConnections(doc, 'Connections'),
      now: () => NOW_MS,
      log: () => undefined,
    },
  };
}

describe('the push channel routes', () => {
  it('$connect checks the token offered as a subprotocol, records the connection until the token expires, and picks the protocol', async () => {
    const { deps, sent } = connectDeps(async () => editor);
    const token = jwt(NOW + 3600);
    const answer = await pushConnectionRoute(
      {
        requestContext: { routeKey: '$connect', connectionId: 'abc=' },
        headers: { 'Sec-WebSocket-Protocol': pushProtocols(token).join(', ') },
      },
      deps,
    );
    expect(answer).toEqual({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': PUSH_PROTOCOL } });
    expect(sent.map((command) => (command as PutCommand).input)).toEqual([
      {
        TableName: 'Connections',
        Item: { connectionId: 'abc=', userId: 'u-ed', email: 'ed@example.com', groups: ['editors', 'show-a'], expiresAt: NOW + 3600 },
      },
    ]);
    expect(sent[0]).toBeInstanceOf(PutCommand);
  });

  it('caps a long-lived token at the maximum connection time', async () => {
    const { deps, sent } = connectDeps(async () => editor);
    const headers = { 'sec-websocket-protocol': pushProtocols(jwt(NOW + 86_400)).join(',') };
    await pushConnectionRoute({ requestContext: { routeKey: '$connect', connectionId: 'abc=' }, headers }, deps);
    expect((sent[0] as PutCommand).input.Item?.['expiresAt']).toBe(NOW + MAX_CONNECTION_SECONDS);
  });

  it('$connect refuses a missing, bad or disabled user’s token and records nothing', async () => {
    const refusing = connectDeps(async () => {
      throw new DomainError('UNAUTHENTICATED', 'The token signature is not valid.');
    });
    const context = { routeKey: '$connect', connectionId: 'abc=' };
    const offer = { 'Sec-WebSocket-Protocol': pushProtocols(jwt(NOW + 60)).join(', ') };
    expect(await pushConnectionRoute({ requestContext: context, headers: {} }, refusing.deps)).toMatchObject({ statusCode: 401 });
    expect(await pushConnectionRoute({ requestContext: context, headers: offer }, refusing.deps)).toEqual({
      statusCode: 401,
      body: 'The token signature is not valid.',
    });
    const disabled = connectDeps(async () => editor, true);
    expect(await pushConnectionRoute({ requestContext: context, headers: offer }, disabled.deps)).toMatchObject({
      statusCode: 401,
      body: expect.stringContaining('disabled'),
    });
    const down = connectDeps(async () => {
      throw new DomainError('UNAVAILABLE', 'The identity service could not be reached to check the token.');
    });
    expect(await pushConnectionRoute({ requestContext: context, headers: offer }, down.deps)).toMatchObject({ statusCode: 503 });
    expect([...refusing.sent, ...disabled.sent, ...down.sent]).toEqual([]);
  });

  it('$disconnect deletes the connection', async () => {
    const { deps, sent } = connectDeps(async () => editor);
    expect(await pushConnectionRoute({ requestContext: { routeKey: '$disconnect', connectionId: 'abc=' } }, deps)).toEqual({
      statusCode: 200,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(DeleteCommand);
    expect((sent[0] as DeleteCommand).input).toEqual({ TableName: 'Connections', Key: { connectionId: 'abc=' } });
  });
});

const image = (seq: number, folderPath: string, target: string, pk = 'change') => ({
  pk: { S: pk },
  sk: { S: String(seq).padStart(12, '0') },
  seq: { N: String(seq) },
  kind: { S: 'asset.put' },
  folderPath: { S: folderPath },
  target: { S: target },
  at: { S: '2026-12-01T10:00:00.000Z' },
});

describe('changesFromStream', () => {
  it('keeps inserted change items, oldest first, and skips everything else', () => {
    const records: StreamRecord[] = [
      { eventName: 'INSERT', dynamodb: { NewImage: image(8, 'Show A/', 'a2') } },
      { eventName: 'INSERT', dynamodb: { NewImage: image(7, 'Show A/', 'a1') } },
      { eventName: 'MODIFY', dynamodb: { NewImage: image(9, 'Show A/', 'a3') } },
      { eventName: 'INSERT', dynamodb: { NewImage: image(10, 'Show A/', 'a4', 'pending') } },
      { eventName: 'INSERT', dynamodb: { NewImage: { pk: { S: 'change' }, seq: { N: 'x' } } } },
      { eventName: 'REMOVE' },
    ];
    expect(changesFromStream(records).map((change) => [change.seq, change.target])).toEqual([
      [7, 'a1'],
      [8, 'a2'],
    ]);
  });
});

describe('fanOut', () => {
  async function world() {
    const catalog = new SqliteCatalog(':memory:', { clock: { now: () => new Date(NOW_MS) } });
    for (const path of ['Show A/', 'Show B/']) {
      const acl = ['admin', path === 'Show A/' ? 'show-a' : 'show-b'];
      await catalog.createFolder({ path, name: path.slice(0, -1), aclGroups: acl, createdBy: 'x', createdAt: '', modifiedAt: '' });
    }
    const since = await catalog.latestChange();
    await catalog.createAsset(newAssetRecord({ key: 'Show A/a.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: '' }));
    await catalog.createAsset(newAssetRecord({ key: 'Show B/b.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: '' }));
    return { catalog, changes: await catalog.changesSince(since, 10) };
  }
  const item = (connectionId: string, groups: string[]) => ({
    connectionId,
    userId: `u-${connectionId}`,
    email: 'x@example.com',
    groups,
    expiresAt: NOW + 60,
  });

  it('posts each connection only "changes up to N" for what it may follow, and removes connections that are gone', async () => {
    const { catalog, changes } = await world();
    const [inA, inB] = changes.map((change) => change.seq) as [number, number];
    const { doc, sent } = recordingDoc((command) =>
      command instanceof ScanCommand
        ? { Items: [item('a=', ['editors', 'show-a']), item('b=', ['show-b']), item('none=', ['editors']), item('gone=', ['admin'])] }
        : {},
    );
    const posts: { ConnectionId?: string; Data?: unknown }[] = [];
    const management = {
      send: vi.fn(async (command: PostToConnectionCommand) => {
        posts.push(command.input);
        if (command.input.ConnectionId === 'gone=') throw new GoneException({ message: 'Gone', $metadata: {} });
        return {};
      }),
    };
    const report = await fanOut(changes, {
      catalog,
      connections: new PushConnections(doc, 'Connections', () => NOW_MS),
      management,
      log: () => undefined,
    });
    expect(report).toEqual({ sent: 2, gone: 1, failed: 0 });
    const decoded = posts.map((post) => [post.ConnectionId, new TextDecoder().decode(post.Data as Uint8Array)]);
    expect(decoded).toEqual([
      ['a=', JSON.stringify({ type: 'changes', upTo: inA })],
      ['b=', JSON.stringify({ type: 'changes', upTo: inB })],
      ['gone=', JSON.stringify({ type: 'changes', upTo: inB })],
    ]);
    expect(management.send.mock.calls.every(([command]) => command instanceof PostToConnectionCommand)).toBe(true);
    expect((sent[0] as ScanCommand).input).toMatchObject({
      TableName: 'Connections',
      FilterExpression: '#expiresAt > :now',
      ExpressionAttributeValues: { ':now': NOW },
    });
    expect(sent.slice(1).map((command) => (command as DeleteCommand).input)).toEqual([
      { TableName: 'Connections', Key: { connectionId: 'gone=' } },
    ]);
    await catalog.close();
  });

  it('counts other post failures without removing the connection, and does nothing for a batch with no changes', async () => {
    const { catalog, changes } = await world();
    const { doc, sent } = recordingDoc((command) => (command instanceof ScanCommand ? { Items: [item('a=', ['show-a'])] } : {}));
    const log = vi.fn();
    const management = {
      send: vi.fn(async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'LimitExceededException' }))),
    };
    const deps = { catalog, connections: new PushConnections(doc, 'Connections', () => NOW_MS), management, log };
    expect(await fanOut(changes, deps)).toEqual({ sent: 0, gone: 0, failed: 1 });
    expect(log).toHaveBeenCalledOnce();
    expect(sent).toHaveLength(1);
    expect(await fanOut([], deps)).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    await catalog.close();
  });
});
