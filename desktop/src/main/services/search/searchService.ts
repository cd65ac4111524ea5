import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DomainError, parseSearch, type SearchDesktopApi } from '@rushes/shared';
import type { FeedPage } from '../../feed/feedPage';
import type { BackendClient } from '../backend';
import { startCacheWorker } from './cacheHost';
import { CacheSync } from './cacheSync';

/** Feed pages waiting while the cache fills; past this many the cache catches up by itself afterwards. */
const MAX_WAITING_PAGES = 50;

/**
 * Search for the desktop: a cache per user and API (a file in the app's data folder, so it
 * survives restarts; in memory without one), filled and kept in step while signed in from
 * the pages of the app's feed follower (`takePage`). Until the first fill is done, searches
 * go to the server's route.
 */
export function createSearchService(options: {
  backend: Pick<BackendClient, 'call'>;
  apiUrl: string;
  stateDir?: string | undefined;
  log?: (message: string, error: unknown) => void;
}) {
  const log = options.log ?? ((message, error) => console.error(message, error));
  let session: {
    host: ReturnType<typeof startCacheWorker>;
    sync: CacheSync;
    ready: boolean;
    running: boolean;
    /** The cache's work, one step at a time: the first fill or catch-up, then each page. */
    work: Promise<void>;
    waiting: number;
  } | null = null;

  function cacheFile(email: string): string {
    if (!options.stateDir) return ':memory:';
    const dir = path.join(options.stateDir, 'search');
    mkdirSync(dir, { recursive: true });
    const id = createHash('sha256').update(`${options.apiUrl}\n${email.toLowerCase()}`).digest('hex').slice(0, 20);
    return path.join(dir, `${id}.sqlite`);
  }

  /** Queues a step; until the cache has started, each step first tries to start it (fill, catch up). */
  function enqueue(current: NonNullable<typeof session>, step: (sync: CacheSync) => Promise<unknown>): Promise<void> {
    current.waiting += 1;
    current.work = current.work.then(async () => {
      try {
        if (!current.ready) {
          await current.sync.start();
          current.ready = true;
        }
        await step(current.sync);
      } catch (error) {
        // Signing out stops the worker under a sync in flight: that is not worth a log line.
        if (current.running) log('search cache sync', error);
      } finally {
        current.waiting -= 1;
      }
    });
    return current.work;
  }

  const api: SearchDesktopApi = {
    searchAssets: async ({ q, limit = 100 }) => {
      const parsed = parseSearch(q);
      if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.message, 'q');
      if (session?.ready) return { ...(await session.host.store.search(parsed.value, limit)), source: 'cache' };
      return { ...(await options.backend.call('search', { query: { q, limit } })), source: 'server' };
    },
    annotateAsset: (body) => options.backend.call('annotateAsset', { body }),
  };

  return {
    api,
    /** Opens this user's cache and fills it, or catches it up from where it was left; settles when that is done or failed. */
    start(email: string): Promise<void> {
      if (session) return session.work;
      const host = startCacheWorker(cacheFile(email));
      session = {
        host,
        sync: new CacheSync(options.backend, host.store),
        ready: false,
        running: true,
        work: Promise.resolve(),
        waiting: 0,
      };
      return enqueue(session, async () => undefined);
    },
    /**
     * A page from the feed follower. Once the cache is filled, the follower waits for it to be
     * written, so a search asked after the renderer hears of the page finds it; while the
     * cache fills, the page waits its turn and the follower goes on.
     */
    takePage(page: FeedPage): Promise<void> | undefined {
      const current = session;
      if (!current || current.waiting >= MAX_WAITING_PAGES) return undefined;
      const written = enqueue(current, (sync) => sync.take(page));
      return current.ready ? written : undefined;
    },
    async stop(): Promise<void> {
      const current = session;
      session = null;
      if (!current) return;
      current.running = false;
      await current.host.stop();
    },
  };
}
