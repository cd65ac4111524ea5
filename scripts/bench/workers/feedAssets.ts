// The card the `feed` benchmark lands: asset `index` is the same record in every process, so
// the readers know each change's target without being told.
import type { CatalogAsset } from '../../../lambdas/src/ports';
import { makeAsset } from '../../testing/assets';

export const FEED_FOLDER = 'Feed Show/Day 1/';
const AT = '2026-12-06T12:00:00.000Z';

export function feedAssetId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

export function feedAsset(index: number): CatalogAsset {
  const name = `A001_C${String(index).padStart(5, '0')}.mov`;
  return makeAsset(FEED_FOLDER, name, { id: feedAssetId(index), createdAt: AT, modifiedAt: AT });
}
