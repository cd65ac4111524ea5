import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onDesktopEvent } from '../bridge/desktop';
import type { Place } from '../components/FolderSidebar';
import { invalidateAfterChange, useFeedInvalidation } from './queries';

interface Options {
  place: Place;
  folderPath: string;
  /** Re-lists the folder on screen (the listing keeps its own rows, outside the query cache). */
  reloadListing(): Promise<unknown>;
  /** Asks the backend again who we are. */
  checkBackend(): Promise<unknown>;
  groups: readonly string[];
}

/**
 * Keeps what the window shows current: the change feed invalidates cached answers and
 * re-lists the folder on screen; `afterChange` does the same after this window's own change;
 * `refresh` is the toolbar's Refresh.
 */
export function useLibraryRefresh({ place, folderPath, reloadListing, checkBackend, groups }: Options) {
  const queries = useQueryClient();
  useFeedInvalidation();
  const [refreshing, setRefreshing] = useState(false);
  const afterChange = useCallback(() => {
    void reloadListing();
    invalidateAfterChange(queries);
  }, [reloadListing, queries]);

  // A refreshed session can carry other groups (an admin changed them): what this user may
  // see changes with it, so ask again who we are and re-list what is on screen.
  const groupsKey = groups.join('\n');
  const seenGroups = useRef(groupsKey);
  useEffect(() => {
    if (seenGroups.current === groupsKey) return;
    seenGroups.current = groupsKey;
    void checkBackend();
    afterChange();
  }, [groupsKey, checkBackend, afterChange]);

  // Live updates: others' changes (or storage events) in this folder re-list it in place.
  useEffect(
    () => onDesktopEvent('library', (changes) => place.kind === 'folder' && changes.folders.includes(folderPath) && void reloadListing()),
    [folderPath, place.kind, reloadListing],
  );

  const refresh = useCallback(async () => {
    setRefreshing(true);
    invalidateAfterChange(queries);
    await Promise.all([reloadListing(), checkBackend()]);
    setRefreshing(false);
  }, [queries, reloadListing, checkBackend]);

  return { afterChange, refresh, refreshing, invalidate: useCallback(() => invalidateAfterChange(queries), [queries]) };
}
