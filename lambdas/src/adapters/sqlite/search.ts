import type Database from 'better-sqlite3';
import type { CatalogAsset, SearchScope } from '../../ports';
import { prefixBound } from './pages';
import { rowToAsset, type AssetRow } from './rows';

/** Rows read per query while the caller keeps asking for more. */
const BATCH = 500;

/**
 * The assets a search may return, read through the word index (migration 010): each typed
 * word is a prefix query, all of them must hold. Without words it walks the scope by key.
 * In word-index order, a batch at a time, so a caller that has enough stops reading.
 */
export class SqliteSearch {
  private readonly statements = new Map<string, Database.Statement<unknown[], AssetRow & { word_row?: number }>>();

  constructor(private readonly db: Database.Database) {}

  async *candidates(scope: SearchScope): AsyncIterable<CatalogAsset> {
    // U+10FFFF sorts after every key a folder can hold, so it bounds the root.
    const high = prefixBound(scope.folder) ?? '\u{10FFFF}';
    const filters = filterSql(scope);
    if (scope.words.length === 0) {
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
    // CROSS JOIN keeps the word index as the outer loop; the key range, trash and filters
    // are then checked on each row it yields, in SQL, so rows that fail them are never decoded.
    const page = this.statement(
      `SELECT w.rowid AS word_row, a.* FROM asset_words w CROSS JOIN assets a ON a.rowid = w.rowid
       WHERE asset_words MATCH ? AND w.rowid > ? AND a.in_trash = 0 AND a.key >= ? AND a.key < ?${filters.sql}
       ORDER BY w.rowid LIMIT ?`,
    );
    const match = scope.words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' AND ');
    for (let after = 0; ;) {
      const rows = page.all(match, after, scope.folder, high, ...filters.params, BATCH);
      for (const { word_row: _, ...row } of rows) yield rowToAsset(row);
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
