import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { LOOK_BODY_BYTES, routes } from '@rushes/shared';
import type { ApiRequest, ApiResponse } from '../handlers/router';
import {
  BodyTooLargeError,
  closeServer,
  DEFAULT_REQUEST_TIMEOUTS,
  listenOnLoopback,
  readBody,
  refuseForeignRequest,
  timeoutOptions,
  type RequestTimeouts,
} from './loopbackHttp';

/** API Gateway's own limit is 10 MB; no route of ours takes more than a page of ids or names... */
export const MAX_BODY_BYTES = 1024 * 1024;

/** ...but one: a folder's look carries a .cube file's text (LOOK_BODY_BYTES fits a 65³ cube). */
export function bodyLimit(method: string | undefined, path: string): number {
  return method === routes.setFolderLook.method && path === routes.setFolderLook.path ? LOOK_BODY_BYTES : MAX_BODY_BYTES;
}

/** The router on Node's http server: local mode's stand-in for API Gateway. */
export async function startApiServer(options: {
  port: number;
  route: (request: ApiRequest) => Promise<ApiResponse>;
  timeouts?: RequestTimeouts;
  /** Takes WebSocket upgrades (the push channel); without it every upgrade is hung up on. */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer, port: number) => void;
}): Promise<{ url: string; stop(): Promise<void> }> {
  let port = options.port;
  const server = http.createServer(timeoutOptions(options.timeouts ?? DEFAULT_REQUEST_TIMEOUTS), async (req, res) => {
    const requestId = randomUUID();
    // Only the desktop's main side calls the API; browsers never do (no CORS either).
    const refusal = refuseForeignRequest(req, port);
    if (refusal) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'FORBIDDEN', message: refusal, requestId } }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: string;
    const limit = bodyLimit(req.method, url.pathname);
    try {
      body = (await readBody(req, limit)).toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) {
        res.destroy(); // the client went away mid-body: nobody to answer
        return;
      }
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      const message = `The request body is over the limit of ${limit} bytes (${limit / 1024 / 1024} MiB).`;
      res.end(JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message, limitBytes: limit, requestId } }));
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    const response = await options.route({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: body.length > 0 ? body : undefined,
      requestId,
      // The socket's peer (always loopback here); x-forwarded-for is the client's word, not ours.
      ...(req.socket.remoteAddress ? { sourceAddress: req.socket.remoteAddress } : {}),
    });
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  server.on('upgrade', (req, socket, head) => {
    if (options.upgrade) options.upgrade(req, socket, head, port);
    else socket.destroy();
  });
  // Asked for port 0 (tests), requests must name the port it was given.
  port = await listenOnLoopback(server, options.port);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
