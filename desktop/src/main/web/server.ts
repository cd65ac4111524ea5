import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { MEDIA_CACHE_WEB_PATH, desktopEventNames } from '@rushes/shared';
import { closeServer, listenOnLoopback, readBody } from '@rushes/lambdas/http';
import type { Dispatch } from '../dispatch';
import type { DesktopEventHub } from '../services/events';
import type { CachedFile } from '../services/mediaCache';

const MAX_CALL_BYTES = 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface WebModeServer {
  /** The address to open: it carries this run's key in the fragment. */
  url: string;
  origin: string;
  key: string;
  stop(): Promise<void>;
}

/**
 * Web mode: the renderer and the main-side DesktopApi, served to a browser. The services read
 * local files and hold the user's session, so only this run's page may drive them: we bind
 * 127.0.0.1, accept only our own Host (no DNS rebinding) and Origin (no other web page), and
 * require the per-run key that only the printed URL carries.
 */
export async function startWebModeServer(options: {
  port: number;
  rendererDir: string;
  dispatch: Dispatch;
  events: DesktopEventHub;
  /** The media cache's pictures (DesktopServices.openCachedMedia); none are served without it. */
  openCachedMedia?: (name: string) => Promise<CachedFile | null>;
}): Promise<WebModeServer> {
  const key = randomBytes(32).toString('base64url');
  const keyBytes = Buffer.from(key);
  const files = await loadRenderer(options.rendererDir);
  const origin = `http://127.0.0.1:${options.port}`;
  const allowedHosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${options.port}`]);
  const streams = new Set<http.ServerResponse>();

  const keyMatches = (candidate: string | null | undefined) => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === keyBytes.length && timingSafeEqual(bytes, keyBytes);
  };

  const server = http.createServer(async (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!allowedHosts.has(req.headers.host ?? '')) return deny(res, 421, 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/bridge/')) {
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) return deny(res, 403, 'Wrong origin.');
      res.setHeader('cache-control', 'no-store');

      if (req.method === 'GET' && url.pathname === '/bridge/events') {
        if (!keyMatches(url.searchParams.get('key'))) return deny(res, 403, 'Missing or wrong key.');
        res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      const call = /^\/bridge\/call\/([A-Za-z]+)$/.exec(url.pathname);
      if (req.method === 'POST' && call?.[1]) {
        // A cross-site form post cannot carry a custom header, and a fetch with one needs a
        // preflight we never answer: the Origin check and the key header close both doors.
        if (requestOrigin === undefined || !keyMatches(req.headers['x-rushes-key'] as string | undefined)) {
          return deny(res, 403, 'Missing or wrong key.');
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, 'Send JSON.');
        let args: unknown;
        try {
          args = JSON.parse((await readBody(req, MAX_CALL_BYTES)).toString('utf8'));
        } catch {
          return deny(res, 400, 'The call body is not JSON or is over 1 MiB.');
        }
        const result = await options.dispatch(call[1], args);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(result));
        return;
      }
      return deny(res, 404, 'No such bridge route.');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    if (url.pathname.startsWith(MEDIA_CACHE_WEB_PATH)) {
      // Pictures of assets the signed-in user was shown: this run's page only (the key), and
      // the cache itself refuses assets the API has not shown this user.
      if (!keyMatches(url.searchParams.get('key'))) return deny(res, 403, 'Missing or wrong key.');
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice(MEDIA_CACHE_WEB_PATH.length));
      } catch {
        return deny(res, 400, 'Bad file name.');
      }
      const file = (await options.openCachedMedia?.(name)) ?? null;
      if (!file) return deny(res, 404, 'Not found.');
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'private, max-age=3600' });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file.path)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const file = files.get(name);
    if (!file) return deny(res, 404, 'Not found.');
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const unsubscribe = options.events.subscribe((event, payload) => {
    if (!desktopEventNames.includes(event)) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 25_000);
  heartbeat.unref();

  await listenOnLoopback(server, options.port);

  return {
    url: `${origin}/#key=${key}`,
    origin,
    key,
    stop: () => {
      unsubscribe();
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      return closeServer(server);
    },
  };
}

/** The built renderer, read once: only these files are ever served, so no path can escape. */
async function loadRenderer(dir: string): Promise<Map<string, { body: Buffer; type: string }>> {
  const files = new Map<string, { body: Buffer; type: string }>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new Error(`The renderer is not built at ${dir}; run \`npm run build\`.`);
  }
  for (const name of names) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (type) files.set(name, { body: await readFile(path.join(dir, name)), type });
  }
  if (!files.has('index.html')) throw new Error(`The renderer at ${dir} has no index.html; run \`npm run build\`.`);
  return files;
}

function deny(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}
