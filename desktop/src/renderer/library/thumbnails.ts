import { useEffect, useState } from 'react';
import type { AssetView, CachedDerivative } from '@rushes/shared';
import { cachedMediaUrl, desktop } from '../bridge/desktop';

/**
 * Pictures of assets (thumbnails, filmstrips, waveforms, previews) from main's disk cache.
 * Requests made in the same moment go to main as one call per kind (up to 500 ids); main
 * answers kept files at once and fetches the rest. The key holds the asset's version, so an
 * asset ingest touched again gets a fresh picture. Failures are not remembered: a later
 * render asks again.
 */
type Request = { asset: AssetView; resolve: (url: string | null) => void };

const cache = new Map<string, string | null>();
const waiting = new Map<CachedDerivative, Map<string, Request[]>>();
let timer: number | null = null;
const BATCH = 500;

const keyOf = (asset: AssetView, derivative: CachedDerivative) => `${derivative}:${asset.id}@${asset.version}`;

function flush() {
  timer = null;
  const pending = [...waiting.entries()];
  waiting.clear();
  for (const [derivative, byKey] of pending) {
    const batch = [...byKey.entries()];
    for (let i = 0; i < batch.length; i += BATCH) {
      const slice = batch.slice(i, i + BATCH);
      const assets = slice.map(([, requests]) => ({ id: requests[0]!.asset.id, version: requests[0]!.asset.version }));
      desktop.cachedMedia({ derivative, assets }).then(
        (answer) => {
          const byId = new Map(answer.items.map((item) => [item.id, item.file]));
          for (const [key, requests] of slice) {
            const file = byId.get(requests[0]!.asset.id) ?? null;
            const url = file ? cachedMediaUrl(file) : null;
            if (url) cache.set(key, url);
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
}

function pictureFor(asset: AssetView, derivative: CachedDerivative): Promise<string | null> {
  const key = keyOf(asset, derivative);
  const hit = cache.get(key);
  if (hit) return Promise.resolve(hit);
  return new Promise((resolve) => {
    const forKind = waiting.get(derivative) ?? new Map<string, Request[]>();
    const list = forKind.get(key) ?? [];
    list.push({ asset, resolve });
    forKind.set(key, list);
    waiting.set(derivative, forKind);
    timer ??= window.setTimeout(flush, 30);
  });
}

/** The URL of an asset's picture once known; null while loading, when it has none, or when `enabled` is false. */
export function useAssetPicture(asset: AssetView | null, derivative: CachedDerivative, enabled = true): string | null {
  const wanted = enabled && asset !== null && asset.derived[derivative];
  const key = asset ? keyOf(asset, derivative) : '';
  const [loaded, setLoaded] = useState<{ key: string; url: string | null } | null>(null);
  useEffect(() => {
    if (!wanted || !asset) return;
    let live = true;
    void pictureFor(asset, derivative).then((url) => live && setLoaded({ key, url }));
    return () => {
      live = false;
    };
    // The key carries id, version and kind: nothing else about the asset changes its picture.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, wanted]);
  if (!wanted) return null;
  if (loaded?.key === key) return loaded.url;
  return cache.get(key) ?? null;
}

/** The asset's thumbnail URL once known; null while loading or when it has none. */
export function useThumbnail(asset: AssetView | null): string | null {
  return useAssetPicture(asset, 'thumbnail');
}
