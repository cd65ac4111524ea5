import { z } from 'zod';

/** One HTTP route: method, path, whether it needs a token, and the schemas of its query, body and answer. */
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

export const NoQuery = z.object({}).strict();
export const NoBody = z.undefined();

export function route<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, A extends boolean>(
  spec: RouteSpec<Q, B, R, A>,
): RouteSpec<Q, B, R, A> {
  return spec;
}
