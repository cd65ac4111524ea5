import { isDomainError, type AssetView } from '@rushes/shared';
import type { BackendClient } from '../backend';
import type { CacheStore } from './cacheStore';

const FEED_PAGE = 1000;
/** Changed assets are fetched by the batch route, this many ids a call, a few calls at once. */
const BATCH_IDS = 500;
const BATCH_CONCURRENCY = 4;
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

  /** Applies feed pages until the feed has nothing newer. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const since = Number((await this.store.getState('since')) ?? '0');
      const page = await this.backend.call('changes', { query: { since, limit: FEED_PAGE } });
      applied += await this.apply(page.changes);
      const lastSeen = page.changes.at(-1)?.seq ?? since;
      if (page.latest > lastSeen && this.now() - this.lastReconcile >= RECONCILE_MS) await this.reconcile();
      await this.store.setState('since', String(page.latest));
      // The server pages before it filters: stop only when a call brings nothing newer.
      if (page.latest <= since) return applied;
    }
  }

  /** Drops folders (and their assets) the user may no longer read. */
  async reconcile(): Promise<void> {
    this.lastReconcile = this.now();
    await this.store.keepOnlyFolders(await this.walk('', false));
  }

  private async apply(changes: readonly { kind: string; target: string; folderPath: string }[]): Promise<number> {
    const lastKind = new Map<string, string>();
    const relist = new Set<string>();
    let reconcile = false;
    for (const change of changes) {
      if (change.kind === 'asset.put' || change.kind === 'asset.removed') {
        lastKind.delete(change.target);
        lastKind.set(change.target, change.kind);
      } else if (change.kind === 'folder.put') relist.add(change.target);
      else reconcile = true;
    }
    const removed = [...lastKind].filter(([, kind]) => kind === 'asset.removed').map(([id]) => id);
    const fetched = [...lastKind].filter(([, kind]) => kind === 'asset.put').map(([id]) => id);
    const { present, missing } = await this.details(fetched);
    await this.store.applyChanges(present, [...removed, ...missing]);
    for (const folder of relist) await this.walkOne(folder);
    if (reconcile) await this.reconcile();
    return changes.length;
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
