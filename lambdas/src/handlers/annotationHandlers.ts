import { DomainError, type annotationRoutes } from '@rushes/shared';
import type { Library } from '../core/library';
import type { Handlers } from './routeTypes';

/** Tags and notes → Library.annotateAsset. */
export function annotationHandlers(deps: { library?: Library | undefined }): Handlers<keyof typeof annotationRoutes> {
  return {
    annotateAsset: async ({ principal, body }) => {
      if (!deps.library) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
      return deps.library.organise.annotateAsset(principal, body.id, body.version, body.tags, body.notes);
    },
  };
}
