import { isDomainError, type AssetView } from '@rushes/shared';
import { lastKinds, readFeedPage, type FeedPage } from '../../feed/feedPage';
import type { BackendClient } from '../backend';
import type { CacheStore } from './cacheStore';
import type { CachedAsset } from './searchIndex';

const FEED_PAGE = 1000;
/** notesBatch's limit per request. */
const NOTES_BATCH = 500;
/** One feed page, ready to write: what it put (as the user may see it now) and what it removed. */
interface CachePage {
  from: number;
  to: number;
  count: number;
  present: CachedAsset[];
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
 * keeps it in step with the change feed: the assets a feed page put are read again in
 * batches (one left out of the answer is gone or hidden now), a removal deletes, and each
 * page goes into the cache in one transaction, a folder put re-lists that folder. Signed
 * in, the pages come from the app's feed follower (take); catchUp reads them itself, from
 * the cache's own position, when the cache is behind the follower (at start, after a
 * failure). The feed leaves out what the user may not read, so a change they cannot see
 * (the feed's `latest` moves past the last change it showed) triggers a walk of the folder
 * tree that drops every folder no longer listed: that is how a folder hidden by an ACL
 * change leaves the cache.
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
    let next: Promise<CachePage> | null = this.fetchPage(Number((await this.store.getState('since')) ?? '0'));
    let writing: Promise<void> = Promise.resolve();
    while (next) {
      const page: CachePage = await next;
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
      await this.writeWithWalks(page, hiddenChange);
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

  /**
   * A page the feed follower read. The cache takes the part after its own position, so the
   * position moves only from where the cache is; a page past it (one was missed: written
   * while the cache filled, or a write failed) makes the cache catch up from its position.
   * Returns how many changes went in.
   */
  async take(page: FeedPage): Promise<number> {
    const stored = await this.store.getState('since');
    if (stored === null) return 0;
    const at = Number(stored);
    if (page.to <= at) return 0;
    if (page.from > at) return this.catchUp();
    const cut = cachePage(page, at);
    const part = { ...cut, present: await this.withNotes(cut.present) };
    const hiddenChange = part.hidden && this.now() - this.lastReconcile >= RECONCILE_MS;
    if (part.relist.length === 0 && !part.reconcile && !hiddenChange) {
      await this.store.applyChanges(part.present, part.removed, { from: part.from, to: part.to });
    } else await this.writeWithWalks(part, hiddenChange);
    return part.count;
  }

  /** Writes a page whose folder changes need walks; the position moves once they are done. */
  private async writeWithWalks(page: CachePage, hiddenChange: boolean): Promise<void> {
    await this.store.applyChanges(page.present, page.removed);
    for (const folder of page.relist) await this.walkOne(folder);
    if (page.reconcile || hiddenChange) await this.reconcile();
    await this.store.setState('since', String(page.to));
  }

  /** A feed page from `since`, with the current state of the assets it put and their notes. */
  private async fetchPage(since: number): Promise<CachePage> {
    const page = cachePage(await readFeedPage(this.backend, since, this.feedPage), since);
    return { ...page, present: await this.withNotes(page.present) };
  }

  /**
   * The assets with the text of their review notes, read for those that have any: a note
   * added, edited or deleted changes its asset's version, so the feed brings the asset here.
   */
  private async withNotes(assets: readonly AssetView[]): Promise<CachedAsset[]> {
    const noted = assets.filter((asset) => asset.review.noteCount > 0).map((asset) => asset.id);
    const texts = new Map<string, string[]>();
    for (let start = 0; start < noted.length; start += NOTES_BATCH) {
      try {
        const { notes } = await this.backend.call('notesBatch', { body: { assetIds: noted.slice(start, start + NOTES_BATCH) } });
        for (const note of notes) texts.set(note.assetId, [...(texts.get(note.assetId) ?? []), note.text]);
      } catch (error) {
        // Every one of them gone or hidden since the page was read: the next change says so.
        if (!(isDomainError(error) && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return assets.map((asset) => ({ ...asset, noteText: texts.get(asset.id)?.join('\n') ?? '' }));
  }

  private async walkOne(path: string): Promise<void> {
    try {
      await this.listFolder(path, true);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'NOT_FOUND')) throw error;
    }
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
      await this.store.putAssets(await this.withNotes(page.assets));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return children;
  }
}

/** The changes of `page` after `after`, ready to write from there. */
function cachePage(page: FeedPage, after: number): CachePage {
  const changes = page.changes.filter((change) => change.seq > after);
  const relist = new Set<string>();
  let reconcile = false;
  for (const change of changes) {
    if (change.kind === 'folder.put') relist.add(change.target);
    else if (change.kind === 'folder.removed') reconcile = true;
  }
  const present: AssetView[] = [];
  const removed: string[] = [];
  for (const [id, kind] of lastKinds(changes)) {
    const row = kind === 'asset.put' ? page.rows.get(id) : undefined;
    if (row) present.push(row);
    else removed.push(id);
  }
  return {
    from: after,
    to: page.to,
    count: changes.length,
    present,
    removed,
    relist: [...relist],
    reconcile,
    hidden: page.to > (changes.at(-1)?.seq ?? after),
  };
}

/**
 * The same promise, marked as handled: it is awaited later (its failure then thrown there),
 * or never if an earlier step failed first, when its own failure says nothing new.
 */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
