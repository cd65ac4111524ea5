import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PUSH_PROTOCOL, pushProtocols } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { newAssetRecord } from '../src/core/records';
import { startApiServer } from '../src/local/apiServer';
import { LocalPushHub, MAX_CONNECTION_MS, TOKEN_EXPIRED_CLOSE } from '../src/local/pushServer';
import type { Principal } from '../src/ports';

// The local push hub on the real local API server over a real (in-memory) catalog, with the
// token check stubbed (pushServer.medium.test.ts checks real tokens) and its timers in the
// test's hands: a connection ends when its token does, never later than the cap.
const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const editor: Principal = { userId: 'u-ed', email: 'ed@example.com', groups: ['editors', 'show-a'] };
const tokenUntil = (ms: number) => `h.${Buffer.from(JSON.stringify({ exp: ms / 1000 })).toString('base64url')}.s`;

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function hubOnServer() {
  let hub: LocalPushHub | null = null;
  const catalog = new SqliteCatalog(':memory:', {
    clock: { now: () => new Date(NOW) },
    onChanges: (latest) => hub?.changesCommitted(latest),
  });
  await catalog.createFolder({
    path: 'Show A/',
    name: 'Show A',
    aclGroups: ['admin', 'show-a'],
    createdBy: 'x',
    createdAt: '',
    modifiedAt: '',
  });
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
  hub = new LocalPushHub({
    catalog,
    latest: await catalog.latestChange(),
    authenticate: async () => editor,
    now: () => NOW,
    schedule: (run, ms) => {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const server = await startApiServer({
    port: 0,
    route: async () => ({ status: 404, headers: {}, body: '' }),
    upgrade: (...args) => hub!.upgrade(...args),
  });
  stops.push(
    () => catalog.close(),
    server.stop,
    () => hub!.close(),
  );
  return { hub, catalog, timers, url: `${server.url.replace('http', 'ws')}/v1/push` };
}

function connect(url: string, token: string) {
  const socket = new WebSocket(url, pushProtocols(token));
  const messages: string[] = [];
  socket.on('message', (data: Buffer) => messages.push(data.toString('utf8')));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return { socket, messages, opened, closed };
}

describe('the local push hub', () => {
  it('nudges a listener after a commit, and closes the connection when its token expires', async () => {
    const { hub, catalog, timers, url } = await hubOnServer();
    const client = connect(url, tokenUntil(NOW + 600_000));
    await client.opened;
    expect(client.socket.protocol).toBe(PUSH_PROTOCOL);
    expect(hub.size).toBe(1);
    expect(timers.map((timer) => timer.ms)).toEqual([600_000]);

    const nudged = new Promise<string>((resolve) => client.socket.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
    await catalog.createAsset(newAssetRecord({ key: 'Show A/a.mov', size: 1, status: 'ready', createdBy: 'x', createdAt: '' }));
    expect(JSON.parse(await nudged)).toEqual({ type: 'changes', upTo: await catalog.latestChange() });

    timers[0]!.run();
    expect(await client.closed).toBe(TOKEN_EXPIRED_CLOSE);
  });

  it('caps a connection at the maximum however long the token lives, and refuses an expired token', async () => {
    const { timers, url } = await hubOnServer();
    const client = connect(url, tokenUntil(NOW + 24 * 3_600_000));
    await client.opened;
    expect(timers.map((timer) => timer.ms)).toEqual([MAX_CONNECTION_MS]);
    client.socket.close();

    const expired = connect(url, tokenUntil(NOW - 1));
    await expect(expired.opened).rejects.toThrow(/401/);
  });
});
