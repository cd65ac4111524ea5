import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../src/main/dispatch';
import { DesktopEventHub } from '../src/main/services/events';
import { startWebModeServer, type WebModeServer } from '../src/main/web/server';
import { freePortRange } from '../../scripts/testing/localStack';

// Web mode serves services that hold the user's session: only this run's page may use them.
let server: WebModeServer;
let rendererDir: string;
let port: number;
const events = new DesktopEventHub();
const calls: [string, unknown][] = [];
const dispatch: Dispatch = async (method, args) => {
  calls.push([method, args]);
  return { ok: true, value: { method } };
};

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'rushes-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rushes</title>');
  await writeFile(path.join(rendererDir, 'renderer.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'kept.jpg'), 'a jpeg');
  port = await freePortRange(1);
  // The media cache stand-in has one picture, for one name.
  const openCachedMedia = async (name: string) =>
    name === 'Asset0001@2.thumbnail.jpg' ? { path: path.join(rendererDir, 'kept.jpg'), contentType: 'image/jpeg' } : null;
  server = await startWebModeServer({ port, rendererDir, dispatch, events, openCachedMedia });
});

afterAll(async () => {
  await server?.stop();
  await rm(rendererDir, { recursive: true, force: true });
});

/** Raw request, so Host and Origin can be anything an attacker could send. */
function request(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(headers: Record<string, string>, body = '[]') {
  return request({ method: 'POST', path: '/bridge/call/getSession', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('web-mode server', () => {
  it('serves the media cache to this run’s page only, and only names the cache knows', async () => {
    const host = { host: `127.0.0.1:${port}` };
    const kept = await request({ path: `/media-cache/Asset0001%402.thumbnail.jpg?key=${server.key}`, headers: host });
    expect(kept).toEqual({ status: 200, body: 'a jpeg' });
    expect((await request({ path: '/media-cache/Asset0001%402.thumbnail.jpg', headers: host })).status).toBe(403);
    expect((await request({ path: '/media-cache/Asset0001%402.thumbnail.jpg?key=wrong', headers: host })).status).toBe(403);
    expect((await request({ path: `/media-cache/..%2Findex.html?key=${server.key}`, headers: host })).status).toBe(404);
    expect((await request({ path: `/media-cache/%E0%A4%A?key=${server.key}`, headers: host })).status).toBe(400);
  });

  it('prints a 127.0.0.1 address carrying a fresh key in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/#key=${server.key}`);
    expect(server.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the renderer, and nothing outside it', async () => {
    expect((await request({ path: '/' })).status).toBe(200);
    expect((await request({ path: '/renderer.js' })).status).toBe(200);
    expect((await request({ path: '/../package.json' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  });

  it('refuses another Host (DNS rebinding)', async () => {
    expect((await request({ path: '/', headers: { host: `evil.example:${port}` } })).status).toBe(421);
  });

  it('runs a call with the key from our own origin', async () => {
    calls.length = 0;
    const response = await call({ origin: server.origin, 'x-rushes-key': server.key }, '[]');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { method: 'getSession' } });
    expect(calls).toEqual([['getSession', []]]);
  });

  it('refuses calls without the key, with a wrong key, from another origin, or with no origin', async () => {
    calls.length = 0;
    expect((await call({ origin: server.origin })).status).toBe(403);
    expect((await call({ origin: server.origin, 'x-rushes-key': 'x'.repeat(43) })).status).toBe(403);
    expect((await call({ origin: 'https://evil.example', 'x-rushes-key': server.key })).status).toBe(403);
    expect((await call({ 'x-rushes-key': server.key })).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('refuses a non-JSON body (a cross-site form post)', async () => {
    const response = await request({
      method: 'POST',
      path: '/bridge/call/getSession',
      headers: { origin: server.origin, 'x-rushes-key': server.key, 'content-type': 'text/plain' },
      body: '[]',
    });
    expect(response.status).toBe(415);
  });

  it('streams events only to a holder of the key', async () => {
    expect((await request({ path: '/bridge/events?key=wrong' })).status).toBe(403);
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/bridge/events?key=${server.key}` }, (res) => {
        let text = '';
        let emitted = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          // The server greets a stream once it has subscribed it: only then is an event sure to reach it.
          if (!emitted && text.includes(': connected')) {
            emitted = true;
            events.emit('session', { status: 'signedOut' });
          }
          if (text.includes('event: session')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (error) => (error.message.includes('aborted') ? undefined : reject(error)));
    });
    expect(received).toContain('event: session\ndata: {"status":"signedOut"}');
  });
});
