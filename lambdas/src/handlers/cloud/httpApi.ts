import type { ApiRequest, ApiResponse } from '../router';

/**
 * The parts of API Gateway's HTTP API event (payload format 2.0) the router needs. With a
 * JWT authorizer, the verified token's claims are in `requestContext.authorizer.jwt.claims`.
 */
export interface HttpApiEvent {
  version?: string;
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    /** `sourceIp` is the TCP peer API Gateway saw, not a header the client can write. */
    http: { method: string; path?: string; sourceIp?: string };
    requestId?: string;
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** Event → transport-neutral request; the only place the Lambda's event shape is read. */
export function toApiRequest(event: HttpApiEvent, fallbackRequestId: () => string): ApiRequest {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.queryStringParameters ?? {},
    // API Gateway lower-cases header names, as Node's http server does.
    headers: event.headers ?? {},
    body: event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    requestId: event.requestContext.requestId ?? fallbackRequestId(),
    ...(event.requestContext.http.sourceIp ? { sourceAddress: event.requestContext.http.sourceIp } : {}),
    ...(claims && Object.keys(claims).length > 0 ? { verifiedClaims: claims } : {}),
  };
}

export function toHttpApiResult(response: ApiResponse): HttpApiResult {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}

/** The Lambda handler around a router. */
export function httpApiHandler(route: (request: ApiRequest) => Promise<ApiResponse>, newId: () => string) {
  return async (event: HttpApiEvent): Promise<HttpApiResult> => toHttpApiResult(await route(toApiRequest(event, newId)));
}
