import type { LibraryDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/** Browse and organise: each method is one API call. */
export function createLibraryApi(backend: BackendClient): LibraryDesktopApi {
  return {
    listFolder: ({ path, sort, direction, cursor, limit }) =>
      backend.call('listChildren', { query: { path, sort, direction, limit, ...(cursor ? { cursor } : {}) } }),
    createFolder: (body) => backend.call('createFolder', { body }),
    renameFolder: (body) => backend.call('renameFolder', { body }),
    moveFolder: (body) => backend.call('moveFolder', { body }),
    renameAsset: (body) => backend.call('renameAsset', { body }),
    moveAssets: (body) => backend.call('moveAssets', { body }),
    trashItems: (body) => backend.call('trash', { body }),
    restoreItems: (body) => backend.call('restore', { body }),
    purgeItems: (body) => backend.call('purge', { body }),
    listTrash: async () => {
      const { folders, assets } = await backend.call('listTrash', { query: {} });
      return { folders, assets };
    },
    assetDetail: ({ id }) => backend.call('assetDetail', { query: { id } }),
    downloadLinks: (body) => backend.call('downloadUrls', { body }),
    folderAcl: ({ path }) => backend.call('folderAcl', { query: { path } }),
    mediaUrls: (body) => backend.call('mediaUrls', { body }),
    setFolderAcl: (body) => backend.call('setFolderAcl', { body }),
  };
}
