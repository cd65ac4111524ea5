import { isDomainError, type AssetView } from '@rushes/shared';
import type { BackendClient } from '../backend';
import type { CacheStore } from './cacheStore';

const FEED_PAGE = 1000;
/** Changed assets are fetched by the batch route, this many ids a call, a few calls at once. */
const BATCH_IDS = 500;
const BATCH_CONCURRENCY = 4;
/** One feed page, ready to write: what it put (as the user may see it now) and what it removed. */
interface FeedPage {
  from: number;
  to: number;
  count: number;
  present: AssetView[];
  /** Removed, or put but gone or hidden by the time we asked. */
  removed: string[];
  /** Folders put: listed again. */
  relist: string[];
  /** A folder was removed: the tree is walked again. */
  reconcile: boolean;
  /** The feed moved past changes it did not show this user (maybe an ACL that now hides a folder). */
  hidden: boolean;
}

/** After a change hidden from this user (maybe an ACL that now excludes them), re-check the tree at most this often. */
export const RECONCILE_MS = 10_000;

/**
 * Fills the search cache on first sign-in by walking every folder the user may read, then
 * keeps it in step with the change feed: the assets a feed page put are fetched again in
 * batches (one left out of the answer is gone or hidden now), a removal deletes, and each
 * page goes into the cache in one transaction, a folder put re-lists that folder. The feed leaves
 * out what the user may not read, so a change they cannot see (the feed's `latest` moves
 * past the last change it showed) triggers a walk of the folder tree that drops every
 * folder no longer listed: that is how a folder hidden by an ACL change leaves the cache.
 */
export class CacheSync {
  private lastReconcile = 0;

  constructor(
    private readonly backend: Pick<BackendClient, 'call'>,
    private readonly store: CacheStore,
    private readonly now: () => number = Date.now,
    /** Changes asked per feed call (tests page with fewer). */
    private readonly feedPage: number = FEED_PAGE,
  ) {}

  /** The first fill, if this cache has none yet; then catches up with the feed. */
  async start(): Promise<void> {
    if ((await this.store.getState('since')) === null) await this.fill();
    await this.catchUp();
  }

  async fill(): Promise<void> {
    const { latest } = await this.backend.call('changes', { query: {} });
    const folders = await this.walk('', true);
    await this.store.keepOnlyFolders(folders);
    await this.store.setState('since', String(latest));
    this.lastReconcile = this.now();
  }

  /**
   * Applies feed pages until the feed has nothing newer. The next page (and its assets) is
   * fetched while the cache writes the current one; each page moves the stored position in
   * the transaction that writes it, so a crash or a failed page leaves the cache at the last
   * page written, and the next catch-up starts there.
   */
  async catchUp(): Promise<number> {
    let applied = 0;
    let next: Promise<FeedPage> | null = this.fetchPage(Number((await this.store.getState('since')) ?? '0'));
    let writing: Promise<void> = Promise.resolve();
    while (next) {
      const page: FeedPage = await next;
      next = null;
      applied += page.count;
      // The server pages before it filters: stop only when a call brings nothing newer.
      const more = page.to > page.from;
      const hiddenChange = page.hidden && this.now() - this.lastReconcile >= RECONCILE_MS;
      if (page.relist.length === 0 && !page.reconcile && !hiddenChange) {
        const previous = writing;
        writing = settledLater(this.store.applyChanges(page.present, page.removed, { from: page.from, to: page.to }));
        if (more) next = settledLater(this.fetchPage(page.to));
        await previous;
        continue;
      }
      // Folder changes, or changes this user cannot see: the tree is walked after the page
      // is written and before the position moves past it, with nothing else in flight.
      await writing;
      await this.store.applyChanges(page.present, page.removed);
      for (const folder of page.relist) await this.walkOne(folder);
      if (page.reconcile || hiddenChange) await this.reconcile();
      await this.store.setState('since', String(page.to));
      if (more) next = this.fetchPage(page.to);
    }
    await writing;
    return applied;
  }

  /** Drops folders (and their assets) the user may no longer read. */
  async reconcile(): Promise<void> {
    this.lastReconcile = this.now();
    await this.store.keepOnlyFolders(await this.walk('', false));
  }

  /** A feed page from `since`, with the current state of the assets it put. */
  private async fetchPage(since: number): Promise<FeedPage> {
    const page = await this.backend.call('changes', { query: { since, limit: this.feedPage } });
    const lastKind = new Map<string, string>();
    const relist = new Set<string>();
    let reconcile = false;
    for (const change of page.changes) {
      if (change.kind === 'asset.put' || change.kind === 'asset.removed') {
        lastKind.delete(change.target);
        lastKind.set(change.target, change.kind);
      } else if (change.kind === 'folder.put') relist.add(change.target);
      else reconcile = true;
    }
    const removed = [...lastKind].filter(([, kind]) => kind === 'asset.removed').map(([id]) => id);
    const { present, missing } = await this.details([...lastKind].filter(([, kind]) => kind === 'asset.put').map(([id]) => id));
    return {
      from: since,
      to: page.latest,
      count: page.changes.length,
      present,
      removed: [...removed, ...missing],
      relist: [...relist],
      reconcile,
      hidden: page.latest > (page.changes.at(-1)?.seq ?? since),
    };
  }

  private async walkOne(path: string): Promise<void> {
    try {
      await this.listFolder(path, true);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'NOT_FOUND')) throw error;
    }
  }

  /** The assets of `ids` the user may read now, and the ids that are gone or hidden. */
  private async details(ids: readonly string[]): Promise<{ present: AssetView[]; missing: string[] }> {
    const present: AssetView[] = [];
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += BATCH_IDS) chunks.push(ids.slice(start, start + BATCH_IDS));
    const worker = async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        present.push(...(await this.backend.call('assetBatch', { body: { ids: chunk } })).assets);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
    const found = new Set(present.map((asset) => asset.id));
    return { present, missing: ids.filter((id) => !found.has(id)) };
  }

  /** Every readable folder under `root` (depth first), storing their assets when `withAssets`. */
  private async walk(root: string, withAssets: boolean): Promise<string[]> {
    const seen: string[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const path = stack.pop()!;
      try {
        const children = await this.listFolder(path, withAssets);
        seen.push(path);
        stack.push(...children);
      } catch (error) {
        // A folder deleted or hidden while we walked: leave it out.
        if (!(isDomainError(error) && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return seen;
  }

  /** Stores one folder's assets (all pages) and returns its sub-folders. */
  private async listFolder(path: string, withAssets: boolean): Promise<string[]> {
    let cursor: string | undefined;
    let children: string[] = [];
    do {
      const page = await this.backend.call('listChildren', {
        query: { path, limit: withAssets ? 500 : 1, ...(cursor ? { cursor } : {}) },
      });
      if (cursor === undefined) children = page.folders.map((folder) => folder.path);
      if (path !== '') await this.store.putFolders([path]);
      if (!withAssets) return children;
      await this.store.putAssets(page.assets);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return children;
  }
}

/**
 * The same promise, marked as handled: it is awaited later (its failure then thrown there),
 * or never if an earlier step failed first, when its own failure says nothing new.
 */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
