import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { ApiRequest, ApiResponse } from '../handlers/router';
import { closeServer, listenOnLoopback, readBody, refuseForeignRequest } from './loopbackHttp';

const MAX_BODY_BYTES = 1024 * 1024;

/** The router on Node's http server: local mode's stand-in for API Gateway. */
export async function startApiServer(options: {
  port: number;
  route: (request: ApiRequest) => Promise<ApiResponse>;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const requestId = randomUUID();
    // Only the desktop's main side calls the API; browsers never do (no CORS either).
    const refusal = refuseForeignRequest(req, options.port);
    if (refusal) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'FORBIDDEN', message: refusal, requestId } }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: string;
    try {
      body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
    } catch {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is over 1 MiB.', requestId } }));
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
    });
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  const port = await listenOnLoopback(server, options.port);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
