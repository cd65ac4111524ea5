import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetView, FolderView, SortField } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { assetEntry, folderEntry, type Entry } from './entries';

export type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  field: SortField;
  direction: SortDirection;
}

interface Listing {
  /** Which request this answers: path + sort; a listing for another key is stale. */
  key: string;
  folder: FolderView | null;
  folders: FolderView[];
  assets: AssetView[];
  nextCursor: string | null;
  error: string | null;
}

const pageSize = 500;
/** A live re-list reloads at most this many pages, so a busy 100k folder does not reload whole. */
const maxReloadPages = 20;

function listingKey(path: string, sort: SortOrder): string {
  return `${sort.field}:${sort.direction}:${path}`;
}

/** Folders come back by name; other orders are applied here so folders follow the header too. */
function sortFolders(folders: FolderView[], sort: SortOrder): FolderView[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: FolderView, b: FolderView) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });
  const compare =
    sort.field === 'created'
      ? (a: FolderView, b: FolderView) => a.createdAt.localeCompare(b.createdAt) || byName(a, b)
      : sort.field === 'modified'
        ? (a: FolderView, b: FolderView) => a.modifiedAt.localeCompare(b.modifiedAt) || byName(a, b)
        : byName;
  return [...folders].sort((a, b) => sign * compare(a, b));
}

/**
 * One folder's contents from the server, a page at a time: `loadMore` follows nextCursor,
 * `reload` re-lists in place (as many pages as were shown) so scroll and selection survive.
 */
export function useFolderListing(path: string, sort: SortOrder) {
  const key = listingKey(path, sort);
  const [listing, setListing] = useState<Listing | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef<Listing | null>(null);
  const generation = useRef(0);

  const commit = useCallback((next: Listing) => {
    latest.current = next;
    setListing(next);
  }, []);

  const fetchPages = useCallback(
    async (wanted: number): Promise<Listing> => {
      let cursor: string | undefined;
      let first: Awaited<ReturnType<typeof desktop.listFolder>> | null = null;
      const assets: AssetView[] = [];
      let pages = 0;
      do {
        const page = await desktop.listFolder({ path, sort: sort.field, direction: sort.direction, cursor, limit: pageSize });
        first ??= page;
        assets.push(...page.assets);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && assets.length < wanted && pages < maxReloadPages);
      let nextCursor = cursor ?? null;
      const previous = latest.current;
      if (nextCursor && previous?.key === key && previous.assets.length > assets.length) {
        // A deep re-list stops early: keep the rows already shown below it, so the view
        // does not shrink under the user's scroll position; later pages follow the old cursor.
        const seen = new Set(assets.map((asset) => asset.id));
        assets.push(...previous.assets.slice(assets.length).filter((asset) => !seen.has(asset.id)));
        nextCursor = previous.nextCursor;
      }
      return { key, folder: first.folder, folders: sortFolders(first.folders, sort), assets, nextCursor, error: null };
    },
    [key, path, sort],
  );

  const run = useCallback(
    (wanted: number) => {
      const mine = ++generation.current;
      return fetchPages(wanted).then(
        (next) => {
          if (mine === generation.current) commit(next);
        },
        (error: unknown) => {
          if (mine !== generation.current) return;
          const message = toShownError(error).message;
          const previous = latest.current;
          commit(
            previous?.key === key
              ? { ...previous, error: message }
              : { key, folder: null, folders: [], assets: [], nextCursor: null, error: message },
          );
        },
      );
    },
    [commit, fetchPages, key],
  );

  useEffect(() => {
    void run(0);
  }, [run]);

  // Live updates arrive about once a second while a card is ingesting: one re-list at a
  // time, and at most one more queued behind it, however many events came meanwhile.
  const reloading = useRef<Promise<void> | null>(null);
  const queued = useRef(false);
  const reload = useCallback((): Promise<void> => {
    if (reloading.current) {
      queued.current = true;
      return reloading.current;
    }
    const pass = (async () => {
      do {
        queued.current = false;
        await run(latest.current?.key === key ? latest.current.assets.length : 0);
      } while (queued.current);
    })().finally(() => {
      reloading.current = null;
    });
    reloading.current = pass;
    return pass;
  }, [key, run]);

  const loadMore = useCallback(async () => {
    const current = latest.current;
    if (!current || current.key !== key || !current.nextCursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await desktop.listFolder({
        path,
        sort: sort.field,
        direction: sort.direction,
        cursor: current.nextCursor,
        limit: pageSize,
      });
      if (mine !== generation.current || latest.current !== current) return;
      commit({ ...current, assets: [...current.assets, ...page.assets], nextCursor: page.nextCursor });
    } catch (error) {
      if (mine === generation.current) commit({ ...current, error: toShownError(error).message });
    } finally {
      setLoadingMore(false);
    }
  }, [commit, key, loadingMore, path, sort]);

  const fresh = listing?.key === key ? listing : null;
  const entries = useMemo<Entry[]>(() => (fresh ? [...fresh.folders.map(folderEntry), ...fresh.assets.map(assetEntry)] : []), [fresh]);
  return {
    loading: fresh === null,
    folder: fresh?.folder ?? null,
    entries,
    hasMore: Boolean(fresh?.nextCursor),
    loadingMore,
    error: fresh?.error ?? null,
    reload,
    loadMore,
  };
}
