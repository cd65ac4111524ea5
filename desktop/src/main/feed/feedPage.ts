import type { AssetView, LibraryChanges, RouteResponse } from '@rushes/shared';
import type { BackendClient } from '../services/backend';

export type FeedChange = RouteResponse<'changes'>['changes'][number];

/** Changed assets are read by the batch route, this many ids a call, a few calls at once. */
const BATCH_IDS = 500;
const BATCH_CONCURRENCY = 4;

/**
 * One page of the change feed with the current rows of the assets it put, read once and
 * shared by every consumer (the listing, the search cache, the media cache).
 */
export interface FeedPage {
  /** The position the page was asked from. */
  from: number;
  /** The feed's position after this page: ask from here next. */
  to: number;
  /** The changes this user may see, oldest first. */
  changes: FeedChange[];
  /** The assets the page put, by id, as the user may read them now; a put asset missing here is gone or hidden. */
  rows: ReadonlyMap<string, AssetView>;
}

/** The page of changes after `since`, with the rows of the assets it put. */
export async function readFeedPage(backend: Pick<BackendClient, 'call'>, since: number, limit: number): Promise<FeedPage> {
  const page = await backend.call('changes', { query: { since, limit } });
  const puts = [...lastKinds(page.changes)].filter(([, kind]) => kind === 'asset.put').map(([id]) => id);
  const rows = new Map((await readAssets(backend, puts)).map((asset) => [asset.id, asset]));
  return { from: since, to: page.latest, changes: page.changes, rows };
}

/**
 * The server pages before it filters, and a full page ends at its last change instead of at
 * the head: a page spanning `limit` positions or more may have more behind it.
 */
export function mayHaveMore(page: Pick<FeedPage, 'from' | 'to'>, limit: number): boolean {
  return page.to - page.from >= limit;
}

/** Each asset's last change in `changes` (put or removed), in the order they were last changed. */
export function lastKinds(changes: readonly FeedChange[]): Map<string, 'asset.put' | 'asset.removed'> {
  const last = new Map<string, 'asset.put' | 'asset.removed'>();
  for (const change of changes) {
    if (change.kind !== 'asset.put' && change.kind !== 'asset.removed') continue;
    last.delete(change.target);
    last.set(change.target, change.kind);
  }
  return last;
}

/** What the renderer hears of a page: changed rows, ids gone, and folders it must list again. */
export function libraryChanges(page: FeedPage): LibraryChanges {
  const folders = new Set<string>();
  for (const change of page.changes) {
    if (change.kind === 'folder.put' || change.kind === 'folder.removed') folders.add(change.folderPath).add(change.target);
  }
  const last = lastKinds(page.changes);
  const changed: AssetView[] = [];
  const gone: string[] = [];
  for (const [id, kind] of last) {
    const row = kind === 'asset.put' ? page.rows.get(id) : undefined;
    if (row) changed.push(row);
    else gone.push(id);
  }
  return { folders: [...folders], assets: [...last.keys()], changed, gone, latest: page.to };
}

/** The assets of `ids` the user may read now; unreadable, trashed or missing ones are left out. */
async function readAssets(backend: Pick<BackendClient, 'call'>, ids: readonly string[]): Promise<AssetView[]> {
  const found: AssetView[] = [];
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += BATCH_IDS) chunks.push(ids.slice(start, start + BATCH_IDS));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      found.push(...(await backend.call('assetBatch', { body: { ids: chunk } })).assets);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
  return found;
}
