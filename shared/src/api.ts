import { z } from 'zod';
import { aclRoutes } from './aclApi';
import { adminRoutes } from './adminApi';
import { libraryRoutes } from './catalogApi';
import { custodyRoutes } from './custodyApi';
import { fsxRoutes } from './fsxApi';
import { lookRoutes } from './lookApi';
import { mediaRoutes } from './mediaApi';
import { NoBody, NoQuery, route } from './routeSpec';
import { annotationRoutes } from './annotationsApi';
import { reviewRoutes } from './reviewApi';
import { securityRoutes } from './authApi';
import { searchRoutes } from './searchApi';
import { uploadRoutes } from './uploadApi';

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

/**
 * The HTTP API contract: one entry per route, used by the server router and by the desktop
 * client, so no path or schema is written twice. Each feature keeps its routes beside its
 * schemas and is spread in here.
 */
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
  ...libraryRoutes,
  ...aclRoutes,
  ...mediaRoutes,
  ...uploadRoutes,
  ...adminRoutes,
  ...searchRoutes,
  ...annotationRoutes,
  ...fsxRoutes,
  ...reviewRoutes,
  ...securityRoutes,
  ...lookRoutes,
  ...custodyRoutes,
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;
export type RouteQuery<N extends RouteName> = z.input<Routes[N]['query']>;
export type RouteBody<N extends RouteName> = z.input<Routes[N]['body']>;
