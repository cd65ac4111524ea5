import { DomainError, type searchRoutes } from '@rushes/shared';
import type { Library } from '../core/library';
import type { Handlers } from './routeTypes';

/** The search route → Library.search. */
export function searchHandlers(deps: { library?: Library | undefined }): Handlers<keyof typeof searchRoutes> {
  return {
    search: async ({ principal, query }) => {
      if (!deps.library) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
      return deps.library.browse.search(principal, query.q, query.limit);
    },
  };
}
