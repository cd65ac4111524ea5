import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockPool } from './blockPool';
import { partStream } from './localFiles';

const KIB = 1024;
const MIB = 1024 * KIB;
const bytes = randomBytes(3 * 16 * MIB + 77);
/** Requests the server holds unread until their client's pipe has stopped on a full socket. */
const stalled = new Map<string, () => void>();
/** Each part's body, to see whether its pipe has stopped. */
const bodies = new Map<string, { isPaused(): boolean }>();
let dir: string;
let file: string;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-part-stream-'));
  file = path.join(dir, 'clip.mov');
  await writeFile(file, bytes);
  // Reads nothing of a body until its sender has stopped on a full socket (kernel buffers full,
  // a block queued in the process): a block given back to the pool then, and read into by
  // another part, would be sent with that part's bytes.
  server = createServer((req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.pause();
    const part = String(req.headers['x-part']);
    stalled.set(part, () => req.resume());
    if (bodies.get(part)?.isPaused()) req.resume();
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => res.end(JSON.stringify({ sha256: hash.digest('hex'), length })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function send(start: number, end: number, pool: BlockPool): Promise<{ sha256: string; length: number }> {
  return new Promise((resolve, reject) => {
    const body = partStream(file, start, end, null, pool, () => undefined);
    const part = String(start);
    bodies.set(part, body);
    body.on('pause', () => stalled.get(part)?.());
    const req = request({ host: '127.0.0.1', port, method: 'PUT', headers: { 'content-length': end - start, 'x-part': part } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        body.sent();
        resolve(JSON.parse(text) as { sha256: string; length: number });
      });
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

describe('partStream', () => {
  it('sends the exact bytes through a slow socket while its blocks go back to the pool and are read into again', async () => {
    const pool = new BlockPool(MIB, 2);
    const parts = [
      [0, 16 * MIB],
      [16 * MIB, 32 * MIB],
      [32 * MIB, bytes.length],
    ] as const;
    const answers = await Promise.all(parts.map(([start, end]) => send(start, end, pool)));
    answers.forEach((answer, i) => {
      const [start, end] = parts[i]!;
      expect(answer).toEqual({ sha256: createHash('sha256').update(bytes.subarray(start, end)).digest('hex'), length: end - start });
    });
    expect(pool.idle).toBe(2);
  });
});
