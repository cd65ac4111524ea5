import { GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { DomainError, PUSH_PROTOCOL, pushProtocols } from '@rushes/shared';
import { PushConnections } from '../src/adapters/dynamo/connections';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { newAssetRecord } from '../src/core/records';
import type { Principal } from '../src/ports';
import {
  MAX_CONNECTION_SECONDS,
  carriesUnnumberedChanges,
  changesFromStream,
  fanOut,
  handleFeedStream,
  PUMP_EVENT,
  pushConnectionRoute,
  type StreamRecord,
} from '../src/handlers/cloud/push';

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

const AT = '2026-12-01T10:00:00.000Z';
const change = (seq: number, target: string) => ({ seq, kind: 'asset.put', folderPath: 'Show A/', target, at: AT });
/** A change item as numbered before runs: one change, its fields beside the key. */
const changeImage = (seq: number, target: string, pk = 'change') =>
  marshall({ pk, sk: String(seq).padStart(16, '0'), ...change(seq, target) });
/** A run item as the pump writes it: keyed by its last seq, its changes in a list. */
const runImage = (changes: readonly unknown[]) => {
  const seqs = changes.map((entry) => Number((entry as { seq?: unknown }).seq) || 0);
  const last = Math.max(...seqs);
  return marshall(
    { pk: 'change', sk: String(last).padStart(16, '0'), first: Math.min(...seqs), last, changes },
    { removeUndefinedValues: true },
  );
};
const inserted = (NewImage: Record<string, unknown>): StreamRecord => ({ eventName: 'INSERT', dynamodb: { NewImage } });

describe('changesFromStream', () => {
  it('expands inserted runs and keeps inserted single change items, oldest first, and skips everything else', () => {
    const records: StreamRecord[] = [
      inserted(runImage([change(12, 'a5'), change(13, 'a6')])),
      inserted(changeImage(8, 'a2')),
      inserted(runImage([change(9, 'a3'), change(10, 'a4')])),
      inserted(changeImage(7, 'a1')),
      { eventName: 'MODIFY', dynamodb: { NewImage: changeImage(20, 'modified') } },
      { eventName: 'MODIFY', dynamodb: { NewImage: runImage([change(21, 'modified')]) } },
      inserted(changeImage(22, 'not a change', 'pending')),
      inserted({ ...runImage([change(23, 'in another partition')]), pk: { S: 'feednote' } }),
      inserted({ pk: { S: 'change' }, seq: { N: 'x' } }),
      { eventName: 'REMOVE', dynamodb: { OldImage: changeImage(24, 'removed') } },
      { eventName: 'INSERT' },
    ];
    expect(changesFromStream(records).map((found) => [found.seq, found.target])).toEqual([
      [7, 'a1'],
      [8, 'a2'],
      [9, 'a3'],
      [10, 'a4'],
      [12, 'a5'],
      [13, 'a6'],
    ]);
    expect(changesFromStream(records)[0]).toEqual(change(7, 'a1'));
  });

  it('skips a run’s malformed entries and keeps the rest of the run', () => {
    const run = runImage([
      change(30, 'good'),
      { ...change(31, 'bad kind'), kind: 'asset.renamed' },
      { ...change(32, 'no seq'), seq: undefined },
      { ...change(33, 'seq as text'), seq: '33' },
      { ...change(34, 'fractional seq'), seq: 34.5 },
      'not a map',
      { kind: 'asset.put' },
      change(35, 'good too'),
    ]);
    expect(changesFromStream([inserted(run)])).toEqual([change(30, 'good'), change(35, 'good too')]);
    expect(changesFromStream([inserted({ ...run, changes: { S: 'not a list' } })])).toEqual([]);
  });
});

describe('carriesUnnumberedChanges', () => {
  const feed = (token: string) => ({ token, changes: [{ kind: 'asset.put', folderPath: 'Show A/', target: 'a1', at: AT }], assetDelta: 1 });
  const asset = (extra: object = {}) =>
    marshall({ pk: 'asset#a1', sk: 'asset', status: 'ready', ...extra }, { removeUndefinedValues: true });
  const note = (token: string) => marshall({ pk: 'feednote', sk: token, feed: feed(token), expiresAt: NOW + 2 * 86_400 });
  const carries = (record: StreamRecord) => carriesUnnumberedChanges([record]);

  it('is true for an item written with a feed: inserted, or rewritten with a new token', () => {
    expect(carries({ eventName: 'INSERT', dynamodb: { NewImage: asset({ feed: feed('t1') }) } })).toBe(true);
    expect(carries({ eventName: 'INSERT', dynamodb: { NewImage: note('t2') } })).toBe(true);
    expect(
      carries({ eventName: 'MODIFY', dynamodb: { OldImage: asset({ feed: feed('t1') }), NewImage: asset({ feed: feed('t3') }) } }),
    ).toBe(true);
    expect(carries({ eventName: 'MODIFY', dynamodb: { OldImage: asset(), NewImage: asset({ feed: feed('t4') }) } })).toBe(true);
  });

  it('is false for an update that keeps the feed, a removal, and items with no feed', () => {
    const same = {
      eventName: 'MODIFY',
      dynamodb: { OldImage: asset({ feed: feed('t1') }), NewImage: asset({ feed: feed('t1'), status: 'failed' }) },
    };
    expect(carries(same)).toBe(false);
    expect(carries({ eventName: 'REMOVE', dynamodb: { OldImage: note('t2') } })).toBe(false);
    expect(carries({ eventName: 'INSERT', dynamodb: { NewImage: asset() } })).toBe(false);
    expect(carries({ eventName: 'MODIFY', dynamodb: { OldImage: asset({ feed: feed('t1') }), NewImage: asset() } })).toBe(false);
    expect(carries({ eventName: 'INSERT', dynamodb: { NewImage: runImage([change(40, 'a1')]) } })).toBe(false);
    expect(carries({ eventName: 'INSERT', dynamodb: { NewImage: { ...asset(), feed: { S: 'not a map' } } } })).toBe(false);
    expect(carries({ eventName: 'INSERT' })).toBe(false);
    expect(carriesUnnumberedChanges([])).toBe(false);
  });

  it('is true for a batch when any one of its records carries', () => {
    const quiet: StreamRecord = { eventName: 'INSERT', dynamodb: { NewImage: asset() } };
    expect(carriesUnnumberedChanges([quiet, { eventName: 'INSERT', dynamodb: { NewImage: note('t5') } }, quiet])).toBe(true);
    expect(carriesUnnumberedChanges([quiet, quiet])).toBe(false);
  });
});

describe('handleFeedStream', () => {
  const noteRecord: StreamRecord = {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall({ pk: 'feednote', sk: 't1', feed: { token: 't1', changes: [], assetDelta: 0 } }) },
  };
  const deps = (pump: () => Promise<number>) => {
    const calls: string[] = [];
    return {
      calls,
      deps: {
        pump: vi.fn(async () => {
          calls.push('pump');
          return pump();
        }),
        fanOut: vi.fn(async (changes: readonly { seq: number }[]) => {
          calls.push(`fanOut ${changes.map((c) => c.seq).join(',')}`);
          return { sent: changes.length, gone: 0, failed: 0 };
        }),
      },
    };
  };

  it('numbers a batch that carries unnumbered changes before fanning out the runs it holds', async () => {
    const { calls, deps: d } = deps(async () => 3);
    const result = await handleFeedStream({ Records: [noteRecord, inserted(runImage([change(5, 'a'), change(6, 'b')]))] }, d);
    expect(calls).toEqual(['pump', 'fanOut 5,6']);
    expect(result).toEqual({ numbered: 3, report: { sent: 2, gone: 0, failed: 0 } });
  });

  it('does not pump a batch of runs only', async () => {
    const { calls, deps: d } = deps(async () => 1);
    expect(await handleFeedStream({ Records: [inserted(runImage([change(5, 'a')]))] }, d)).toMatchObject({ numbered: 0 });
    expect(calls).toEqual(['fanOut 5']);
  });

  it('numbers, and fans out nothing, on the hourly schedule’s input; an empty or unknown event does neither', async () => {
    const { calls, deps: d } = deps(async () => 4);
    expect(await handleFeedStream(PUMP_EVENT, d)).toEqual({ numbered: 4, report: { sent: 0, gone: 0, failed: 0 } });
    expect(calls).toEqual(['pump']);
    calls.length = 0;
    expect(await handleFeedStream({}, d)).toMatchObject({ numbered: 0 });
    expect(await handleFeedStream({ pump: 'everything' }, d)).toMatchObject({ numbered: 0 });
    expect(calls).toEqual(['fanOut ', 'fanOut ']);
  });

  it('throws a pump error before fanning out anything, so Lambda retries the batch', async () => {
    const { calls, deps: d } = deps(async () => Promise.reject(new Error('TransactionCanceledException')));
    await expect(handleFeedStream({ Records: [noteRecord, inserted(runImage([change(5, 'a')]))] }, d)).rejects.toThrow(
      'TransactionCanceledException',
    );
    expect(calls).toEqual(['pump']);
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
