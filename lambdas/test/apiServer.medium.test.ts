import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startApiServer } from '../src/local/apiServer';

// The local API server's own limits, over real sockets: bodies over the limit get a JSON 413
// (not a reset connection), and a client that trickles its request is cut off with a 408.
let server: Awaited<ReturnType<typeof startApiServer>> | null = null;
const seen: string[] = [];

async function start(timeouts?: { headersMs: number; requestMs: number; checkEveryMs: number }) {
  server = await startApiServer({
    port: 0,
    ...(timeouts ? { timeouts } : {}),
    route: async (request) => {
      seen.push(`${request.method} ${request.path} ${request.body?.length ?? 0}`);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    },
  });
  return server.url;
}

afterEach(async () => {
  await server?.stop();
  server = null;
  seen.length = 0;
});

/** Sends raw bytes and resolves with everything the server wrote before it closed. */
function rawExchange(url: string, send: (socket: net.Socket) => void): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => send(socket));
  });
}

describe('local API server limits', () => {
  it('answers a body over the limit with 413 and a JSON error naming the limit', async () => {
    const url = await start();
    const response = await fetch(`${url}/v1/folders`, {
      method: 'POST',
      headers: { host: new URL(url).host, 'content-type': 'application/json' },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string; limitBytes: number } };
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.limitBytes).toBe(MAX_BODY_BYTES);
    expect(body.error.message).toContain(String(MAX_BODY_BYTES));
    expect(seen).toEqual([]);
  });

  it('answers a chunked body that grows past the limit with 413 too, and routes one under it', async () => {
    const url = await start();
    const host = new URL(url).host;
    const big = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i += 1) controller.enqueue(new Uint8Array(MAX_BODY_BYTES / 2));
        controller.close();
      },
    });
    const refused = await fetch(`${url}/v1/folders`, { method: 'POST', headers: { host }, body: big, duplex: 'half' } as RequestInit);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    const fine = await fetch(`${url}/v1/folders`, { method: 'POST', headers: { host }, body: '{"name":"Day 1"}' });
    expect(fine.status).toBe(200);
    expect(seen).toEqual(['POST /v1/folders 16']);
  });

  it('cuts off a client that sends its body a byte at a time, without routing it', async () => {
    const url = await start({ headersMs: 200, requestMs: 300, checkEveryMs: 50 });
    const host = new URL(url).host;
    const answer = await rawExchange(url, (socket) => {
      socket.write(`POST /v1/folders HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
      // The rest never comes: the server's request timeout, not this test, ends the exchange.
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(seen).toEqual([]);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const url = await start({ headersMs: 200, requestMs: 300, checkEveryMs: 50 });
    const answer = await rawExchange(url, (socket) => socket.write('GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(seen).toEqual([]);
  });
});
