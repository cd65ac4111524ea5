import type Database from 'better-sqlite3';
import { PRODUCTION_SEARCH_FIELDS, resolutionWidthRange, searchWords, type NumberRange, type SearchQuery } from '@rushes/shared';
import { facetMatch, noteMatch, wordMatch } from './searchIndex';

/**
 * How the cache answers a query. Four plans:
 *
 * - `folders`: some folder paths hold every word ("show 5 day 3"): the assets of those
 *   folders are read from the folder index, which covers the filter columns, until a page is
 *   full. Words that match nearly every asset (folder words) are the longest lists in the
 *   word index, so this avoids intersecting them. It holds only assets whose path matches;
 *   when the folders yield no more than a page, the `words` plan gives the full answer.
 * - `words`: FTS5 intersects the words, the filters' facet tokens (searchIndex.ts) and a
 *   folder scope's path words, then each returned row is checked against the exact filters,
 *   until a page is full.
 * - `facets`: no words, but filters facets cover: the same from the facets alone.
 * - `rows`: nothing for FTS5 (ranges, location, folder scope only): the rows in order.
 *
 * `folders` is chosen when the filters are common enough that a page is found within a
 * bounded scan of the folder index; their share is estimated by counting, up to a cap, the
 * assets whose facets match. Rare filters go to `words`, where FTS5 skips by them.
 *
 * A page stops at `limit + 1` rows, never counting the rest: more than `limit` is reported as
 * `truncated` (the app asks 500 and shows "500 results+"), and which `limit` come back is then the plan's
 * choice, not the first by name.
 */
export type PlanName = 'folders' | 'words' | 'facets' | 'rows';

/** Index entries a folder-first plan may expect to read for one page. */
const FOLDER_SCAN_BUDGET = 50_000;
/** Facet matches counted to estimate a filter's share; more than this is "common". */
const ESTIMATE_CAP = 5_000;
/** Share assumed for a filter no index counts (ranges, location). */
const UNCOUNTED_SHARE = 0.5;

export class SearchPlanner {
  private readonly statements = new Map<string, Database.Statement<(string | number)[], { row: number }>>();
  private assetCount: number | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Keeps the estimate's denominator without a count(*) over a million rows per query. */
  countChanged(delta: number): void {
    if (this.assetCount !== null) this.assetCount += delta;
  }

  /**
   * The same query without the words every folder in its scope holds ("show", "day" in a
   * library of `Show/Day/` folders): each asset's path matches them, so they select nothing,
   * and they are the longest lists in the word index. Exact, not an estimate.
   */
  simplify(query: SearchQuery): SearchQuery {
    if (query.words.length === 0) return query;
    const [low, high] = scopeRange(query.folder);
    const folders = this.db
      .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM folders WHERE path >= ? AND path < ?')
      .get(low, high)!.n;
    if (folders === 0) return query;
    const holding = this.db.prepare<[string, string, string], { n: number }>(
      'SELECT count(*) AS n FROM folders_fts WHERE folders_fts MATCH ? AND path >= ? AND path < ?',
    );
    const words = query.words.filter((word) => holding.get(`path : "${word}"*`, low, high)!.n < folders);
    return words.length === query.words.length ? query : { ...query, words };
  }

  choose(query: SearchQuery, limit: number): PlanName {
    const words = wordMatch(query.words);
    const facets = facetMatch(query);
    if (!words) return facets ? 'facets' : 'rows';
    if (this.matchingFolders(query).length === 0) return 'words';
    return (limit + 1) / this.filterShare(query, facets) <= FOLDER_SCAN_BUDGET ? 'folders' : 'words';
  }

  /** Up to `limit + 1` matching rows, by the given plan (tests force each one). */
  rows(query: SearchQuery, limit: number, plan: PlanName): number[] {
    const filters = filterSql(query);
    const words = wordMatch(query.words);
    const match = ftsMatch(query);
    const and = filters.sql ? ` AND ${filters.sql}` : '';
    if (plan === 'folders' && words) {
      const found: number[] = [];
      const inFolder = this.statement(`SELECT a.row FROM assets a WHERE a.folder_path = ?${and} LIMIT ?`);
      for (const folder of this.matchingFolders(query)) {
        for (const { row } of inFolder.all(folder, ...filters.params, limit + 1 - found.length)) found.push(row);
        if (found.length > limit) return found;
      }
      // The folders hold at most a page: the word index gives the whole answer.
      return this.rows(query, limit, 'words');
    }
    if (match) {
      // CROSS JOIN keeps FTS5 as the outer loop: with a folder scope SQLite would otherwise
      // walk the folder index and probe the word index per row.
      return this.statement(`SELECT a.row FROM assets_fts f CROSS JOIN assets a ON a.row = f.rowid WHERE assets_fts MATCH ?${and} LIMIT ?`)
        .all(match, ...filters.params, limit + 1)
        .map(({ row }) => row);
    }
    return this.statement(`SELECT a.row FROM assets a${filters.sql ? ` WHERE ${filters.sql}` : ''} LIMIT ?`)
      .all(...filters.params, limit + 1)
      .map(({ row }) => row);
  }

  /** The plan and SQLite's EXPLAIN QUERY PLAN of each statement it runs: for the profile script. */
  explain(query: SearchQuery, limit: number): { plan: PlanName; steps: string[] } {
    const plan = this.choose(query, limit);
    const filters = filterSql(query);
    const and = filters.sql ? ` AND ${filters.sql}` : '';
    const match = ftsMatch(query);
    const sql: { text: string; params: (string | number)[] }[] = [];
    if (plan === 'folders') {
      sql.push({ text: 'SELECT path FROM folders_fts WHERE folders_fts MATCH ?', params: [wordMatch(query.words)!] });
      sql.push({ text: `SELECT a.row FROM assets a WHERE a.folder_path = ?${and} LIMIT ?`, params: ['', ...filters.params, limit + 1] });
    }
    if (match)
      sql.push({
        text: `SELECT a.row FROM assets_fts f CROSS JOIN assets a ON a.row = f.rowid WHERE assets_fts MATCH ?${and} LIMIT ?`,
        params: [match, ...filters.params, limit + 1],
      });
    else
      sql.push({
        text: `SELECT a.row FROM assets a${filters.sql ? ` WHERE ${filters.sql}` : ''} LIMIT ?`,
        params: [...filters.params, limit + 1],
      });
    const steps = sql.flatMap(({ text, params }) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((step) => step.detail),
    );
    return { plan, steps };
  }

  /** Folders (within the scope) whose path holds every word. */
  private matchingFolders(query: SearchQuery): string[] {
    const words = wordMatch(query.words);
    if (!words) return [];
    const paths = this.db
      .prepare<[string], { path: string }>('SELECT path FROM folders_fts WHERE folders_fts MATCH ?')
      .all(words.replace('{name path technical}', 'path'))
      .map(({ path }) => path)
      .filter((path) => path.startsWith(query.folder));
    return paths.sort();
  }

  /** The estimated share of assets that pass the filters (1 with none). */
  private filterShare(query: SearchQuery, facets: string | null): number {
    let share = 1;
    if (facets) {
      const total = (this.assetCount ??= this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM assets').get()!.n);
      const counted = this.db
        .prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM assets_fts WHERE assets_fts MATCH ? LIMIT ?)')
        .get(facets, ESTIMATE_CAP)!.n;
      share *= total > 0 ? counted / total : 0;
    }
    const uncounted = [
      query.frameRates.length > 0,
      query.duration !== null,
      query.created !== null,
      query.location !== null,
      query.circled !== null,
      query.rating !== null,
      query.reviewStatuses.length > 0,
      query.hasNotes,
      query.noteWords.length > 0,
      PRODUCTION_SEARCH_FIELDS.some((field) => query.production[field].some((term) => term.prefix)),
    ].filter(Boolean).length;
    return share * UNCOUNTED_SHARE ** uncounted;
  }

  private statement(sql: string) {
    let found = this.statements.get(sql);
    if (!found) {
      // Queries differ only in how many values each filter has: a small cache holds them all.
      if (this.statements.size >= 200) this.statements.clear();
      found = this.db.prepare<(string | number)[], { row: number }>(sql);
      this.statements.set(sql, found);
    }
    return found;
  }
}

/**
 * What FTS5 is asked, or '' when the query has neither words nor facets. A folder scope adds
 * its own path words (whole, not prefixes) on the path column: every asset under the scope
 * has them, so FTS5 narrows to the scope too, and the exact range check stays in SQL.
 */
function ftsMatch(query: SearchQuery): string {
  const words = wordMatch(query.words);
  const facets = facetMatch(query);
  if (!words && !facets) return '';
  const scope = searchWords(query.folder);
  const within = scope.length > 0 ? `path : (${scope.map((word) => `"${word}"`).join(' AND ')})` : null;
  return [words, facets, within].filter(Boolean).join(' AND ');
}

/** Folder paths under a scope (`` for all) as a half-open range: `Show/` … `Show0` (0 follows /). */
function scopeRange(folder: string): [string, string] {
  return folder ? [folder, `${folder.slice(0, -1)}0`] : ['', '\u{10FFFF}'];
}

/** The filters as exact conditions over `assets a`; words (and facets) are matched by FTS5. */
export function filterSql(query: SearchQuery): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.folder) {
    where.push('a.folder_path >= ? AND a.folder_path < ?');
    params.push(...scopeRange(query.folder));
  }
  const anyOf = (column: string, values: readonly string[]) => {
    if (values.length === 0) return;
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('a.kind', query.kinds);
  anyOf('a.status', query.statuses);
  if (query.codecs.length > 0) {
    const marks = query.codecs.map(() => '?').join(', ');
    where.push(`(lower(a.video_codec) IN (${marks}) OR lower(a.audio_codec) IN (${marks}))`);
    params.push(...query.codecs, ...query.codecs);
  }
  if (query.location) where.push(`a.on_fsx = ${query.location === 'S3_FSX' ? 1 : 0}`);
  const range = (column: string, ranges: readonly NumberRange[]) => {
    if (ranges.length === 0) return;
    const parts = ranges.map((r) => {
      const bounds = [`${column} IS NOT NULL`];
      if (r.min !== null) {
        bounds.push(`${column} >= ?`);
        params.push(r.min);
      }
      if (r.max !== null) {
        bounds.push(`${column} <= ?`);
        params.push(r.max);
      }
      return `(${bounds.join(' AND ')})`;
    });
    where.push(`(${parts.join(' OR ')})`);
  };
  range('a.width', query.resolutions.map(resolutionWidthRange));
  range('a.fps', query.frameRates);
  range('a.duration', query.duration ? [query.duration] : []);
  range('a.created_ms', query.created ? [query.created] : []);
  for (const tag of query.tags) {
    where.push('EXISTS (SELECT 1 FROM asset_tags t WHERE t.tag = ? AND t.row = a.row)');
    params.push(tag);
  }
  if (query.circled !== null) where.push(`a.circled = ${query.circled ? 1 : 0}`);
  range('a.rating', query.rating ? [query.rating] : []);
  anyOf('a.review_status', query.reviewStatuses);
  if (query.hasNotes) where.push('a.note_count > 0');
  // Production terms: each field's terms are alternatives; a term's keys are all required,
  // the last as a prefix with `*` (U+10FFFF bounds every key that starts with it).
  for (const field of PRODUCTION_SEARCH_FIELDS) {
    const terms = query.production[field];
    if (terms.length === 0) continue;
    const alternatives = terms.map((term) =>
      term.keys
        .map((key, i) => {
          params.push(field, key);
          if (!(term.prefix && i === term.keys.length - 1))
            return 'EXISTS (SELECT 1 FROM asset_production p WHERE p.field = ? AND p.key = ? AND p.row = a.row)';
          params.push(`${key}\u{10FFFF}`);
          return 'EXISTS (SELECT 1 FROM asset_production p WHERE p.field = ? AND p.key >= ? AND p.key < ? AND p.row = a.row)';
        })
        .join(' AND '),
    );
    where.push(`(${alternatives.map((sql) => `(${sql})`).join(' OR ')})`);
  }
  const notes = noteMatch(query.noteWords);
  if (notes) {
    where.push('a.row IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)');
    params.push(notes);
  }
  return { sql: where.join(' AND '), params };
}
