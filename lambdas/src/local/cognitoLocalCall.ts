import http from 'node:http';
import { readBody } from './loopbackHttp';

/** An answer of cognito-local, as it came over its private socket. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: unknown;
}

/** One Cognito API call to cognito-local over its private socket. */
export function call(socketPath: string, action: string, body: Buffer | object): Promise<Answer> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        method: 'POST',
        path: '/',
        headers: {
          host: 'cognito-local',
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
          'content-length': bytes.length,
        },
      },
      (res) => {
        readBody(res, 1024 * 1024)
          .then((data) => {
            let json: unknown = null;
            try {
              json = JSON.parse(data.toString('utf8'));
            } catch {
              json = null;
            }
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data, json });
          })
          .catch(reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The claims of a token cognito-local issued, unverified: only for tokens that came from it just now. */
export function claimsOf(token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The user pool's id, from a token's issuer (`http://127.0.0.1:<port>/<poolId>`). */
export function poolIdOf(claims: Record<string, unknown>): string | null {
  const issuer = claims['iss'];
  return typeof issuer === 'string' ? (issuer.split('/').pop() ?? null) : null;
}

export function relay(res: http.ServerResponse, answer: Answer): void {
  const type = answer.headers['content-type'] ?? 'application/x-amz-json-1.1';
  const headers: http.OutgoingHttpHeaders = { 'content-type': type };
  const errorType = answer.headers['x-amzn-errortype'];
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

export function forwardRaw(req: http.IncomingMessage, res: http.ServerResponse, socketPath: string): void {
  const upstream = http.request({ socketPath, method: req.method, path: req.url, headers: { host: 'cognito-local' } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
    answer.pipe(res);
  });
  upstream.on('error', () => sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.'));
  upstream.end();
}

export function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}

/** The error type of an answer (`NotAuthorizedException`), or '' for a success. */
export function errorType(answer: Answer): string {
  return (
    String((answer.json as { __type?: unknown } | null)?.__type ?? '')
      .split('#')
      .pop() ?? ''
  );
}
