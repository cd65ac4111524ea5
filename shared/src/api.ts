import { z } from 'zod';

/**
 * The HTTP API contract: one entry per route, used by the server router and by the desktop
 * client, so no path or schema is written twice.
 */
export interface RouteSpec<
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
  Auth extends boolean = boolean,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: `/v1/${string}`;
  /** false only for routes anyone may call (health). */
  readonly auth: Auth;
  readonly query: Query;
  readonly body: Body;
  readonly response: Response;
}

const NoQuery = z.object({}).strict();
const NoBody = z.undefined();

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('rushes-api'),
  version: z.string(),
  mode: z.enum(['local', 'cloud']),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const MeResponseSchema = z.object({
  email: z.string(),
  groups: z.array(z.string()),
  isAdmin: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

function route<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, A extends boolean>(
  spec: RouteSpec<Q, B, R, A>,
): RouteSpec<Q, B, R, A> {
  return spec;
}

export const routes = {
  health: route({
    method: 'GET',
    path: '/v1/health',
    auth: false,
    query: NoQuery,
    body: NoBody,
    response: HealthResponseSchema,
  }),
  me: route({
    method: 'GET',
    path: '/v1/me',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: MeResponseSchema,
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;
export type RouteQuery<N extends RouteName> = z.input<Routes[N]['query']>;
export type RouteBody<N extends RouteName> = z.input<Routes[N]['body']>;
