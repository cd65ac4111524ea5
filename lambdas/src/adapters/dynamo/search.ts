import { matchesProduction, searchText, searchWords, within } from '@rushes/shared';
import type { CatalogAsset, SearchScope } from '../../ports';

// The server search over DynamoDB walks the scope and checks each asset here, answering as
// the SQLite catalog's word index and filters do (catalogContract.ts holds both to it).

/** Whether each prefix starts a word of the asset's search text, as the SQLite word index answers. */
export function holdsWords(asset: CatalogAsset, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return true;
  const text = searchText(asset);
  const words = searchWords(`${text.name} ${text.path} ${text.details}`);
  return prefixes.every((prefix) => words.some((word) => word.startsWith(prefix)));
}

/** The scope's kind, status, width and production filters, as the SQLite search answers them. */
export function passesFilters(asset: CatalogAsset, scope: SearchScope): boolean {
  if (scope.kinds?.length && !scope.kinds.includes(asset.kind)) return false;
  if (scope.statuses?.length && !scope.statuses.includes(asset.status)) return false;
  if (scope.widths?.length) {
    const width = asset.technical?.width ?? null;
    if (width === null || !scope.widths.some((range) => within(width, range))) return false;
  }
  return !scope.production || matchesProduction(asset.production, scope.production);
}
