import type { AssetView, LibraryDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/**
 * Browse and organise: each method is one API call. `onShown` hears of every asset the API
 * showed the user (the media cache serves pictures of those only).
 */
export function createLibraryApi(
  backend: BackendClient,
  onShown: (assets: readonly AssetView[]) => void = () => undefined,
): LibraryDesktopApi {
  const shown = <T extends { assets: AssetView[] }>(answer: T): T => {
    onShown(answer.assets);
    return answer;
  };
  return {
    listFolder: async ({ path, sort, direction, cursor, limit }) =>
      shown(await backend.call('listChildren', { query: { path, sort, direction, limit, ...(cursor ? { cursor } : {}) } })),
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
      return shown({ folders, assets });
    },
    assetDetail: async ({ id }) => {
      const asset = await backend.call('assetDetail', { query: { id } });
      onShown([asset]);
      return asset;
    },
    downloadLinks: (body) => backend.call('downloadUrls', { body }),
    folderAcl: ({ path }) => backend.call('folderAcl', { query: { path } }),
    mediaUrls: (body) => backend.call('mediaUrls', { body }),
    setFolderAcl: (body) => backend.call('setFolderAcl', { body }),
  };
}
