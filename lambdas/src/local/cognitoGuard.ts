import http from 'node:http';
import { closeServer, listenOnLoopback, readBody } from './loopbackHttp';

/**
 * A loopback proxy in front of cognito-local that makes its sign-in behave like Amazon
 * Cognito's. cognito-local skips the password check for a user who still has a temporary
 * password (anyone could claim the account by choosing its new password), and reports a
 * wrong password as InvalidPasswordException. Cognito checks the password first and answers
 * NotAuthorizedException; the guard verifies the password through AdminInitiateAuth (which
 * does check it) before forwarding USER_PASSWORD_AUTH. Everything else passes through.
 */
export async function startCognitoGuard(options: { port: number; upstreamPort: number }): Promise<{ url: string; stop(): Promise<void> }> {
  const upstream = { host: '127.0.0.1', port: options.upstreamPort };

  const server = http.createServer(async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, 1024 * 1024);
    } catch {
      return sendError(res, 413, 'InvalidParameterException', 'Request too large.');
    }
    try {
      if (req.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth') {
        const refusal = await checkPassword(upstream, body);
        if (refusal) return sendError(res, 400, 'NotAuthorizedException', refusal);
      }
      const forwarded = http.request(
        { ...upstream, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${options.upstreamPort}` } },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forwarded.on('error', () => sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.'));
      forwarded.end(body);
    } catch {
      sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.');
    }
  });
  const port = await listenOnLoopback(server, options.port);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

/** Null when the password is right (or the call is not a password sign-in); else the refusal. */
async function checkPassword(upstream: { host: string; port: number }, body: Buffer): Promise<string | null> {
  let request: { AuthFlow?: unknown; ClientId?: unknown; AuthParameters?: Record<string, unknown> };
  try {
    request = JSON.parse(body.toString('utf8')) as typeof request;
  } catch {
    return null; // cognito-local answers malformed requests itself
  }
  if (request.AuthFlow !== 'USER_PASSWORD_AUTH') return null;
  const answer = await post(upstream, 'AdminInitiateAuth', {
    // cognito-local finds the pool from the client id; the pool id is not consulted.
    UserPoolId: 'resolved-from-client-id',
    ClientId: request.ClientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: request.AuthParameters?.['USERNAME'], PASSWORD: request.AuthParameters?.['PASSWORD'] },
  });
  if (answer.status === 200) return null;
  const type = String((answer.json as { __type?: unknown } | null)?.__type ?? '');
  if (type.endsWith('InvalidPasswordException') || type.endsWith('NotAuthorizedException') || type.endsWith('UserNotFoundException')) {
    return 'Incorrect username or password.';
  }
  return null; // other outcomes (unconfirmed, reset required) are cognito-local's to report
}

function post(upstream: { host: string; port: number }, action: string, payload: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...upstream,
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
      },
      (res) => {
        readBody(res, 1024 * 1024)
          .then((buffer) => {
            let json: unknown = null;
            try {
              json = JSON.parse(buffer.toString('utf8'));
            } catch {
              json = null;
            }
            resolve({ status: res.statusCode ?? 0, json });
          })
          .catch(reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}
