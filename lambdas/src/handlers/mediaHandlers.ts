import { DomainError, type mediaRoutes } from '@rushes/shared';
import type { Media } from '../core/media';
import type { Handlers } from './routeTypes';

/** The media routes → Media use case. */
export function mediaHandlers(deps: { media?: Media | undefined }): Handlers<keyof typeof mediaRoutes> {
  return {
    mediaUrls: async ({ principal, body }) => media().urls(principal, body.ids, body.only, body.variant),
  };

  function media(): Media {
    if (!deps.media) throw new DomainError('UNAVAILABLE', 'This backend makes no previews yet.');
    return deps.media;
  }
}
