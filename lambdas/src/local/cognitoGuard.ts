import http from 'node:http';
import { closeServer, DEFAULT_REQUEST_TIMEOUTS, listenOnLoopback, readBody, refuseForeignRequest, timeoutOptions } from './loopbackHttp';

const MAX_BODY_BYTES = 64 * 1024;
const CHALLENGE_TTL_MS = 3 * 60_000;

/**
 * The only way into cognito-local: a loopback proxy that exposes just the sign-in surface
 * the desktop uses, with Amazon Cognito's semantics.
 * - InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH). cognito-local skips the password
 *   check for a user on a temporary password, and reports a wrong one as
 *   InvalidPasswordException; the guard checks the password first (AdminInitiateAuth does)
 *   and answers NotAuthorizedException, as Cognito would.
 * - RespondToAuthChallenge (NEW_PASSWORD_REQUIRED) only with a session this guard handed out
 *   for that user, once. cognito-local accepts any session string for any user.
 * - The pool's JWKS and OpenID configuration, for token verification.
 * Browsers are refused outright: no Origin, no cross-site fetch, our Host only. Everything
 * else (the admin API included) is reachable only in-process, over cognito-local's socket.
 */
export async function startCognitoGuard(options: {
  port: number;
  upstreamSocket: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const challenges = new Map<string, { username: string; expiresAt: number }>();

  const server = http.createServer(timeoutOptions(DEFAULT_REQUEST_TIMEOUTS), async (req, res) => {
    const refusal = refuseForeignRequest(req, options.port);
    if (refusal) return sendError(res, 403, 'NotAuthorizedException', refusal);

    if (req.method === 'GET') {
      if (!/^\/[\w-]+\/\.well-known\/(jwks\.json|openid-configuration)$/.test(req.url ?? '')) {
        return sendError(res, 404, 'ResourceNotFoundException', 'Not found.');
      }
      return forwardRaw(req, res, options.upstreamSocket, undefined);
    }
    if (req.method !== 'POST') return sendError(res, 405, 'InvalidParameterException', 'Method not allowed.');
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      return sendError(res, 415, 'InvalidParameterException', 'Compressed requests are not accepted.');
    }

    let body: Buffer;
    let request: CognitoRequest;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
      request = JSON.parse(body.toString('utf8')) as CognitoRequest;
      if (typeof request !== 'object' || request === null) throw new Error('not an object');
    } catch {
      return sendError(res, 400, 'InvalidParameterException', 'The request is not a JSON object.');
    }
    // cognito-local routes on the text after the first dot of X-Amz-Target; read it the same way.
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1];

    if (action === 'InitiateAuth') {
      if (request.AuthFlow === 'REFRESH_TOKEN_AUTH') return forward(res, options.upstreamSocket, 'InitiateAuth', body);
      if (request.AuthFlow !== 'USER_PASSWORD_AUTH') {
        return sendError(res, 400, 'InvalidParameterException', 'Only USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH are enabled.');
      }
      if (!(await passwordIsRight(options.upstreamSocket, request))) {
        return sendError(res, 400, 'NotAuthorizedException', 'Incorrect username or password.');
      }
      const answer = await call(options.upstreamSocket, 'InitiateAuth', body);
      const json = answer.json as { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string> } | null;
      if (answer.status === 200 && json?.ChallengeName === 'NEW_PASSWORD_REQUIRED' && json.Session) {
        sweep(challenges);
        challenges.set(json.Session, {
          username: json.ChallengeParameters?.['USER_ID_FOR_SRP'] ?? String(request.AuthParameters?.['USERNAME'] ?? ''),
          expiresAt: Date.now() + CHALLENGE_TTL_MS,
        });
      }
      return relay(res, answer);
    }

    if (action === 'RespondToAuthChallenge') {
      const session = typeof request.Session === 'string' ? request.Session : '';
      const issued = challenges.get(session);
      challenges.delete(session);
      const username = request.ChallengeResponses?.['USERNAME'];
      if (request.ChallengeName !== 'NEW_PASSWORD_REQUIRED' || !issued || issued.expiresAt < Date.now() || issued.username !== username) {
        return sendError(res, 400, 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
      }
      return completeNewPassword(res, options.upstreamSocket, body, request, issued.username);
    }

    return sendError(res, 400, 'NotAuthorizedException', `${action ?? 'This call'} is not available to clients in local mode.`);
  });

  const port = await listenOnLoopback(server, options.port);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

interface CognitoRequest {
  AuthFlow?: unknown;
  ClientId?: unknown;
  Session?: unknown;
  ChallengeName?: unknown;
  AuthParameters?: Record<string, unknown>;
  ChallengeResponses?: Record<string, unknown>;
}

function sweep(challenges: Map<string, { expiresAt: number }>): void {
  const now = Date.now();
  for (const [session, challenge] of challenges) if (challenge.expiresAt < now) challenges.delete(session);
}

/**
 * cognito-local does not store the refresh token it issues with the answer to the new-password
 * challenge, so the first refresh (an hour later) would sign the user out. Once the password
 * is set, sign in again with it and return those tokens: their refresh token is stored.
 */
async function completeNewPassword(
  res: http.ServerResponse,
  socketPath: string,
  body: Buffer,
  request: CognitoRequest,
  username: string,
): Promise<void> {
  try {
    const answer = await call(socketPath, 'RespondToAuthChallenge', body);
    const newPassword = request.ChallengeResponses?.['NEW_PASSWORD'];
    if (answer.status !== 200 || typeof newPassword !== 'string') return relay(res, answer);
    const signIn = await call(
      socketPath,
      'InitiateAuth',
      Buffer.from(
        JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: request.ClientId,
          AuthParameters: { USERNAME: username, PASSWORD: newPassword },
        }),
      ),
    );
    relay(res, signIn.status === 200 ? signIn : answer);
  } catch {
    sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.');
  }
}

async function passwordIsRight(socketPath: string, request: CognitoRequest): Promise<boolean> {
  const answer = await call(
    socketPath,
    'AdminInitiateAuth',
    Buffer.from(
      JSON.stringify({
        // cognito-local finds the pool from the client id; the pool id is not consulted.
        UserPoolId: 'resolved-from-client-id',
        ClientId: request.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: request.AuthParameters?.['USERNAME'], PASSWORD: request.AuthParameters?.['PASSWORD'] },
      }),
    ),
  );
  // Anything but a refusal of the credentials (unconfirmed, reset required) is cognito-local's to report.
  const type = String((answer.json as { __type?: unknown } | null)?.__type ?? '');
  return answer.status === 200 || !/(InvalidPassword|NotAuthorized|UserNotFound)Exception$/.test(type);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: unknown;
}

function call(socketPath: string, action: string, body: Buffer): Promise<Answer> {
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
          'content-length': body.length,
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
    req.end(body);
  });
}

async function forward(res: http.ServerResponse, socketPath: string, action: string, body: Buffer): Promise<void> {
  try {
    relay(res, await call(socketPath, action, body));
  } catch {
    sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.');
  }
}

function relay(res: http.ServerResponse, answer: Answer): void {
  const type = answer.headers['content-type'] ?? 'application/x-amz-json-1.1';
  const headers: http.OutgoingHttpHeaders = { 'content-type': type };
  const errorType = answer.headers['x-amzn-errortype'];
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

function forwardRaw(req: http.IncomingMessage, res: http.ServerResponse, socketPath: string, body: Buffer | undefined): void {
  const upstream = http.request({ socketPath, method: req.method, path: req.url, headers: { host: 'cognito-local' } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
    answer.pipe(res);
  });
  upstream.on('error', () => sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.'));
  upstream.end(body);
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}
