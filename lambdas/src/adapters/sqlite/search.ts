import type Database from 'better-sqlite3';
import {
  PRODUCTION_SEARCH_FIELDS,
  RESOLUTION_CLASSES,
  matchesProduction,
  resolutionWidthRange,
  type NumberRange,
  type ProductionTerms,
  type ResolutionClass,
} from '@rushes/shared';
import type { CatalogAsset, SearchScope } from '../../ports';
import { facetToken, type SearchFacet } from './migrations/013_search_facets';
import { prefixBound } from './pages';
import { rowToAsset, type AssetRow } from './rows';

/** Rows read per query while the caller keeps asking for more. */
const BATCH = 500;

/**
 * The assets a search may return, read through the word index (migration 010): each typed
 * word is a prefix query, all of them must hold; and through the production index (011) for
 * `scene:`, `take:` and the other camera and sound report terms, whose whole values are
 * then checked on the decoded asset. Kind, status and resolution filters are asked of the word
 * index too, through its facet tokens (013). Without any of them it walks the scope by key.
 * In word-index order, a batch at a time, so a caller that has enough stops reading.
 */
export class SqliteSearch {
  private readonly statements = new Map<string, Database.Statement<unknown[], AssetRow & { word_row?: number }>>();

  constructor(private readonly db: Database.Database) {}

  async *candidates(scope: SearchScope): AsyncIterable<CatalogAsset> {
    // U+10FFFF sorts after every key a folder can hold, so it bounds the root.
    const high = prefixBound(scope.folder) ?? '\u{10FFFF}';
    const filters = filterSql(scope);
    const words = wordMatch(scope.words);
    const facets = facetMatch(scope);
    const production = productionMatch(scope.production);
    // Filters alone lead through their facet tokens over the whole library; in a folder, the
    // walk by key is bounded by the folder, while the tokens could be held by every asset outside it.
    const wordIndex = [words, scope.folder === '' || words ? facets : null].filter((part) => part !== null).join(' AND ');
    if (!wordIndex && !production) {
      const page = this.statement(
        `SELECT a.* FROM assets a WHERE a.key > ? AND a.key < ? AND a.in_trash = 0${filters.sql} ORDER BY a.key LIMIT ?`,
      );
      for (let after = scope.folder; ;) {
        const rows = page.all(after, high, ...filters.params, BATCH);
        for (const row of rows) yield rowToAsset(row);
        if (rows.length < BATCH) return;
        after = rows.at(-1)!.key;
      }
    }
    // One index leads: the production index when the query has its terms (a scene's takes are
    // few), else the word index, asked for the words and the facet tokens of the filters
    // together. CROSS JOIN keeps it the outer loop; the other index, the key range, trash and
    // filters are then checked on each row it yields, in SQL, so rows that fail them are never
    // decoded. Behind the production index only the words are asked of the word index: a
    // facet such as `ready` is held by nearly every asset, too many rowids to gather for `IN`.
    const [index, match, also] = production
      ? (['asset_production', production, words] as const)
      : (['asset_words', wordIndex, null] as const);
    const page = this.statement(
      `SELECT w.rowid AS word_row, a.* FROM ${index} w CROSS JOIN assets a ON a.rowid = w.rowid
       WHERE ${index} MATCH ? AND w.rowid > ? AND a.in_trash = 0 AND a.key >= ? AND a.key < ?${filters.sql}
       ${also ? 'AND a.rowid IN (SELECT rowid FROM asset_words WHERE asset_words MATCH ?)' : ''}
       ORDER BY w.rowid LIMIT ?`,
    );
    const alsoParams = also ? [also] : [];
    for (let after = 0; ;) {
      const rows = page.all(match, after, scope.folder, high, ...filters.params, ...alsoParams, BATCH);
      for (const { word_row: _, ...row } of rows) {
        const asset = rowToAsset(row);
        // The index holds the terms' words; whether they make the whole value is checked here.
        if (!scope.production || matchesProduction(asset.production, scope.production)) yield asset;
      }
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.word_row!;
    }
  }

  private statement(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], AssetRow & { word_row?: number }>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The scope's filters as SQL over `a` (bound parameters only); a handful of shapes, so prepared once each. */
function filterSql(scope: SearchScope): { sql: string; params: (string | number)[] } {
  let sql = '';
  const params: (string | number)[] = [];
  const among = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    sql += ` AND ${column} IN (${values.map(() => '?').join(', ')})`;
    params.push(...values);
  };
  among('a.kind', scope.kinds);
  among('a.status', scope.statuses);
  if (scope.widths && scope.widths.length > 0) {
    const ranges = scope.widths.map((range) => {
      const parts = [];
      if (range.min !== null) {
        parts.push("json_extract(a.technical, '$.width') >= ?");
        params.push(range.min);
      }
      if (range.max !== null) {
        parts.push("json_extract(a.technical, '$.width') <= ?");
        params.push(range.max);
      }
      return parts.length > 0 ? `(${parts.join(' AND ')})` : "json_extract(a.technical, '$.width') IS NOT NULL";
    });
    sql += ` AND (${ranges.join(' OR ')})`;
  }
  return { sql, params };
}

/**
 * The filters the word index holds tokens for (migration 013), as FTS5 groups of alternatives:
 * `("…kindaudio" OR "…kindvideo") AND …`. Widths come as resolution classes' ranges; a range
 * that is no class's leaves the widths to SQL. The SQL filters still run on every row the
 * index yields, so the tokens only narrow what is read.
 */
function facetMatch(scope: SearchScope): string | null {
  const groups: string[] = [];
  const anyOf = (facets: readonly SearchFacet[]) => {
    if (facets.length > 0) groups.push(`(${facets.map((facet) => quoted(facetToken(facet))).join(' OR ')})`);
  };
  anyOf((scope.kinds ?? []).map((kind) => ({ kind })));
  anyOf((scope.statuses ?? []).map((status) => ({ status })));
  const classes = (scope.widths ?? []).map(classOfRange);
  if (classes.every((resolution) => resolution !== undefined)) anyOf(classes.map((resolution) => ({ resolution })));
  return groups.length > 0 ? groups.join(' AND ') : null;
}

function classOfRange(range: NumberRange): ResolutionClass | undefined {
  return RESOLUTION_CLASSES.find((name) => {
    const own = resolutionWidthRange(name);
    return own.min === range.min && own.max === range.max;
  });
}

/** FTS5 string syntax: words come from the shared splitter (letters and digits), but quote anyway. */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

function wordMatch(words: readonly string[]): string | null {
  return words.length > 0 ? words.map((word) => `${quoted(word)}*`).join(' AND ') : null;
}

/**
 * The production terms over their columns of the production index: each field's terms are
 * alternatives, fields are all required. A whole-value key (`12 a`) is asked for as its words,
 * which the index holds (migration 011); a `*` term's last word is a prefix.
 */
function productionMatch(terms: ProductionTerms | undefined): string | null {
  if (!terms) return null;
  const groups = PRODUCTION_SEARCH_FIELDS.filter((field) => terms[field].length > 0).map((field) => {
    const alternatives = terms[field].map((term) => {
      const words = term.keys.flatMap((key) => key.split(' '));
      return `${field} : (${words.map((word, i) => (term.prefix && i === words.length - 1 ? `${quoted(word)}*` : quoted(word))).join(' AND ')})`;
    });
    return `(${alternatives.join(' OR ')})`;
  });
  return groups.length > 0 ? groups.join(' AND ') : null;
}
