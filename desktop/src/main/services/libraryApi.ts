import type { AssetView, LibraryDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/**
 * Browse: the listings, each one API call whose assets `onShown` hears of (the media cache
 * serves pictures of assets the API showed the user only). The rest of browse and organise
 * only forwards routes (routeApi.ts).
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
    listTrash: async () => {
      const { folders, assets } = await backend.call('listTrash', { query: {} });
      return shown({ folders, assets });
    },
    assetDetail: async ({ id }) => {
      const asset = await backend.call('assetDetail', { query: { id } });
      onShown([asset]);
      return asset;
    },
  };
}
