import { rmSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import type { SearchQuery, SearchResponse } from '@rushes/shared';
import { migrate } from '@rushes/lambdas/sqlite-migrate';
import { CACHE_MIGRATIONS } from './cacheMigrations';
import { prepareAsset, STORED_COLUMNS, type CachedAsset, type IndexedAsset, type PreparedAsset } from './searchIndex';
import { SearchPlanner, type PlanName } from './searchPlan';

/**
 * The local search cache: every asset the signed-in user may see, answered by
 * FTS5 prefix queries. It runs inside a worker thread (cacheWorker.ts) so a query or a big
 * sync batch never stalls main; this class itself is plain synchronous better-sqlite3.
 */
export class CatalogCache {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly planner: SearchPlanner;
  /** UPDATE statements by the columns they set: see putOne. */
  private readonly updates = new Map<string, Database.Statement>();
  /** Word index rows to insert at the end of the current write (see write). */
  private readonly pendingText = new Map<number, IndexedAsset['text']>();
  /** Notes index rows, likewise. */
  private readonly pendingNotes = new Map<number, string>();

  constructor(
    file: string,
    /** When this machine started, in minutes: see openChecked. Tests pass their own. */
    bootMinute: number = machineBootMinute(),
  ) {
    this.db = openChecked(file, bootMinute);
    migrate(this.db, CACHE_MIGRATIONS);
    // Cleared by close: still here at the next start means this process did not close it.
    this.db
      .prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(OPEN_MARK, String(bootMinute));
    this.statements = {
      getState: this.db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?'),
      setState: this.db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      rowOf: this.db.prepare<[string], { row: number; tag_count: number; note_hash: number; production_count: number }>(
        'SELECT row, tag_count, note_hash, production_count FROM assets WHERE id = ?',
      ),
      // As an array (row, then STORED_COLUMNS): no object built per change.
      storedOf: this.db.prepare<[string], StoredRow>(`SELECT row, ${STORED_COLUMNS.join(', ')} FROM assets WHERE id = ?`).raw(true),
      insert: this.db.prepare(
        `INSERT INTO assets (id, ${STORED_COLUMNS.join(', ')}) VALUES (@id, ${STORED_COLUMNS.map((column) => `@${column}`).join(', ')})`,
      ),
      deleteAsset: this.db.prepare('DELETE FROM assets WHERE row = ?'),
      insertView: this.db.prepare('INSERT INTO asset_views (row, view) VALUES (?, ?)'),
      updateView: this.db.prepare('UPDATE asset_views SET view = ? WHERE row = ?'),
      getResult: this.db.prepare<[number], { name: string; id: string; view: string }>(
        'SELECT a.name, a.id, v.view FROM assets a JOIN asset_views v ON v.row = a.row WHERE a.row = ?',
      ),
      deleteView: this.db.prepare('DELETE FROM asset_views WHERE row = ?'),
      insertText: this.db.prepare('INSERT INTO assets_fts (rowid, name, path, technical, facets) VALUES (?, ?, ?, ?, ?)'),
      putTag: this.db.prepare('INSERT OR IGNORE INTO asset_tags (tag, row) VALUES (?, ?)'),
      deleteTags: this.db.prepare('DELETE FROM asset_tags WHERE row = ?'),
      putProduction: this.db.prepare('INSERT OR IGNORE INTO asset_production (field, key, row) VALUES (?, ?, ?)'),
      deleteProduction: this.db.prepare('DELETE FROM asset_production WHERE row = ?'),
      deleteText: this.db.prepare('DELETE FROM assets_fts WHERE rowid = ?'),
      insertNotes: this.db.prepare('INSERT INTO notes_fts (rowid, text) VALUES (?, ?)'),
      deleteNotes: this.db.prepare('DELETE FROM notes_fts WHERE rowid = ?'),
      putFolder: this.db.prepare('INSERT OR IGNORE INTO folders (path) VALUES (?)'),
      putFolderText: this.db.prepare('INSERT INTO folders_fts (path) VALUES (?)'),
      deleteFolderText: this.db.prepare('DELETE FROM folders_fts WHERE path = ?'),
      folders: this.db.prepare<[], { path: string }>('SELECT path FROM folders'),
      deleteFolder: this.db.prepare('DELETE FROM folders WHERE path = ?'),
      rowsIn: this.db.prepare<[string], { row: number }>('SELECT row FROM assets WHERE folder_path = ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM assets'),
    };
    this.planner = new SearchPlanner(this.db);
  }

  getState(key: string): string | null {
    return this.statements.getState.get(key)?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.statements.setState.run(key, value);
  }

  /** Adds or replaces assets and notes their folders as visible, in one transaction. */
  putAssets(assets: readonly (CachedAsset | PreparedAsset)[]): void {
    this.write(() => {
      for (const asset of assets) this.putOne(asset);
    });
  }

  removeAssets(ids: readonly string[]): void {
    this.write(() => this.removeIds(ids));
  }

  /**
   * One feed page: removals and puts in one transaction, so a page is applied whole or not at
   * all. With `feed`, the page moves the stored feed position (`since`) from `from` to `to` in
   * that transaction, and is refused if the cache is not at `from`: the sync sends the next
   * page before the previous one is written, and a page whose predecessor failed must not
   * move the position past it.
   */
  applyChanges(puts: readonly (CachedAsset | PreparedAsset)[], removals: readonly string[], feed?: { from: number; to: number }): void {
    this.write(() => {
      if (feed) {
        const at = this.getState('since');
        if ((at ?? '0') !== String(feed.from))
          throw new Error(`feed page from ${feed.from} refused: the cache is at ${at ?? 'no position'}`);
      }
      this.removeIds(removals);
      for (const asset of puts) this.putOne(asset);
      if (feed) this.setState('since', String(feed.to));
    });
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
    this.write(() => {
      for (const path of keep) this.putFolder(path);
      for (const { path } of this.statements.folders.all()) {
        if (keep.has(path)) continue;
        for (const { row } of this.statements.rowsIn.all(path)) this.removeRow(row);
        this.statements.deleteFolder.run(path);
        this.statements.deleteFolderText.run(path);
        removedFolders++;
      }
      // Assets whose folder was never recorded (or is gone) cannot be visible either.
      const stray = this.db
        .prepare<[], { row: number }>('SELECT row FROM assets WHERE folder_path NOT IN (SELECT path FROM folders)')
        .all();
      for (const { row } of stray) this.removeRow(row);
    });
    return { removedFolders };
  }

  folderPaths(): string[] {
    return this.statements.folders.all().map((folder) => folder.path);
  }

  count(): number {
    return this.statements.count.get()!.n;
  }

  /**
   * Up to `limit` matches, sorted by name, by the plan searchPlan.ts chooses (or the one
   * given: tests hold every plan to the same answers).
   */
  search(query: SearchQuery, limit: number, plan?: PlanName): SearchResponse {
    return JSON.parse(this.searchJson(query, limit, plan)) as SearchResponse;
  }

  /**
   * The same answer as JSON text, put together from the stored views without parsing them:
   * the worker sends this string to main, which is cheaper than parsing a page of views here
   * and cloning the objects across threads.
   */
  searchJson(query: SearchQuery, limit: number, plan?: PlanName): string {
    const simpler = this.planner.simplify(query);
    const rows = this.planner.rows(simpler, limit, plan ?? this.planner.choose(simpler, limit));
    const found = rows.slice(0, limit).map((row) => this.statements.getResult.get(row)!);
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    return `{"assets":[${found.map((result) => result.view).join(',')}],"truncated":${rows.length > limit}}`;
  }

  explain(query: SearchQuery, limit: number): ReturnType<SearchPlanner['explain']> {
    return this.planner.explain(this.planner.simplify(query), limit);
  }

  /** Closes the database, noting that it was closed cleanly (see openChecked). */
  close(): void {
    if (!this.db.open) return;
    this.db.prepare('DELETE FROM state WHERE key = ?').run(OPEN_MARK);
    this.db.close();
  }

  private putOne(asset: CachedAsset | PreparedAsset): void {
    const indexed = prepareAsset(asset);
    const { text, view } = indexed;
    const stored = this.statements.storedOf.get(indexed.id);
    if (!stored) {
      const row = Number(this.statements.insert.run({ id: indexed.id, ...indexed.columns }).lastInsertRowid);
      this.statements.insertView.run(row, view);
      this.pendingText.set(row, text);
      if (indexed.noteText !== '') this.pendingNotes.set(row, indexed.noteText);
      for (const tag of indexed.tags) this.statements.putTag.run(tag, row);
      for (const { field, key } of indexed.production) this.statements.putProduction.run(field, key, row);
      this.planner.countChanged(1);
    } else {
      const row = stored[0];
      // Only the columns that changed: SQLite rewrites an index entry whenever an UPDATE sets
      // one of its columns, changed or not, and most feed changes (status, location) leave
      // the folder index's columns alone.
      const changed = STORED_COLUMNS.filter((column, i) => stored[i + 1] !== indexed.columns[column]);
      if (changed.length > 0) this.updateStatement(changed).run({ ...pick(indexed.columns, changed), row });
      this.statements.updateView.run(view, row);
      // The hash covers tags and production keys too: an update that leaves it alone (status, location) skips both.
      if (stored[AT.text_hash] !== indexed.columns.text_hash) {
        // A row already queued in this write is not in the index yet: its queued text is replaced.
        if (!this.pendingText.has(row)) this.statements.deleteText.run(row);
        this.pendingText.set(row, text);
        if (stored[AT.tag_count] !== 0) this.statements.deleteTags.run(row);
        for (const tag of indexed.tags) this.statements.putTag.run(tag, row);
        if (stored[AT.production_count] !== 0) this.statements.deleteProduction.run(row);
        for (const { field, key } of indexed.production) this.statements.putProduction.run(field, key, row);
      }
      if (stored[AT.note_hash] !== indexed.columns.note_hash) {
        if (stored[AT.note_hash] !== 0 && !this.pendingNotes.has(row)) this.statements.deleteNotes.run(row);
        if (indexed.noteText !== '') this.pendingNotes.set(row, indexed.noteText);
        else this.pendingNotes.delete(row);
      }
    }
    // A stored asset's folder was noted when it was stored (a folder dropped takes its assets).
    if (stored?.[AT.folder_path] !== indexed.columns.folder_path) this.putFolder(indexed.columns.folder_path);
  }

  /**
   * Runs `work` in one transaction, the word index's inserts last. FTS5 writes what it holds
   * in memory to disk as a new segment whenever a statement opens a savepoint (every DELETE,
   * which may touch many rows, does), so inserts interleaved with deletes would each become a
   * one-row segment to merge later; queued to the end they become one segment per transaction.
   */
  private write(work: () => void): void {
    this.db.transaction(() => {
      this.pendingText.clear();
      this.pendingNotes.clear();
      try {
        work();
        for (const [row, text] of this.pendingText) this.statements.insertText.run(row, text.name, text.path, text.technical, text.facets);
        for (const [row, text] of this.pendingNotes) this.statements.insertNotes.run(row, text);
      } finally {
        this.pendingText.clear();
        this.pendingNotes.clear();
      }
    })();
  }

  private removeIds(ids: readonly string[]): void {
    for (const id of ids) {
      const found = this.statements.rowOf.get(id);
      if (found) this.removeRow(found.row, found.tag_count > 0, found.note_hash !== 0, found.production_count > 0);
    }
  }

  private updateStatement(columns: readonly string[]): Database.Statement {
    const key = columns.join(',');
    let statement = this.updates.get(key);
    if (!statement) {
      statement = this.db.prepare(`UPDATE assets SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE row = @row`);
      this.updates.set(key, statement);
    }
    return statement;
  }

  private putFolder(path: string): void {
    if (this.statements.putFolder.run(path).changes > 0) this.statements.putFolderText.run(path);
  }

  private removeRow(row: number, hasTags = true, hasNotes = true, hasProduction = true): void {
    if (!this.pendingText.delete(row)) this.statements.deleteText.run(row);
    if (!this.pendingNotes.delete(row) && hasNotes) this.statements.deleteNotes.run(row);
    if (hasTags) this.statements.deleteTags.run(row);
    if (hasProduction) this.statements.deleteProduction.run(row);
    this.planner.countChanged(-1);
    this.statements.deleteView.run(row);
    this.statements.deleteAsset.run(row);
  }
}

/** State key: the boot (in minutes) during which the cache was opened and not yet closed. */
const OPEN_MARK = 'open_since_boot';

/**
 * Opens the cache. It is a copy of what the server holds, so it trades durability for sync
 * speed: `synchronous = OFF` never waits for the disk (an fsync at each checkpoint cost a
 * sixth of a sync here). SQLite keeps such a database whole when the app crashes, since the
 * operating system still writes out what it was given, but not when the machine loses power
 * or the system crashes mid-write. So if the cache was left open (no clean close) during an
 * earlier boot of this machine, it is checked first (`quick_check`, a few seconds at a
 * million assets, only then), and a damaged one is deleted: it is filled again from the
 * server at the next sign-in, as on a new computer.
 */
function openChecked(file: string, bootMinute: number): Database.Database {
  const inMemory = file === ':memory:' || file === '';
  let db = new Database(file);
  try {
    configure(db);
    const left = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'state'").get()!.n
      ? db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?').get(OPEN_MARK)?.value
      : undefined;
    if (left !== undefined && Math.abs(Number(left) - bootMinute) > BOOT_TOLERANCE_MINUTES) {
      const verdict = db.pragma('quick_check(1)', { simple: true });
      if (verdict !== 'ok') throw Object.assign(new Error(`search cache damaged: ${String(verdict)}`), { code: 'SQLITE_CORRUPT' });
    }
    return db;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (inMemory || !/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw error;
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    db = new Database(file);
    configure(db);
    return db;
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  // Bounded page cache: the main process must stay small at a million assets.
  db.pragma('cache_size = -32000');
  // Checkpoints copy the log into the database; the fewer, the more pages a sync changed
  // twice are copied once: every 256 MiB of log (a sync of 100,000 changes was a fifth
  // faster than with 32 MiB), truncated back to 64 MiB after.
  db.pragma('wal_autocheckpoint = 65536');
  db.pragma('journal_size_limit = 67108864');
}

/** Clocks are set while a machine runs: boots less than this apart are the same boot. */
const BOOT_TOLERANCE_MINUTES = 3;

function machineBootMinute(): number {
  return Math.round((Date.now() - os.uptime() * 1000) / 60_000);
}

/** `row`, then the STORED_COLUMNS values in order. */
type StoredRow = [number, ...(string | number | null)[]];
/** Where each column is in a StoredRow. */
const AT = Object.fromEntries(STORED_COLUMNS.map((column, i) => [column, i + 1])) as Record<(typeof STORED_COLUMNS)[number], number>;

function pick<T extends object, K extends keyof T>(values: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, values[key]])) as Pick<T, K>;
}
