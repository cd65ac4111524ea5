import Database from 'better-sqlite3';
import {
  frameRateOf,
  isOnEditShare,
  resolutionWidthRange,
  searchText,
  type AssetView,
  type NumberRange,
  type SearchQuery,
  type SearchResponse,
} from '@rushes/shared';
import { migrate } from '@rushes/lambdas/sqlite-migrate';
import { CACHE_MIGRATIONS } from './cacheMigrations';

/**
 * The local search cache (issue 9): every asset the signed-in user may see, answered by
 * FTS5 prefix queries. It runs inside a worker thread (cacheWorker.ts) so a query or a big
 * sync batch never stalls main; this class itself is plain synchronous better-sqlite3.
 */
export class CatalogCache {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Bounded page cache: the main process must stay small at a million assets.
    this.db.pragma('cache_size = -32000');
    migrate(this.db, CACHE_MIGRATIONS);
    this.statements = {
      getState: this.db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?'),
      setState: this.db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      rowOf: this.db.prepare<[string], { row: number; text_hash: number }>('SELECT row, text_hash FROM assets WHERE id = ?'),
      insert: this.db.prepare(
        `INSERT INTO assets (id, folder_path, name, kind, status, video_codec, audio_codec, width, fps, duration, created_ms, on_fsx, text_hash)
         VALUES (@id, @folder_path, @name, @kind, @status, @video_codec, @audio_codec, @width, @fps, @duration, @created_ms, @on_fsx, @text_hash)`,
      ),
      update: this.db.prepare(
        `UPDATE assets SET folder_path = @folder_path, name = @name, kind = @kind, status = @status, video_codec = @video_codec,
           audio_codec = @audio_codec, width = @width, fps = @fps, duration = @duration, created_ms = @created_ms,
           on_fsx = @on_fsx, text_hash = @text_hash WHERE row = @row`,
      ),
      deleteAsset: this.db.prepare('DELETE FROM assets WHERE row = ?'),
      putView: this.db.prepare('INSERT OR REPLACE INTO asset_views (row, view) VALUES (?, ?)'),
      getView: this.db.prepare<[number], { view: string }>('SELECT view FROM asset_views WHERE row = ?'),
      deleteView: this.db.prepare('DELETE FROM asset_views WHERE row = ?'),
      insertText: this.db.prepare('INSERT INTO assets_fts (rowid, name, path, technical) VALUES (?, ?, ?, ?)'),
      deleteText: this.db.prepare('DELETE FROM assets_fts WHERE rowid = ?'),
      putFolder: this.db.prepare('INSERT OR IGNORE INTO folders (path) VALUES (?)'),
      putFolderText: this.db.prepare('INSERT INTO folders_fts (path) VALUES (?)'),
      deleteFolderText: this.db.prepare('DELETE FROM folders_fts WHERE path = ?'),
      folders: this.db.prepare<[], { path: string }>('SELECT path FROM folders'),
      deleteFolder: this.db.prepare('DELETE FROM folders WHERE path = ?'),
      rowsIn: this.db.prepare<[string], { row: number }>('SELECT row FROM assets WHERE folder_path = ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM assets'),
    };
  }

  getState(key: string): string | null {
    return this.statements.getState.get(key)?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.statements.setState.run(key, value);
  }

  /** Adds or replaces assets and notes their folders as visible, in one transaction. */
  putAssets(assets: readonly AssetView[]): void {
    this.db.transaction(() => {
      for (const asset of assets) this.putOne(asset);
    })();
  }

  removeAssets(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        const found = this.statements.rowOf.get(id);
        if (found) this.removeRow(found.row);
      }
    })();
  }

  putFolders(paths: readonly string[]): void {
    this.db.transaction(() => {
      for (const path of paths) this.putFolder(path);
    })();
  }

  /**
   * Keeps only the folders in `visible` (the whole tree the user may see now) and drops the
   * assets of every other folder: how an ACL change that hid a folder reaches the cache.
   */
  keepOnlyFolders(visible: readonly string[]): { removedFolders: number } {
    const keep = new Set(visible);
    let removedFolders = 0;
    this.db.transaction(() => {
      for (const path of keep) this.putFolder(path);
      for (const { path } of this.statements.folders.all()) {
        if (keep.has(path)) continue;
        for (const { row } of this.statements.rowsIn.all(path)) this.removeRow(row);
        this.statements.deleteFolder.run(path);
        this.statements.deleteFolderText.run(path);
        removedFolders++;
      }
      // Assets whose folder was never recorded (or is gone) cannot be visible either.
      const stray = this.db.prepare<[], { row: number }>('SELECT row FROM assets WHERE folder_path NOT IN (SELECT path FROM folders)').all();
      for (const { row } of stray) this.removeRow(row);
    })();
    return { removedFolders };
  }

  folderPaths(): string[] {
    return this.statements.folders.all().map((folder) => folder.path);
  }

  count(): number {
    return this.statements.count.get()!.n;
  }

  /**
   * Words use the FTS5 index (each a quoted prefix, all required) and stop at limit + 1
   * matches; results come back sorted by name. Filters are plain column conditions. When
   * more than `limit` match, which `limit` come back is the index's choice, not by name.
   */
  search(query: SearchQuery, limit: number): SearchResponse {
    const filters = this.filterSql(query);
    const words = query.words.map((word) => `"${word}"*`).join(' ');
    let rows: { row: number }[] = [];
    if (words) {
      // Fast path: folders whose path holds every word; all their assets match.
      rows = this.rows(
        `SELECT a.row FROM assets a WHERE a.folder_path IN (SELECT path FROM folders_fts WHERE folders_fts MATCH ?)${filters.sql ? ` AND ${filters.sql}` : ''}`,
        [words, ...filters.params],
        limit,
      );
    }
    if (rows.length <= limit) {
      rows = words
        ? this.rows(`SELECT a.row FROM assets_fts f JOIN assets a ON a.row = f.rowid WHERE assets_fts MATCH ?${filters.sql ? ` AND ${filters.sql}` : ''}`, [words, ...filters.params], limit)
        : this.rows(`SELECT a.row FROM assets a${filters.sql ? ` WHERE ${filters.sql}` : ''}`, filters.params, limit);
    }
    const assets = rows.slice(0, limit).map(({ row }) => JSON.parse(this.statements.getView.get(row)!.view) as AssetView);
    assets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    return { assets, truncated: rows.length > limit };
  }

  private rows(sql: string, params: (string | number)[], limit: number): { row: number }[] {
    return this.db.prepare<(string | number)[], { row: number }>(`${sql} LIMIT ${limit + 1}`).all(...params);
  }

  /** The filters as SQL over `assets a`; words are matched by the caller. */
  private filterSql(query: SearchQuery): { sql: string; params: (string | number)[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.folder) {
      where.push('a.folder_path >= ? AND a.folder_path < ?');
      params.push(query.folder, `${query.folder.slice(0, -1)}0`);
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
    return { sql: where.join(' AND '), params };
  }

  close(): void {
    this.db.close();
  }

  private putOne(asset: AssetView): void {
    const t = asset.technical;
    const text = searchText(asset);
    const textHash = hashText(`${text.name}\n${text.path}\n${text.details}`);
    const values = {
      id: asset.id,
      folder_path: asset.folderPath,
      name: asset.name,
      kind: asset.kind,
      status: asset.status,
      video_codec: t?.videoCodec ?? null,
      audio_codec: t?.audioCodec ?? null,
      width: t?.width ?? null,
      fps: frameRateOf(asset),
      duration: t?.durationSeconds ?? null,
      created_ms: Date.parse(asset.createdAt),
      on_fsx: isOnEditShare(asset) ? 1 : 0,
      text_hash: textHash,
    };
    const view = JSON.stringify(asset);
    const found = this.statements.rowOf.get(asset.id);
    if (!found) {
      const row = Number(this.statements.insert.run(values).lastInsertRowid);
      this.statements.putView.run(row, view);
      this.statements.insertText.run(row, text.name, text.path, text.details);
    } else {
      this.statements.update.run({ ...values, row: found.row });
      this.statements.putView.run(found.row, view);
      if (found.text_hash !== textHash) {
        this.statements.deleteText.run(found.row);
        this.statements.insertText.run(found.row, text.name, text.path, text.details);
      }
    }
    this.putFolder(asset.folderPath);
  }

  private putFolder(path: string): void {
    if (this.statements.putFolder.run(path).changes > 0) this.statements.putFolderText.run(path);
  }

  private removeRow(row: number): void {
    this.statements.deleteText.run(row);
    this.statements.deleteView.run(row);
    this.statements.deleteAsset.run(row);
  }
}

/** FNV-1a, 32 bits: enough to tell whether an asset's indexed text changed. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
