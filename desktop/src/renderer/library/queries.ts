import { useEffect } from 'react';
import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { desktop, onDesktopEvent } from '../bridge/desktop';
import { parentPath } from './entries';

/**
 * The renderer's query cache. Answers are kept until the change feed (or this window's own
 * change) says they are out of date; nothing refetches on a timer or on window focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}

/** Every cached answer's key, in one place so invalidation names the same keys as the loaders. */
export const queryKeys = {
  me: ['me'] as const,
  appInfo: ['appInfo'] as const,
  folderChildren: (path: string) => ['folderChildren', path] as const,
  allFolderChildren: ['folderChildren'] as const,
  trash: ['trash'] as const,
  search: (query: string) => ['search', query] as const,
  allSearches: ['search'] as const,
  workstations: (groupsKey: string) => ['workstations', groupsKey] as const,
  asset: (id: string) => ['asset', id] as const,
  /** An asset's review notes (replies included). */
  notes: (assetId: string) => ['notes', assetId] as const,
  folderAcl: (path: string) => ['folderAcl', path] as const,
  folderLook: (path: string) => ['folderLook', path] as const,
  folderViewers: (path: string) => ['folderViewers', path] as const,
  downloadDefaults: ['downloadDefaults'] as const,
  folderContents: (paths: readonly string[]) => ['folderContents', ...paths] as const,
  admin: (tab: string) => ['admin', tab] as const,
};

/** A folder (null for the library root) and its subfolders by name, as the tree and the move dialog show them. */
export const folderChildrenQuery = (path: string) => ({
  queryKey: queryKeys.folderChildren(path),
  queryFn: async () => {
    const { folder, folders } = await desktop.listFolder({ path, sort: 'name', direction: 'asc', limit: 1 });
    return { folder, folders };
  },
});

/**
 * The feed says what changed: an asset's pushed row replaces its cached detail and its notes are
 * out of date; the folders it
 * names (and the folders holding them) are listed again, and so are search results and the trash, which any change may touch. Only queries on
 * screen refetch now; the rest are marked out of date and refetch when shown.
 */
export function useFeedInvalidation(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      onDesktopEvent('library', ({ folders, assets, changed }) => {
        for (const path of new Set(folders.flatMap((folder) => [folder, parentPath(folder)])))
          void client.invalidateQueries({ queryKey: queryKeys.folderChildren(path) });
        // Rows the feed brought are the assets' new state: no need to ask for them again.
        const pushed = new Set<string>();
        for (const row of changed) {
          client.setQueryData(queryKeys.asset(row.id), row);
          pushed.add(row.id);
        }
        for (const id of assets) if (!pushed.has(id)) void client.invalidateQueries({ queryKey: queryKeys.asset(id) });
        // A note written, resolved or deleted anywhere changes its asset's row: the notes of an
        // asset on screen (the viewer) are fetched again now, others when next shown.
        for (const id of new Set([...pushed, ...assets])) void client.invalidateQueries({ queryKey: queryKeys.notes(id) });
        void client.invalidateQueries({ queryKey: queryKeys.allSearches });
        void client.invalidateQueries({ queryKey: queryKeys.trash });
      }),
    [client],
  );
}

/** This window changed the library: every folder branch and search is out of date. */
export function invalidateAfterChange(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: queryKeys.allFolderChildren });
  void client.invalidateQueries({ queryKey: queryKeys.allSearches });
  void client.invalidateQueries({ queryKey: queryKeys.trash });
}
