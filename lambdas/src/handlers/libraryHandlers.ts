import { DomainError, type libraryRoutes } from '@rushes/shared';
import type { Library } from '../core/library';
import type { Handlers } from './routeTypes';

/** The browse-and-organise routes → Library use cases. */
export function libraryHandlers(deps: { library?: Library | undefined }): Handlers<keyof typeof libraryRoutes> {
  return {
    listChildren: async ({ principal, query }) => library().browse.listChildren(principal, query),
    createFolder: async ({ principal, body }) => library().organise.createFolder(principal, body.parentPath, body.name),
    renameFolder: async ({ principal, body }) => library().organise.renameFolder(principal, body.path, body.newName),
    moveFolder: async ({ principal, body }) => library().organise.moveFolder(principal, body.path, body.toParentPath),
    assetDetail: async ({ principal, query }) => library().browse.assetDetail(principal, query.id),
    assetBatch: async ({ principal, body }) => ({ assets: await library().browse.assetBatch(principal, body.ids) }),
    renameAsset: async ({ principal, body }) => library().organise.renameAsset(principal, body.id, body.newName, body.version),
    moveAssets: async ({ principal, body }) => library().organise.moveAssets(principal, body.ids, body.toFolderPath),
    downloadUrls: async ({ principal, body }) => library().browse.downloadUrls(principal, body.ids),
    trash: async ({ principal, body }) => library().trash.put(principal, body.assetIds, body.folderPaths),
    restore: async ({ principal, body }) => library().trash.restore(principal, body.assetIds, body.folderPaths),
    purge: async ({ principal, body }) => library().trash.purge(principal, body.assetIds, body.folderPaths),
    listTrash: async ({ principal, query }) => library().trash.list(principal, query),
    changes: async ({ principal, query }) => library().browse.changes(principal, query.since, query.limit),
  };

  function library(): Library {
    if (!deps.library) throw new DomainError('UNAVAILABLE', 'This backend has no catalog configured yet.');
    return deps.library;
  }
}
