import type Database from 'better-sqlite3';
import type { CatalogAsset, SearchScope } from '../../ports';
import { prefixBound } from './pages';
import { rowToAsset, type AssetRow } from './rows';

/** Rows read per query while the caller keeps asking for more. */
const BATCH = 200;

/**
 * The assets a search may return, read through the word index (migration 011): each typed
 * word is a prefix query, all of them must hold. Without words it walks the scope by key.
 * In word-index order, a batch at a time, so a caller that has enough stops reading.
 */
export class SqliteSearch {
  private readonly byWords: Database.Statement<unknown[], AssetRow & { word_row: number }>;
  private readonly byKey: Database.Statement<unknown[], AssetRow>;

  constructor(db: Database.Database) {
    // CROSS JOIN keeps the word index as the outer loop; the key range and trash test are
    // then checked on each row it yields.
    this.byWords = db.prepare<unknown[], AssetRow & { word_row: number }>(
      `SELECT w.rowid AS word_row, a.* FROM asset_words w CROSS JOIN assets a ON a.rowid = w.rowid
       WHERE asset_words MATCH @match AND w.rowid > @after AND a.in_trash = 0 AND a.key >= @low AND a.key < @high
       ORDER BY w.rowid LIMIT @limit`,
    );
    this.byKey = db.prepare<unknown[], AssetRow>(
      'SELECT * FROM assets WHERE key > @after AND key < @high AND in_trash = 0 ORDER BY key LIMIT @limit',
    );
  }

  async *candidates(scope: SearchScope): AsyncIterable<CatalogAsset> {
    // U+10FFFF sorts after every key a folder can hold, so it bounds the root.
    const high = prefixBound(scope.folder) ?? '\u{10FFFF}';
    if (scope.words.length === 0) {
      for (let after = scope.folder; ;) {
        const rows = this.byKey.all({ after, high, limit: BATCH });
        for (const row of rows) yield rowToAsset(row);
        if (rows.length < BATCH) return;
        after = rows.at(-1)!.key;
      }
    }
    const match = scope.words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' AND ');
    for (let after = 0; ;) {
      const rows = this.byWords.all({ match, after, low: scope.folder, high, limit: BATCH });
      for (const { word_row: _, ...row } of rows) yield rowToAsset(row);
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.word_row;
    }
  }
}
