import type { ProductionMetadata } from '@rushes/shared';
import type { Catalog, CatalogAsset } from '../ports';

/** Assets read per page when a folder is searched for the clips of a take. */
export const FOLDER_PAGE = 500;
/**
 * Pages read at most: a day's folder holds hundreds of clips, not tens of thousands, and a
 * take found in the first 10,000 assets is enough to circle; the listing never walks further.
 */
export const FOLDER_PAGES = 20;

/**
 * A take as the slate names it, so `12a `/`12A` and take `003`/`3` meet (the ALE export
 * matches the same way); null without both a scene and a take.
 */
export function takeKey(production: ProductionMetadata | undefined | null): string | null {
  const scene = production?.scene?.trim().toUpperCase();
  const take = production?.take
    ?.trim()
    .toUpperCase()
    .replace(/^0+(?=\d)/, '');
  return scene && take ? `${scene}\u0000${take}` : null;
}

/** A sound file whose sound report circled its take, and whose circle still stands. */
export function circledBySoundReport(asset: CatalogAsset): boolean {
  return asset.kind === 'audio' && asset.production?.circled === true && asset.review?.circled === true && !asset.trash;
}

/** A camera clip: the picture of a take. */
export function isPicture(asset: CatalogAsset): boolean {
  return (asset.kind === 'video' || asset.kind === 'raw') && !asset.trash;
}

/**
 * The live assets directly in a folder whose take is `take`, read page by page through the
 * catalog (at most FOLDER_PAGES pages), never by walking the bucket.
 */
export async function assetsOfTake(catalog: Catalog, folderPath: string, take: string): Promise<CatalogAsset[]> {
  const found: CatalogAsset[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < FOLDER_PAGES; page += 1) {
    const result = await catalog.listAssets({ folderPath, sort: 'name', direction: 'asc', limit: FOLDER_PAGE, cursor });
    found.push(...result.items.filter((asset) => takeKey(asset.production) === take));
    cursor = result.nextCursor;
    if (cursor === null) break;
  }
  return found;
}
