import { randomUUID } from 'node:crypto';
import { CognitoJwtVerifier } from '../adapters/jwtVerifier';
import { systemClock } from '../ports';
import { createApiRouter, type ApiRequest } from './router';
import { readCloudConfig } from './cloudConfig';

/** API Gateway HTTP API (payload v2) → the router → response. Clients are built once per container. */
interface HttpApiEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string }; requestId?: string };
}

const config = readCloudConfig(process.env);
const route = createApiRouter({
  verifier: new CognitoJwtVerifier(config.token),
  clock: systemClock,
  mode: 'cloud',
  version: config.version,
});

export async function handler(event: HttpApiEvent) {
  const request: ApiRequest = {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.queryStringParameters ?? {},
    headers: event.headers ?? {},
    body: event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    requestId: event.requestContext.requestId ?? randomUUID(),
  };
  const response = await route(request);
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
