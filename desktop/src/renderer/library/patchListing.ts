import { extensionOf, type AssetView, type FeedRows, type SortField } from '@rushes/shared';

/** A folder's loaded asset rows, in the server's order. */
export interface LoadedRows {
  assets: readonly AssetView[];
  /**
   * The row the next page's cursor continues after, or null when every row is loaded. A row
   * that sorts past it is left to that page (the cursor is keyed by sort values, so the
   * page will bring it), never inserted here.
   */
  end: AssetView | null;
}

export type ListingPatch = { kind: 'same' } | { kind: 'relist' } | { kind: 'patched'; assets: AssetView[] };

type SortValue = string | number;

/**
 * The order of the catalog's listing, as its keyset: the sort column(s), then the id, so
 * the order is total. Names compare as the catalog compares them (by code point), not by
 * the user's locale.
 */
function sortKey(asset: AssetView, field: SortField): SortValue[] {
  switch (field) {
    case 'name':
      return [asset.name, asset.id];
    case 'created':
      return [asset.createdAt, asset.id];
    case 'modified':
      return [asset.modifiedAt, asset.id];
    case 'size':
      return [asset.size, asset.id];
    case 'type':
      return [extensionOf(asset.name), asset.name, asset.id];
  }
}

function compareKeys(a: readonly SortValue[], b: readonly SortValue[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * JavaScript compares strings by UTF-16 unit, the catalog by code point: they agree unless
 * a string holds a character from U+D800 up. Such a row is not placed here but re-listed.
 */
const outsideCodeUnitOrder = /[\uD800-\uFFFF]/;

/**
 * Patches a folder's loaded rows with the rows of one feed page: a row of this folder that
 * changed is replaced where it stands (or moved if its sort value changed), a new one is
 * inserted in sort order, one moved elsewhere, trashed or gone is removed. 'relist' when a
 * row cannot be placed by its sort value; 'same' when the page touched none of this folder.
 */
export function patchListing(
  rows: LoadedRows,
  path: string,
  sort: { field: SortField; direction: 'asc' | 'desc' },
  page: FeedRows,
): ListingPatch {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const order = (a: AssetView, b: AssetView) => sign * compareKeys(sortKey(a, sort.field), sortKey(b, sort.field));
  const listed = new Map(rows.assets.map((asset) => [asset.id, asset]));
  const remove = new Set(page.gone.filter((id) => listed.has(id)));
  const replace = new Map<string, AssetView>();
  const place: AssetView[] = [];
  for (const row of page.changed) {
    const before = listed.get(row.id);
    if (row.folderPath !== path || row.trash !== null) {
      if (before) remove.add(row.id);
    } else if (before && order(before, row) === 0) replace.set(row.id, row);
    else {
      if (sortKey(row, sort.field).some((value) => typeof value === 'string' && outsideCodeUnitOrder.test(value)))
        return { kind: 'relist' };
      if (before) remove.add(row.id);
      if (rows.end === null || order(row, rows.end) <= 0) place.push(row);
    }
  }
  if (remove.size === 0 && replace.size === 0 && place.length === 0) return { kind: 'same' };
  const assets = rows.assets.flatMap((asset) => (remove.has(asset.id) ? [] : [replace.get(asset.id) ?? asset]));
  for (const row of place.sort(order)) {
    assets.splice(insertionPoint(assets, row, order), 0, row);
  }
  return { kind: 'patched', assets };
}

/** Where `row` goes in `assets` (sorted by `order`): after every row that sorts before it. */
function insertionPoint(assets: readonly AssetView[], row: AssetView, order: (a: AssetView, b: AssetView) => number): number {
  let low = 0;
  let high = assets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (order(assets[middle]!, row) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
