import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainGet, type PlainGetOutcome } from '../src/adapters/localTransferHttp';
import type { ChecksumPass } from '../src/adapters/shareChecksums';

// The direct reads of localTransferHttp.ts against a real HTTP server whose answers the test
// chooses: bodies in odd pieces, kept-alive connections, and every answer it must leave to
// the SDK or refuse.
const body = randomBytes(9 * 1024 * 1024 + 12345);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let server: http.Server;
let base: string;
let work: string;
const connections = new Set<unknown>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'rushes-direct-reads-'));
  server = http.createServer((request, response) => {
    const route = request.url!.split('?')[0];
    if (route === '/whole') {
      response.writeHead(200, { 'content-length': body.length });
      // In pieces of odd sizes, so reads end anywhere in a batch.
      let at = 0;
      const next = () => {
        if (at >= body.length) return response.end();
        const piece = body.subarray(at, at + 777_777);
        at += piece.length;
        if (response.write(piece)) setImmediate(next);
        else response.once('drain', next);
      };
      next();
    } else if (route === '/cut') {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 100_000), () => request.socket.destroy());
    } else if (route === '/chunked') {
      response.writeHead(200, { 'transfer-encoding': 'chunked' });
      response.end(body.subarray(0, 10));
    } else if (route === '/empty') {
      response.writeHead(200, { 'content-length': 0 });
      response.end();
    } else {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end('<Error><Code>NoSuchKey</Code></Error>');
    }
  });
  server.on('connection', (socket) => connections.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

/** A pass that hashes what it is given, in order. */
function recordingPass(): ChecksumPass & { hex(): string } {
  const hash = createHash('sha256');
  let hex = '';
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => ({ sha256: (hex = hash.digest('hex')), md5: null, xxh64: null }),
    hex: () => hex,
  };
}

async function get(route: string, size: number, signal = new AbortController().signal) {
  const file = path.join(work, `${route.slice(1)}-${Math.random().toString(36).slice(2)}`);
  const handle = await open(file, 'w');
  const pass = recordingPass();
  const counts: number[] = [];
  let outcome: PlainGetOutcome | undefined;
  let error: unknown;
  try {
    outcome = await plainGet({ url: new URL(base + route + '?x=1'), size, file: handle, pass, signal, onBytes: (n) => counts.push(n) });
  } catch (caught) {
    error = caught;
  } finally {
    await handle.close();
  }
  pass.digest();
  return { outcome, error, written: await readFile(file), hash: pass.hex(), counts };
}

describe('direct reads of a plain-HTTP GET', () => {
  it('writes and hashes every byte in order, over one kept-alive connection for several GETs', async () => {
    const before = connections.size;
    for (let round = 0; round < 3; round += 1) {
      const got = await get('/whole', body.length);
      expect(got.error).toBeUndefined();
      expect(got.outcome).toEqual({ body: body.length });
      expect(got.written.equals(body)).toBe(true);
      expect(got.hash).toBe(sha256(body));
      expect(got.counts.at(-1)).toBe(body.length);
    }
    expect(connections.size - before).toBe(1);
  });

  it('reads an empty body', async () => {
    const got = await get('/empty', 0);
    expect(got.outcome).toEqual({ body: 0 });
    expect(got.written.length).toBe(0);
  });

  it('leaves an error answer and a chunked body to the SDK, and reports a length other than the manifest says', async () => {
    expect((await get('/missing', 10)).outcome).toEqual({ fallback: 'HTTP 404' });
    expect((await get('/chunked', 10)).outcome).toEqual({ fallback: 'HTTP 200' });
    expect((await get('/whole', body.length - 1)).outcome).toEqual({ announced: body.length });
  });

  it('fails when the connection closes before the announced length', async () => {
    const got = await get('/cut', body.length);
    expect(got.outcome).toBeUndefined();
    expect(got.error).toMatchObject({ code: 'ECONNRESET' });
  });

  it('stops with the reason when the job is stopped mid-body', async () => {
    const controller = new AbortController();
    const file = await open(path.join(work, 'stopped'), 'w');
    const pass = recordingPass();
    const stopped = plainGet({
      url: new URL(base + '/whole'),
      size: body.length,
      file,
      pass,
      signal: controller.signal,
      onBytes: (n) => n > 1_000_000 && controller.abort('cancelled'),
    });
    await expect(stopped).rejects.toBe('cancelled');
    await file.close();
  });
});
