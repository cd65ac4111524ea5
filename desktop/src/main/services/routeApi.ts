import { forwardedRoutes, routeArgument, routes, type ForwardedDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/**
 * The DesktopApi methods that only forward one route, built from the route table: each sends
 * its one argument as the route's body, or as its query for a route without one. The server
 * checks every call, so nothing here decides who may do what.
 */
export function createRouteApi(backend: BackendClient): ForwardedDesktopApi {
  return Object.fromEntries(
    Object.entries(forwardedRoutes).map(([method, name]) => {
      const argument = routeArgument(routes[name]);
      const forward = (input?: unknown) =>
        backend.call(name, argument === 'none' ? {} : argument === 'body' ? { body: input as never } : { query: input as never });
      return [method, forward];
    }),
  ) as ForwardedDesktopApi;
}
