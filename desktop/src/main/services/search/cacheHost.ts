import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CACHE_METHODS, type CacheMethod, type CacheStore } from './cacheStore';
import type { CacheReply, CacheRequest } from './cacheWorker';
import { prepareAsset, type CachedAsset } from './searchIndex';

/** Loads the TypeScript worker through tsx: `--import tsx` in a worker's execArgv does not reach its loader. */
const FROM_SOURCE = `import('tsx/esm/api').then(({ tsImport }) => tsImport(require('node:worker_threads').workerData.entry, 'file://' + process.cwd() + '/'))`;

/** The worker's JavaScript heap stays small: the rows live in SQLite's bounded page cache. */
const LIMITS = { maxOldGenerationSizeMb: 128 };

const STOP_WAIT_MS = 5000;

/** Assets are prepared for writing here, in main, before they cross: see PreparedAsset. */
const PREPARE: Partial<Record<CacheMethod, (args: unknown[]) => unknown[]>> = {
  putAssets: ([assets]) => [(assets as CachedAsset[]).map(prepareAsset)],
  applyChanges: ([puts, ...rest]) => [(puts as CachedAsset[]).map(prepareAsset), ...rest],
};

/**
 * Starts the search cache in a worker thread and returns its methods as promises. Under the
 * Electron bundle the worker is `cacheWorker.cjs` beside main; from source (web mode, tests,
 * bench) it is the TypeScript file run through tsx.
 */
export function startCacheWorker(file: string): { store: CacheStore; stop(): Promise<void> } {
  const bundled = path.join(__dirname_(), 'cacheWorker.cjs');
  const worker = existsSync(bundled)
    ? new Worker(bundled, { workerData: { file }, resourceLimits: LIMITS })
    : new Worker(FROM_SOURCE, {
        eval: true,
        resourceLimits: LIMITS,
        workerData: { file, entry: new URL('./cacheWorker.ts', import.meta.url).href },
      });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let next = 1;
  let failure: Error | null = null;
  worker.on('message', (reply: CacheReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.ok) waiting.resolve('json' in reply ? JSON.parse(reply.json) : reply.result);
    else waiting.reject(new Error(`search cache: ${reply.error}`));
  });
  const failAll = (error: Error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`search cache worker stopped (exit ${code})`)));

  const store = {} as Record<CacheMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of CACHE_METHODS) {
    store[method] = (...args) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, method, args: PREPARE[method]?.(args) ?? args } satisfies CacheRequest);
      });
  }
  return {
    store: store as unknown as CacheStore,
    stop: async () => {
      // Closed cleanly, the cache is not checked at the next start (catalogCache.ts); a worker
      // stuck in a long write is stopped anyway.
      if (!failure)
        await Promise.race([store['close'](), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]).catch(() => undefined);
      await worker.terminate();
    },
  };
}

function __dirname_(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(new URL(import.meta.url).pathname);
}
