import { DomainError, type custodyRoutes } from '@rushes/shared';
import type { Custody } from '../core/custody/custody';
import type { Handlers } from './routeTypes';

/** Chain-of-custody routes → Custody. */
export function custodyHandlers(deps: { custody?: Custody | undefined }): Handlers<keyof typeof custodyRoutes> {
  const custody = () => {
    if (!deps.custody) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
    return deps.custody;
  };
  return {
    recordUploadGeneration: ({ principal, body }) => custody().recordUpload(principal, body),
    assetCustody: ({ principal, query }) => custody().assetCustody(principal, query.id),
    mhlHistory: ({ principal, query }) => custody().history(principal, query.rootPath),
  };
}
