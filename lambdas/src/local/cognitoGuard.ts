import http from 'node:http';
import { passwordProblem } from '@rushes/shared';
import type { Clock } from '../ports';
import { call, claimsOf, errorType, forwardRaw, poolIdOf, relay, sendError } from './cognitoLocalCall';
import { closeServer, DEFAULT_REQUEST_TIMEOUTS, listenOnLoopback, readBody, refuseForeignRequest, timeoutOptions } from './loopbackHttp';
import { lockedMessage, SignInLockout } from './signInLockout';

const MAX_BODY_BYTES = 64 * 1024;
const CHALLENGE_TTL_MS = 3 * 60_000;

/** What the guard saw that belongs in the audit log (in the cloud, Cognito's user-activity log says the same: docs/deploy.md). */
export type SignInEvent =
  | { kind: 'password-failed'; email: string }
  | { kind: 'mfa-failed'; email: string; step: 'sign-in' }
  | { kind: 'locked'; email: string; until: string };

/** Users whose refresh tokens an admin revoked (AdminUserGlobalSignOut), and when. Shared with the admin extension. */
export type SignOuts = Map<string, number>;

interface Challenge {
  name: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';
  /** cognito-local's username (the `sub`), which the answer must name. */
  username: string;
  /** The sign-in name as typed: the lockout's key and the audit's actor. */
  email: string;
  expiresAt: number;
  /** MFA: tokens whose refresh token cognito-local stored, handed over once the code is right. */
  tokens?: unknown;
}

/**
 * The only way into cognito-local: a loopback proxy that exposes just the sign-in surface
 * the desktop uses, with Amazon Cognito's semantics where cognito-local differs.
 * - InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH). The password is checked first
 *   (cognito-local skips it for a temporary password and calls a wrong one
 *   InvalidPasswordException); a disabled user is refused (cognito-local signs them in); a
 *   refresh token revoked by a global sign-out, or of a disabled user, is refused.
 * - Lockout: wrong passwords and codes lock the account for a while ("Password attempts
 *   exceeded", as Cognito says it), with the time it ends.
 * - RespondToAuthChallenge (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA) only with a session
 *   this guard handed out for that user. cognito-local accepts any session for any user, and
 *   stores no refresh token for tokens it issues from a challenge, so the guard hands over
 *   tokens from a sign-in whose refresh token it does store.
 * - The authenticator calls that take the user's access token (AssociateSoftwareToken,
 *   VerifySoftwareToken, SetUserMFAPreference), refused once the token has expired.
 * - The pool's JWKS and OpenID configuration, for token verification.
 * Browsers are refused outright: no Origin, no cross-site fetch, our Host only. Everything
 * else (the admin API included) is reachable only in-process, over cognito-local's socket.
 */
export async function startCognitoGuard(options: {
  port: number;
  upstreamSocket: string;
  clock: Clock;
  signOuts: SignOuts;
  onEvent?: (event: SignInEvent) => void;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const { upstreamSocket: socket, clock } = options;
  const challenges = new Map<string, Challenge>();
  const lockout = new SignInLockout(clock);
  const now = () => clock.now().getTime();
  const report = (event: SignInEvent) => options.onEvent?.(event);

  /** A wrong password or code: counted; when it locks the account, reported, with when the lock ends. */
  function failed(email: string): Date | null {
    const until = lockout.failed(email);
    if (until) report({ kind: 'locked', email, until: until.toISOString() });
    return until;
  }

  async function signIn(res: http.ServerResponse, request: CognitoRequest, body: Buffer): Promise<void> {
    const email = String(request.AuthParameters?.['USERNAME'] ?? '');
    const until = lockout.lockedUntil(email);
    if (until) return sendError(res, 400, 'NotAuthorizedException', lockedMessage(until));
    const check = await checkPassword(socket, request);
    if (check.kind === 'wrong') {
      report({ kind: 'password-failed', email });
      const locked = failed(email);
      return sendError(res, 400, 'NotAuthorizedException', locked ? lockedMessage(locked) : 'Incorrect username or password.');
    }
    if (check.kind === 'disabled') return sendError(res, 400, 'NotAuthorizedException', 'User is disabled.');
    const answer = await call(socket, 'InitiateAuth', body);
    const json = answer.json as { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string> } | null;
    const name = json?.ChallengeName;
    if (answer.status === 200 && (name === 'NEW_PASSWORD_REQUIRED' || name === 'SOFTWARE_TOKEN_MFA') && json?.Session) {
      sweep(challenges, now());
      challenges.set(json.Session, {
        name,
        username: json.ChallengeParameters?.['USER_ID_FOR_SRP'] ?? email,
        email,
        expiresAt: now() + CHALLENGE_TTL_MS,
        ...(name === 'SOFTWARE_TOKEN_MFA' ? { tokens: check.tokens } : {}),
      });
    }
    if (answer.status === 200 && !name) lockout.succeeded(email);
    return relay(res, answer);
  }

  async function refresh(res: http.ServerResponse, request: CognitoRequest, body: Buffer): Promise<void> {
    const answer = await call(socket, 'InitiateAuth', body);
    if (answer.status !== 200) return relay(res, answer);
    const issued = claimsOf(request.AuthParameters?.['REFRESH_TOKEN']);
    const claims = claimsOf((answer.json as { AuthenticationResult?: { IdToken?: unknown } }).AuthenticationResult?.IdToken);
    const sub = typeof claims?.['sub'] === 'string' ? claims['sub'] : '';
    const revokedAt = options.signOuts.get(sub);
    const issuedAt = typeof issued?.['iat'] === 'number' ? issued['iat'] * 1000 : 0;
    if ((revokedAt !== undefined && issuedAt <= revokedAt) || (claims && (await isDisabled(socket, claims)))) {
      return sendError(res, 400, 'NotAuthorizedException', 'Refresh Token has been revoked');
    }
    return relay(res, answer);
  }

  async function answerChallenge(res: http.ServerResponse, request: CognitoRequest, body: Buffer): Promise<void> {
    const session = typeof request.Session === 'string' ? request.Session : '';
    const issued = challenges.get(session);
    const username = request.ChallengeResponses?.['USERNAME'];
    if (!issued || issued.expiresAt < now() || issued.username !== username || issued.name !== request.ChallengeName) {
      challenges.delete(session);
      return sendError(res, 400, 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    if (issued.name === 'NEW_PASSWORD_REQUIRED') {
      challenges.delete(session);
      const problem = passwordProblem(String(request.ChallengeResponses?.['NEW_PASSWORD'] ?? ''));
      if (problem) return sendError(res, 400, 'InvalidPasswordException', `Password does not conform to policy: ${problem}`);
      return completeNewPassword(res, socket, body, request, issued.username);
    }
    const until = lockout.lockedUntil(issued.email);
    if (until) {
      challenges.delete(session);
      return sendError(res, 400, 'NotAuthorizedException', lockedMessage(until));
    }
    const answer = await call(socket, 'RespondToAuthChallenge', body);
    if (answer.status !== 200) {
      // The same session may try again (as Cognito allows) until it expires or the account locks.
      if (errorType(answer) === 'CodeMismatchException') {
        report({ kind: 'mfa-failed', email: issued.email, step: 'sign-in' });
        const locked = failed(issued.email);
        if (locked) {
          challenges.delete(session);
          return sendError(res, 400, 'NotAuthorizedException', lockedMessage(locked));
        }
      }
      return relay(res, answer);
    }
    challenges.delete(session);
    lockout.succeeded(issued.email);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ ChallengeParameters: {}, AuthenticationResult: issued.tokens }));
  }

  /** The calls a signed-in user makes with their access token to set up an authenticator. */
  async function withAccessToken(res: http.ServerResponse, action: string, request: CognitoRequest, body: Buffer): Promise<void> {
    const claims = claimsOf(request.AccessToken);
    const exp = typeof claims?.['exp'] === 'number' ? claims['exp'] * 1000 : 0;
    if (!claims || claims['token_use'] !== 'access' || exp <= now()) {
      return sendError(res, 400, 'NotAuthorizedException', 'Access Token has expired');
    }
    // A wrong enrolment code is audited by the API, which makes this call for the app (POST
    // /v1/security/mfa/verify), as Amazon Cognito records none either.
    const answer = await call(socket, action, body);
    return relay(res, answer);
  }

  const server = http.createServer(timeoutOptions(DEFAULT_REQUEST_TIMEOUTS), async (req, res) => {
    const refusal = refuseForeignRequest(req, options.port);
    if (refusal) return sendError(res, 403, 'NotAuthorizedException', refusal);

    if (req.method === 'GET') {
      if (!/^\/[\w-]+\/\.well-known\/(jwks\.json|openid-configuration)$/.test(req.url ?? '')) {
        return sendError(res, 404, 'ResourceNotFoundException', 'Not found.');
      }
      return forwardRaw(req, res, socket);
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

    try {
      if (action === 'InitiateAuth') {
        if (request.AuthFlow === 'REFRESH_TOKEN_AUTH') return await refresh(res, request, body);
        if (request.AuthFlow !== 'USER_PASSWORD_AUTH') {
          return sendError(res, 400, 'InvalidParameterException', 'Only USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH are enabled.');
        }
        return await signIn(res, request, body);
      }
      if (action === 'RespondToAuthChallenge') return await answerChallenge(res, request, body);
      if (action === 'AssociateSoftwareToken' || action === 'VerifySoftwareToken' || action === 'SetUserMFAPreference') {
        return await withAccessToken(res, action, request, body);
      }
    } catch {
      return sendError(res, 502, 'InternalErrorException', 'cognito-local is not answering.');
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
  AccessToken?: unknown;
  AuthParameters?: Record<string, unknown>;
  ChallengeResponses?: Record<string, unknown>;
}

function sweep(challenges: Map<string, Challenge>, now: number): void {
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
  const answer = await call(socketPath, 'RespondToAuthChallenge', body);
  const newPassword = request.ChallengeResponses?.['NEW_PASSWORD'];
  if (answer.status !== 200 || typeof newPassword !== 'string') return relay(res, answer);
  const signIn = await call(socketPath, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: request.ClientId,
    AuthParameters: { USERNAME: username, PASSWORD: newPassword },
  });
  relay(res, signIn.status === 200 ? signIn : answer);
}

type PasswordCheck = { kind: 'wrong' } | { kind: 'disabled' } | { kind: 'right'; tokens: unknown };

/**
 * AdminInitiateAuth checks the password (and skips the MFA step); its tokens' refresh token
 * is stored, so they are what a correct authenticator code later hands over.
 */
async function checkPassword(socketPath: string, request: CognitoRequest): Promise<PasswordCheck> {
  const answer = await call(socketPath, 'AdminInitiateAuth', {
    // cognito-local finds the pool from the client id; the pool id is not consulted.
    UserPoolId: 'resolved-from-client-id',
    ClientId: request.ClientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: request.AuthParameters?.['USERNAME'], PASSWORD: request.AuthParameters?.['PASSWORD'] },
  });
  // Anything but a refusal of the credentials (unconfirmed, reset required) is cognito-local's to report.
  if (answer.status !== 200) {
    return /^(InvalidPassword|NotAuthorized|UserNotFound)Exception$/.test(errorType(answer))
      ? { kind: 'wrong' }
      : { kind: 'right', tokens: null };
  }
  const tokens = (answer.json as { AuthenticationResult?: { IdToken?: unknown } }).AuthenticationResult;
  const claims = claimsOf(tokens?.IdToken);
  if (claims && (await isDisabled(socketPath, claims))) return { kind: 'disabled' };
  return { kind: 'right', tokens };
}

async function isDisabled(socketPath: string, claims: Record<string, unknown>): Promise<boolean> {
  const user = await call(socketPath, 'AdminGetUser', { UserPoolId: poolIdOf(claims), Username: claims['sub'] });
  return user.status === 200 && (user.json as { Enabled?: unknown }).Enabled === false;
}
