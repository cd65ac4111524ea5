import type { CatalogCache } from './catalogCache';

/** The cache's methods as main sees them: every call crosses to the worker, so each is async. */
export type CacheMethod =
  | 'getState'
  | 'setState'
  | 'putAssets'
  | 'removeAssets'
  | 'applyChanges'
  | 'putFolders'
  | 'keepOnlyFolders'
  | 'folderPaths'
  | 'search'
  | 'count'
  | 'close';
export type CacheStore = {
  [M in CacheMethod]: (...args: Parameters<CatalogCache[M]>) => Promise<ReturnType<CatalogCache[M]>>;
};

export const CACHE_METHODS: readonly CacheMethod[] = [
  'getState',
  'setState',
  'putAssets',
  'removeAssets',
  'applyChanges',
  'putFolders',
  'keepOnlyFolders',
  'folderPaths',
  'search',
  'count',
  'close',
];

/** The same methods, in this thread: for tests and the benchmark's baseline. */
export function directStore(cache: CatalogCache): CacheStore {
  const store = {} as Record<CacheMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of CACHE_METHODS) {
    store[method] = async (...args) => (cache[method] as (...a: unknown[]) => unknown).apply(cache, args);
  }
  return store as unknown as CacheStore;
}
