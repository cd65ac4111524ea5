import { DomainError, isDomainError, routes, validationError, type ErrorBody, type RouteName, type Routes } from '@rushes/shared';
import type { Clock, Principal, TokenVerifier } from '../ports';
import { principalFromClaims } from '../adapters/tokenClaims';
import { describeCaller } from '../core/identity';
import type { Administration } from '../core/administration';
import type { SignInSecurity } from '../core/signInSecurity';
import type { AuditLog } from '../core/audit';
import type { FolderAccess } from '../core/folderAccess';
import type { Custody } from '../core/custody/custody';
import type { Library } from '../core/library';
import type { Looks } from '../core/looks/looks';
import type { Media } from '../core/media';
import type { Review } from '../core/review';
import type { Transfers } from '../core/transfers';
import type { Uploads } from '../core/uploads';
import type { Workstations } from '../core/workstations';
import { aclHandlers } from './aclHandlers';
import { adminHandlers } from './adminHandlers';
import { libraryHandlers } from './libraryHandlers';
import { lookHandlers } from './lookHandlers';
import { mediaHandlers } from './mediaHandlers';
import { annotationHandlers } from './annotationHandlers';
import { reviewHandlers } from './reviewHandlers';
import { custodyHandlers } from './custodyHandlers';
import { searchHandlers } from './searchHandlers';
import { securityHandlers } from './securityHandlers';
import { transferHandlers } from './transferHandlers';
import { uploadHandlers } from './uploadHandlers';
import type { Call, Handlers } from './routeTypes';

/** A transport-neutral request: the local http server and the Lambda handler both build one. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: string | undefined;
  requestId: string;
  /**
   * The caller's network address as the transport saw it: the socket's peer locally, API
   * Gateway's `sourceIp` in the cloud. Never read from `x-forwarded-for`, which a client writes.
   */
  sourceAddress?: string;
  /**
   * Cloud only: the claims of the ID token API Gateway's JWT authorizer has already verified.
   * The local server never sets it, so nothing a client sends can fill it in.
   */
  verifiedClaims?: Readonly<Record<string, unknown>>;
}

/** Who is calling, or DomainError('UNAUTHENTICATED'): a bearer token checked here, or claims checked by API Gateway. */
export type Authenticator = (request: ApiRequest) => Promise<Principal>;

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiDeps {
  authenticate: Authenticator;
  clock: Clock;
  mode: 'local' | 'cloud';
  version: string;
  /** Browse and organise; absent where no catalog is configured yet (answers 503). */
  library?: Library;
  /** Notes and takes; absent where no catalog is configured yet (answers 503). */
  review?: Review;
  /** Folder permissions; absent where no directory is configured (answers 503). */
  folderAccess?: FolderAccess;
  /** Derivative URLs (thumbnails, proxies); absent where ingest is not configured (answers 503). */
  media?: Media;
  /** Folder looks and burn-ins; absent where no catalog is configured yet (answers 503). */
  looks?: Looks;
  /** Upload sessions; absent where uploads are not configured (answers 503). */
  uploads?: Uploads;
  /** Users and groups; absent where no directory is configured (answers 503). */
  administration?: Administration;
  /** The audit log's reader; absent where no catalog is configured (answers 503). */
  audit?: AuditLog;
  /** Edit workstations; absent where no transfer executor is configured (answers 503). */
  workstations?: Workstations;
  /** S3 ↔ edit-share transfers; absent where no transfer executor is configured (answers 503). */
  transfers?: Transfers;
  /** MHL generations and per-asset custody; absent where no catalog is configured (answers 503). */
  custody?: Custody;
  /**
   * Checked on every authenticated request: users an admin disabled (or deleted) are
   * refused at once, and users who must set up two-step sign-in reach only enrolment.
   * Required wherever there is a catalog; without one no user can be disabled.
   */
  security?: SignInSecurity;
  log?: (entry: Record<string, unknown>) => void;
}

/** Route name → use case. Handlers only translate; each feature keeps its own. */
function handlers(deps: ApiDeps): Handlers<RouteName> {
  return {
    health: async () => ({
      status: 'ok',
      service: 'rushes-api',
      version: deps.version,
      mode: deps.mode,
      time: deps.clock.now().toISOString(),
    }),
    me: async ({ principal }) => describeCaller(principal),
    ...libraryHandlers(deps),
    ...aclHandlers(deps),
    ...mediaHandlers(deps),
    ...uploadHandlers(deps),
    ...adminHandlers(deps),
    ...searchHandlers(deps),
    ...annotationHandlers(deps),
    ...transferHandlers(deps),
    ...reviewHandlers(deps),
    ...securityHandlers(deps),
    ...lookHandlers(deps),
    ...custodyHandlers(deps),
  };
}

const routeTable = Object.entries(routes) as [RouteName, Routes[RouteName]][];

export function createApiRouter(deps: ApiDeps): (request: ApiRequest) => Promise<ApiResponse> {
  const table = handlers(deps);
  const log = deps.log ?? ((entry) => console.error(JSON.stringify(entry)));

  return async (request) => {
    try {
      const match = routeTable.filter(([, spec]) => spec.path === request.path);
      if (match.length === 0) throw new DomainError('NOT_FOUND', `No route ${request.path}`);
      const found = match.find(([, spec]) => spec.method === request.method);
      if (!found) throw new DomainError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${request.path}`);
      const [name, spec] = found;

      const principal = spec.auth ? await authenticated(deps, request, name) : null;
      const query = spec.query.safeParse(request.query);
      if (!query.success) throw validationError(query.error, 'query');
      const body = spec.body.safeParse(parseJsonBody(request.body));
      if (!body.success) throw validationError(body.error, 'body');

      const handler = table[name] as (call: Call<RouteName>) => Promise<unknown>;
      const result = await handler({ principal, query: query.data, body: body.data } as unknown as Call<RouteName>);
      return json(200, spec.response.parse(result), request.requestId);
    } catch (error) {
      return errorResponse(error, request, log);
    }
  };
}

/** Local mode: the bearer token is verified here, against the user pool's keys. */
export function bearerTokenAuthenticator(verifier: TokenVerifier): Authenticator {
  return async (request) => {
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(request.headers['authorization']?.trim() ?? '');
    if (!match?.[1]) throw new DomainError('UNAUTHENTICATED', 'Sign in first: the request has no bearer token.');
    return verifier.verify(match[1]);
  };
}

/**
 * Cloud: API Gateway verified the token (signature, issuer, audience, expiry) before the
 * Lambda ran. A request without claims reached us some other way, so it is refused.
 */
export function gatewayClaimsAuthenticator(): Authenticator {
  return async (request) => {
    if (!request.verifiedClaims) throw new DomainError('UNAUTHENTICATED', 'Sign in first: the request carries no verified token.');
    return principalFromClaims(request.verifiedClaims);
  };
}

/**
 * Who is calling, checked on every request: a token outlives the moment an admin disables
 * its user, and a valid token does not prove the user set up two-step sign-in.
 */
async function authenticated(deps: Pick<ApiDeps, 'authenticate' | 'security'>, request: ApiRequest, route: RouteName): Promise<Principal> {
  const principal = await deps.authenticate(request);
  await deps.security?.admit(principal, route);
  return request.sourceAddress === undefined ? principal : { ...principal, address: request.sourceAddress };
}

function parseJsonBody(body: string | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'body: not valid JSON', 'body');
  }
}

function json(status: number, payload: unknown, requestId: string): ApiResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-request-id': requestId,
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(payload),
  };
}

/** The one place an error becomes a response; unexpected errors never leak details. */
function errorResponse(error: unknown, request: ApiRequest, log: (entry: Record<string, unknown>) => void): ApiResponse {
  if (isDomainError(error)) {
    const body: ErrorBody = { error: { ...error.toInfo(), requestId: request.requestId } };
    const response = json(error.status, body, request.requestId);
    if (error.code === 'UNAUTHENTICATED') response.headers['www-authenticate'] = 'Bearer realm="rushes"';
    return response;
  }
  log({
    level: 'error',
    msg: 'unhandled API error',
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    error: error instanceof Error ? error.stack : String(error),
  });
  const body: ErrorBody = {
    error: {
      code: 'INTERNAL',
      message: 'Something went wrong on the server. Quote this request id when reporting it.',
      requestId: request.requestId,
    },
  };
  return json(500, body, request.requestId);
}
