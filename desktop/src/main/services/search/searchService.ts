import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DomainError, parseSearch, type SearchDesktopApi } from '@rushes/shared';
import type { BackendClient } from '../backend';
import { startCacheWorker } from './cacheHost';
import { CacheSync } from './cacheSync';

export const SEARCH_POLL_MS = 1_000;

/**
 * Search for the desktop: a cache per user and API (a file in the app's data folder, so it
 * survives restarts; in memory without one), filled and kept in step while signed in. Until
 * the first fill is done, searches go to the server's route.
 */
export function createSearchService(options: {
  backend: BackendClient;
  apiUrl: string;
  stateDir?: string | undefined;
  log?: (message: string, error: unknown) => void;
  /** Called after the cache took in changes, so open search results can be asked again. */
  onChanged?: () => void;
}) {
  const log = options.log ?? ((message, error) => console.error(message, error));
  let session: {
    host: ReturnType<typeof startCacheWorker>;
    sync: CacheSync;
    ready: boolean;
    timer: NodeJS.Timeout | null;
    running: boolean;
  } | null = null;

  function cacheFile(email: string): string {
    if (!options.stateDir) return ':memory:';
    const dir = path.join(options.stateDir, 'search');
    mkdirSync(dir, { recursive: true });
    const id = createHash('sha256').update(`${options.apiUrl}\n${email.toLowerCase()}`).digest('hex').slice(0, 20);
    return path.join(dir, `${id}.sqlite`);
  }

  async function follow(current: NonNullable<typeof session>): Promise<void> {
    try {
      if (!current.ready) {
        await current.sync.start();
        current.ready = true;
        options.onChanged?.();
      } else if ((await current.sync.catchUp()) > 0) options.onChanged?.();
    } catch (error) {
      // Signing out stops the worker under a sync in flight: that is not worth a log line.
      if (current.running) log('search cache sync', error);
    }
    if (current.running) {
      current.timer = setTimeout(() => void follow(current), SEARCH_POLL_MS);
      current.timer.unref();
    }
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
    /** Opens this user's cache and starts following the feed. */
    start(email: string): void {
      if (session) return;
      const host = startCacheWorker(cacheFile(email));
      session = { host, sync: new CacheSync(options.backend, host.store), ready: false, timer: null, running: true };
      void follow(session);
    },
    async stop(): Promise<void> {
      const current = session;
      session = null;
      if (!current) return;
      current.running = false;
      if (current.timer) clearTimeout(current.timer);
      await current.host.stop();
    },
  };
}
