import type http from 'node:http';

/** Thrown by readBody when a body is larger than its limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * Reads a request or response body, refusing more than `limitBytes`. Past the limit the rest
 * is read and dropped rather than the socket torn down, so a client still sending gets the
 * answer (a 413) instead of a reset connection; the server's request timeout bounds how long.
 */
export function readBody(stream: http.IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(stream.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      stream.resume();
      reject(new BodyTooLargeError(`body over ${limitBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(`body over ${limitBytes} bytes`));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** How long a local server waits for a whole request: a client that trickles is cut off. */
export interface RequestTimeouts {
  /** The headers must have arrived within this. */
  headersMs: number;
  /** The whole request (headers and body) must have arrived within this. */
  requestMs: number;
  /** How often Node checks open requests against those limits. */
  checkEveryMs: number;
}

export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };

/** Server options for those limits (Node answers 408 and closes the connection past them). */
export function timeoutOptions(timeouts: RequestTimeouts): http.ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkEveryMs,
  };
}

/**
 * Local servers answer only requests meant for them: Host names this server on loopback (no
 * DNS rebinding), no cross-site fetch, and Origin, when a browser sends one, is on the list
 * (empty for servers no browser should call). Returns the refusal, or null to proceed.
 */
export function refuseForeignRequest(req: http.IncomingMessage, port: number, allowedOrigins: readonly string[] = []): string | null {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'Wrong host.';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'Cross-site requests are refused.';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return 'Wrong origin.';
  return null;
}

/** Listens on 127.0.0.1 only (every local server does) and resolves with the bound port. */
export function listenOnLoopback(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Closes a server now, including idle keep-alive connections that would hold it open. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
