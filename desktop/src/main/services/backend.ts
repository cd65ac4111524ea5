import { DomainError, ErrorBodySchema, routes, type RouteName, type RouteResponse, type Routes } from '@rushes/shared';
import type { z } from 'zod';

export interface BackendCallInput<N extends RouteName> {
  query?: z.input<Routes[N]['query']>;
  body?: z.input<Routes[N]['body']>;
}

/**
 * Calls the Rushes API by route name, using the route contract from shared/ for the path,
 * the method and the response schema. One retry after a refresh if the token was refused.
 */
export class BackendClient {
  constructor(
    private readonly apiUrl: string,
    private readonly token: () => Promise<string>,
    private readonly refresh: () => Promise<void>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<N extends RouteName>(name: N, input: BackendCallInput<N> = {}): Promise<RouteResponse<N>> {
    const spec = routes[name];
    let response = await this.send(spec, input);
    if (response.status === 401 && spec.auth) {
      await this.refresh();
      response = await this.send(spec, input);
    }
    const text = await response.text();
    const json = text.length > 0 ? safeJson(text) : undefined;
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(json);
      if (parsed.success) throw new DomainError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.field);
      throw new DomainError('INTERNAL', `The API answered ${response.status} without an error body.`);
    }
    const parsed = spec.response.safeParse(json);
    if (!parsed.success) throw new DomainError('INTERNAL', `The API's answer to ${name} did not match the contract.`);
    return parsed.data as RouteResponse<N>;
  }

  private async send(spec: Routes[RouteName], input: BackendCallInput<RouteName>): Promise<Response> {
    const url = new URL(spec.path, this.apiUrl);
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.auth) headers['authorization'] = `Bearer ${await this.token()}`;
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchImpl(url, {
        method: spec.method,
        headers,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      throw new DomainError('NETWORK', `Cannot reach the Rushes API at ${this.apiUrl}.`);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
