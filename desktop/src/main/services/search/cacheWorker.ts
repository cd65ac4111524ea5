import { parentPort, workerData } from 'node:worker_threads';
import { CatalogCache } from './catalogCache';
import { CACHE_METHODS, type CacheMethod } from './cacheStore';

/** The worker thread that owns the search cache's database; main talks to it by message. */
export interface CacheRequest {
  id: number;
  method: CacheMethod;
  args: unknown[];
}
export type CacheReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: true; json: string } | { id: number; ok: false; error: string };

const cache = new CatalogCache((workerData as { file: string }).file);
parentPort!.on('message', (request: CacheRequest) => {
  let reply: CacheReply;
  try {
    if (!CACHE_METHODS.includes(request.method)) throw new Error(`no cache method ${String(request.method)}`);
    // A search answers as JSON text (CatalogCache.searchJson): main parses it once.
    if (request.method === 'search')
      reply = { id: request.id, ok: true, json: cache.searchJson(...(request.args as Parameters<CatalogCache['search']>)) };
    else
      reply = { id: request.id, ok: true, result: (cache[request.method] as (...args: unknown[]) => unknown).apply(cache, request.args) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.on('close', () => cache.close());
