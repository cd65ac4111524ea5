import { RESOLUTION_CLASSES, resolutionWidthRange, type AssetStatus, type MediaKind, type ResolutionClass } from '@rushes/shared';
import type { Migration } from '../migrate';
import { createWordIndexSql } from './010_asset_search';

/**
 * Facet tokens start with U+E000, a private-use character: unicode61 keeps it inside a token
 * (its default token classes are letters, numbers and private use), while the shared
 * `searchWords` splits typed text on it, so no word a person types can ever be, or
 * prefix-match, a facet token. A name holding the character could index the same text;
 * search checks every candidate's kind, status and width afterwards, so that only widens
 * what the index yields.
 */
const MARK = '\u{E000}';

export type SearchFacet = { readonly kind: MediaKind } | { readonly status: AssetStatus } | { readonly resolution: ResolutionClass };

/** The token the word index holds for an asset's kind, status or resolution class. */
export function facetToken(facet: SearchFacet): string {
  if ('kind' in facet) return `${MARK}kind${facet.kind}`;
  if ('status' in facet) return `${MARK}status${facet.status}`;
  return `${MARK}res${facet.resolution}`;
}

/** The resolution class of `technical.width` in SQL, as shared `resolutionClass` computes it; NULL for none. */
function resolutionSql(row: 'NEW' | 'a'): string {
  const width = `json_extract(${row}.technical, '$.width')`;
  const classes = [...RESOLUTION_CLASSES].reverse().map((name) => {
    const { min } = resolutionWidthRange(name);
    return `WHEN ${width} ${name === 'sd' ? '> 0' : `>= ${min}`} THEN '${name}'`;
  });
  return `CASE WHEN json_type(${row}.technical, '$.width') NOT IN ('integer', 'real') THEN NULL ${classes.join(' ')} END`;
}

/** The facet tokens of a row, space-separated; `x || NULL` is NULL, which concat_ws leaves out. */
function facetsSql(row: 'NEW' | 'a'): string {
  const mark = `char(${MARK.codePointAt(0)!})`;
  return `concat_ws(' ', ${mark} || 'kind' || ${row}.kind, ${mark} || 'status' || ${row}.status, ${mark} || 'res' || ${resolutionSql(row)})`;
}

/**
 * The word index again, with a fourth column of facet tokens: one for the asset's kind, one
 * for its status and one for its resolution class. A search that filters by them (`day 9
 * kind:audio`) asks the index for the typed words and the facet together, instead of reading
 * every asset holding the words and dropping the ones of other kinds in SQL (a quarter of a
 * second at a million assets; docs/benchmarks.md). The update trigger now also fires when
 * kind or status changes: ingest moves an asset through its statuses a few times, each a
 * delete and insert of one row in the index. Rebuilt from the assets here, like 012.
 */
export const migration013: Migration = {
  version: 13,
  name: 'search index facets: kind, status and resolution class',
  up(db) {
    db.exec(`
      DROP TRIGGER asset_words_insert;
      DROP TRIGGER asset_words_update;
      DROP TRIGGER asset_words_delete;
      DROP TABLE asset_words;
    `);
    db.exec(createWordIndexSql('1 2 3 4 5 6', { sql: facetsSql, columns: ['kind', 'status'] }));
  },
};
