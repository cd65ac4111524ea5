import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetView, FeedRows, FolderView, SortField } from '@rushes/shared';
import { desktop, onDesktopEvent } from '../bridge/desktop';
import { toShownError } from '../errors';
import { assetEntry, folderEntry, type Entry } from './entries';
import { patchListing } from './patchListing';

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
  /** The row nextCursor continues after (see LoadedRows), null when every row is loaded. */
  end: AssetView | null;
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
 * Live changes patch the rows in place (patchListing); the hook re-lists by itself only for
 * a row it cannot place. A change to folders themselves names this folder in the library
 * event's `folders`, and whoever shows the listing calls `reload` for it.
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
      let end = nextCursor ? (assets.at(-1) ?? null) : null;
      const previous = latest.current;
      if (nextCursor && previous?.key === key && previous.assets.length > assets.length) {
        // A deep re-list stops early: keep the rows already shown below it, so the view
        // does not shrink under the user's scroll position; later pages follow the old cursor.
        const seen = new Set(assets.map((asset) => asset.id));
        assets.push(...previous.assets.slice(assets.length).filter((asset) => !seen.has(asset.id)));
        nextCursor = previous.nextCursor;
        end = previous.end;
      }
      return { key, folder: first.folder, folders: sortFolders(first.folders, sort), assets, nextCursor, end, error: null };
    },
    [key, path, sort],
  );

  // Feed rows heard while a listing or a page is on its way, one list per request: its
  // answer may predate them, so they are applied to it too.
  const heard = useRef(new Set<FeedRows[]>());
  const listen = useCallback(() => {
    const rows: FeedRows[] = [];
    heard.current.add(rows);
    return {
      patch: (listing: Listing): Listing => {
        heard.current.delete(rows);
        return rows.reduce((patched, changes) => {
          const patch = patchListing(patched, path, sort, changes);
          return patch.kind === 'patched' ? { ...patched, assets: patch.assets } : patched;
        }, listing);
      },
      done: () => heard.current.delete(rows),
    };
  }, [path, sort]);
  const run = useCallback(
    (wanted: number) => {
      const mine = ++generation.current;
      const heardMeanwhile = listen();
      return fetchPages(wanted).then(
        (next) => {
          const patched = heardMeanwhile.patch(next);
          if (mine === generation.current) commit(patched);
        },
        (error: unknown) => {
          heardMeanwhile.done();
          if (mine !== generation.current) return;
          const message = toShownError(error).message;
          const previous = latest.current;
          commit(
            previous?.key === key
              ? { ...previous, error: message }
              : { key, folder: null, folders: [], assets: [], nextCursor: null, end: null, error: message },
          );
        },
      );
    },
    [commit, fetchPages, key, listen],
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

  // Live rows: patched into what is shown; a row that cannot be placed re-lists. A change
  // to this folder's own sub-folders is re-listed by whoever shows it (see above).
  useEffect(
    () =>
      onDesktopEvent('library', (changes) => {
        if (changes.folders.includes(path)) return;
        for (const rows of heard.current) rows.push(changes);
        const current = latest.current;
        if (current?.key !== key) return;
        const patch = patchListing(current, path, sort, changes);
        if (patch.kind === 'relist') void reload();
        else if (patch.kind === 'patched') commit({ ...current, assets: patch.assets });
      }),
    [commit, key, path, reload, sort],
  );

  const loadMore = useCallback(async () => {
    const current = latest.current;
    if (!current || current.key !== key || !current.nextCursor || loadingMore) return;
    const mine = generation.current;
    const heardMeanwhile = listen();
    setLoadingMore(true);
    try {
      const page = await desktop.listFolder({
        path,
        sort: sort.field,
        direction: sort.direction,
        cursor: current.nextCursor,
        limit: pageSize,
      });
      // Rows patched in meanwhile are kept: patches never move the cursor.
      const now = latest.current;
      if (mine !== generation.current || now?.key !== key || now.nextCursor !== current.nextCursor) return;
      const seen = new Set(now.assets.map((asset) => asset.id));
      commit(
        heardMeanwhile.patch({
          ...now,
          assets: [...now.assets, ...page.assets.filter((asset) => !seen.has(asset.id))],
          nextCursor: page.nextCursor,
          end: page.nextCursor ? (page.assets.at(-1) ?? null) : null,
        }),
      );
    } catch (error) {
      if (mine === generation.current) commit({ ...current, error: toShownError(error).message });
    } finally {
      heardMeanwhile.done();
      setLoadingMore(false);
    }
  }, [commit, key, listen, loadingMore, path, sort]);

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
