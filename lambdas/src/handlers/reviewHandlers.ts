import { DomainError, type reviewRoutes } from '@rushes/shared';
import type { Review } from '../core/review';
import type { Handlers } from './routeTypes';

/** Notes and takes → Review. */
export function reviewHandlers(deps: { review?: Review | undefined }): Handlers<keyof typeof reviewRoutes> {
  const review = (): Review => {
    if (!deps.review) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
    return deps.review;
  };
  return {
    listNotes: async ({ principal, query }) => ({ notes: await review().notes.list(principal, query.assetId) }),
    notesBatch: async ({ principal, body }) => ({ notes: await review().notes.batch(principal, body.assetIds) }),
    addNote: async ({ principal, body }) => review().notes.add(principal, body),
    editNote: async ({ principal, body }) => review().notes.edit(principal, body),
    deleteNote: async ({ principal, body }) => {
      await review().notes.delete(principal, body.id, body.version);
      return { deleted: true };
    },
    setTakes: async ({ principal, body }) => ({ assets: await review().takes.set(principal, body.changes) }),
  };
}
