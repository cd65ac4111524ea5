import type { z } from 'zod';
import type { RouteName, Routes } from '@rushes/shared';
import type { Principal } from '../ports';

/** What a handler receives: the caller (for routes that need a token) and the validated input. */
export interface Call<N extends RouteName> {
  principal: Routes[N]['auth'] extends true ? Principal : null;
  query: z.output<Routes[N]['query']>;
  body: z.output<Routes[N]['body']>;
}

/** Handlers for a set of routes; the router spreads every feature's set into one table. */
export type Handlers<K extends RouteName> = { [N in K]: (call: Call<N>) => Promise<z.input<Routes[N]['response']>> };
