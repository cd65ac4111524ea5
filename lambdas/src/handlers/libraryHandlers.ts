import { DomainError, type libraryRoutes } from '@rushes/shared';
import type { Library } from '../core/library';
import type { Handlers } from './routeTypes';

/** The browse-and-organise routes → Library use cases. */
export function libraryHandlers(deps: { library?: Library | undefined }): Handlers<keyof typeof libraryRoutes> {
  return {
    listChildren: async ({ principal, query }) => library().listChildren(principal, query),
    createFolder: async ({ principal, body }) => library().createFolder(principal, body.parentPath, body.name),
    renameFolder: async ({ principal, body }) => library().renameFolder(principal, body.path, body.newName),
    moveFolder: async ({ principal, body }) => library().moveFolder(principal, body.path, body.toParentPath),
    assetDetail: async ({ principal, query }) => library().assetDetail(principal, query.id),
    assetBatch: async ({ principal, body }) => ({ assets: await library().assetBatch(principal, body.ids) }),
    renameAsset: async ({ principal, body }) => library().renameAsset(principal, body.id, body.newName, body.version),
    moveAssets: async ({ principal, body }) => library().moveAssets(principal, body.ids, body.toFolderPath),
    downloadUrls: async ({ principal, body }) => library().downloadUrls(principal, body.ids),
    trash: async ({ principal, body }) => library().trash(principal, body.assetIds, body.folderPaths),
    restore: async ({ principal, body }) => library().restore(principal, body.assetIds, body.folderPaths),
    purge: async ({ principal, body }) => library().purge(principal, body.assetIds, body.folderPaths),
    listTrash: async ({ principal, query }) => library().listTrash(principal, query),
    changes: async ({ principal, query }) => library().changes(principal, query.since, query.limit),
  };

  function library(): Library {
    if (!deps.library) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
    return deps.library;
  }
}
