import { DomainError, type aclRoutes } from '@rushes/shared';
import type { FolderAccess } from '../core/folderAccess';
import type { Handlers } from './routeTypes';

/** Folder permissions → FolderAccess. */
export function aclHandlers(deps: { folderAccess?: FolderAccess | undefined }): Handlers<keyof typeof aclRoutes> {
  return {
    folderAcl: async ({ principal, query }) => access().get(principal, query.path),
    setFolderAcl: async ({ principal, body }) => access().set(principal, body.path, body.groups, body.applyToSubfolders),
  };

  function access(): FolderAccess {
    if (!deps.folderAccess) throw new DomainError('UNAVAILABLE', 'This backend has no directory configured yet.');
    return deps.folderAccess;
  }
}
