import { useEffect, useState } from 'react';
import type { AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';

/**
 * Thumbnail URLs for the assets on screen. Requests made in the same moment go to main as
 * one call (up to 500 ids); URLs are kept until shortly before they expire. The cache key
 * holds the asset's version, so an asset ingest touched again gets a fresh thumbnail.
 */
interface Cached {
  url: string | null;
  expiresAt: number;
}

const cache = new Map<string, Cached>();
const waiting = new Map<string, { asset: AssetView; resolve: (url: string | null) => void }[]>();
let timer: number | null = null;
const MARGIN_MS = 60_000;
const BATCH = 500;

const keyOf = (asset: AssetView) => `${asset.id}@${asset.version}`;

function flush() {
  timer = null;
  const batch = [...waiting.entries()];
  waiting.clear();
  for (let i = 0; i < batch.length; i += BATCH) {
    const slice = batch.slice(i, i + BATCH);
    const ids = slice.map(([, requests]) => requests[0]!.asset.id);
    desktop.mediaUrls({ ids, only: ['thumbnail'] }).then(
      (answer) => {
        const expiresAt = Date.parse(answer.expiresAt) - MARGIN_MS;
        const byId = new Map(answer.items.map((item) => [item.id, item.thumbnail]));
        for (const [key, requests] of slice) {
          const url = byId.get(requests[0]!.asset.id) ?? null;
          cache.set(key, { url, expiresAt });
          for (const request of requests) request.resolve(url);
        }
      },
      () => {
        // Unreachable or refused: show the kind icon; a later render asks again.
        for (const [, requests] of slice) for (const request of requests) request.resolve(null);
      },
    );
  }
}

function thumbnailFor(asset: AssetView): Promise<string | null> {
  const key = keyOf(asset);
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit.url);
  return new Promise((resolve) => {
    const list = waiting.get(key) ?? [];
    list.push({ asset, resolve });
    waiting.set(key, list);
    timer ??= window.setTimeout(flush, 30);
  });
}

/** The asset's thumbnail URL once known; null while loading or when it has none. */
export function useThumbnail(asset: AssetView | null): string | null {
  const wanted = asset !== null && asset.derived.thumbnail;
  const key = asset ? keyOf(asset) : '';
  const [loaded, setLoaded] = useState<{ key: string; url: string | null } | null>(null);
  useEffect(() => {
    if (!wanted || !asset) return;
    let live = true;
    void thumbnailFor(asset).then((url) => live && setLoaded({ key, url }));
    return () => {
      live = false;
    };
    // The key carries id and version: nothing else about the asset changes its thumbnail.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, wanted]);
  if (!wanted) return null;
  if (loaded?.key === key) return loaded.url;
  return cache.get(key)?.url ?? null;
}
