import { DomainError, type lookRoutes } from '@rushes/shared';
import type { Looks } from '../core/looks/looks';
import type { Handlers } from './routeTypes';

/** Folder looks and burn-ins → Looks. */
export function lookHandlers(deps: { looks?: Looks | undefined }): Handlers<keyof typeof lookRoutes> {
  return {
    folderLook: async ({ principal, query }) => looks().view(principal, query.path),
    setFolderLook: async ({ principal, body }) => looks().set(principal, body),
    clearFolderLook: async ({ principal, query }) => looks().clear(principal, query.path),
    cancelLookRender: async ({ principal, body }) => looks().cancelRender(principal, body.path),
  };

  function looks(): Looks {
    if (!deps.looks) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
    return deps.looks;
  }
}
