import Database from 'better-sqlite3';
import {
  type AssetStatus,
  type AuditEvent,
  type CustodyEntry,
  type Folder,
  type IsoDateTime,
  type Note,
  type Transfer,
  type Workstation,
} from '@rushes/shared';
import {
  systemClock,
  type AssetQuery,
  type AuditQuery,
  type Catalog,
  type CatalogAsset,
  type CatalogFolder,
  type DisabledMark,
  type Change,
  type Clock,
  type CustodyGeneration,
  type FolderPatch,
  type Page,
  type SearchScope,
  type TakeUpdate,
  type TransferQuery,
} from '../ports';
import { migrate } from './sqlite/migrate';
import { SqliteNoteTables } from './sqlite/notes';
import { SqliteSearch } from './sqlite/search';
import { SqliteTransferTables } from './sqlite/transfers';
import { SqliteCustodyTables } from './sqlite/custody';
import { SqliteAssetTables } from './sqlite/assets';
import { SqliteFeed, type Changed, type Write } from './sqlite/feed';
import { SqliteFolderTables } from './sqlite/folders';
import { checkLimit, decodeAuditCursor, encodeAuditCursor, pageOf } from './sqlite/pages';
import { auditToRow, rowToAudit, type AuditRow } from './sqlite/rows';
import { statementCache } from './sqlite/statements';

export interface SqliteCatalogOptions {
  /** Stamps the changes of removals, whose port methods take no time. */
  readonly clock?: Clock;
  /**
   * Called after a write committed new changes, with the feed's new head: local mode's push
   * channel hears of them here. Runs synchronously after the commit, so it must not throw.
   */
  readonly onChanges?: (latest: number) => void;
}

const MAX_AUDIT_PAGE = 1000;

interface DisabledRow {
  user_id: string;
  email: string;
  disabled_at: string;
  disabled_by: string;
}

/**
 * The catalog in one SQLite file (local mode). better-sqlite3 is synchronous: each method
 * runs to completion before the next starts, and each mutation is one immediate
 * transaction that includes its change-feed rows (sqlite/feed.ts).
 */
export class SqliteCatalog implements Catalog {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly sql: Statements;
  private readonly folders: SqliteFolderTables;
  private readonly assets: SqliteAssetTables;
  private readonly transfers: SqliteTransferTables;
  private readonly notes: SqliteNoteTables;
  private readonly custody: SqliteCustodyTables;
  private readonly search: SqliteSearch;
  private readonly auditStatement: (sql: string) => Database.Statement<unknown[], AuditRow>;
  private readonly feed: SqliteFeed;
  private readonly write: Write;
  private readonly change: Changed;

  /** `file` is a path, or `:memory:` for a private in-memory database. */
  constructor(file: string, options: SqliteCatalogOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.db = new Database(file, { timeout: 5_000 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
      this.sql = prepareAll(this.db);
      this.feed = new SqliteFeed(this.db, options.onChanges);
      this.write = this.feed.write;
      this.change = this.feed.change;
      this.folders = new SqliteFolderTables(this.write, this.change, this.db, () => this.now());
      this.assets = new SqliteAssetTables(this.write, this.change, this.db, () => this.now());
      this.transfers = new SqliteTransferTables(this.write, this.db);
      this.notes = new SqliteNoteTables(this.write, this.db, this.change);
      this.custody = new SqliteCustodyTables(this.write, this.db);
      this.search = new SqliteSearch(this.db);
      this.auditStatement = statementCache<AuditRow>(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  // Folders (sqlite/folders.ts) ----------------------------------------------------------

  async getFolder(path: string): Promise<CatalogFolder | null> {
    return this.folders.getFolder(path);
  }

  async createFolder(folder: Folder): Promise<CatalogFolder> {
    return this.folders.createFolder(folder);
  }

  async updateFolder(path: string, patch: FolderPatch, at: IsoDateTime): Promise<CatalogFolder> {
    return this.folders.updateFolder(path, patch, at);
  }

  async listFolders(parentPath: string, options: { includeTrashed?: boolean } = {}): Promise<CatalogFolder[]> {
    return this.folders.listFolders(parentPath, options);
  }

  async moveFolder(fromPath: string, toPath: string, at: IsoDateTime): Promise<void> {
    this.folders.moveFolder(fromPath, toPath, at);
  }

  async removeFolderTree(path: string): Promise<void> {
    this.folders.removeFolderTree(path);
  }

  // Assets (sqlite/assets.ts) ------------------------------------------------------------

  async getAsset(id: string): Promise<CatalogAsset | null> {
    return this.assets.getAsset(id);
  }

  async getAssets(ids: readonly string[]): Promise<CatalogAsset[]> {
    return this.assets.getAssets(ids);
  }

  async getAssetByKey(key: string): Promise<CatalogAsset | null> {
    return this.assets.getAssetByKey(key);
  }

  async createAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    return this.assets.createAsset(asset);
  }

  async updateAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    return this.assets.updateAsset(asset);
  }

  async removeAsset(id: string): Promise<void> {
    this.assets.removeAsset(id);
  }

  async listAssets(query: AssetQuery): Promise<Page<CatalogAsset>> {
    return this.assets.listAssets(query);
  }

  async *listAssetsUnder(prefix: string, options: { includeTrashed?: boolean } = {}): AsyncIterable<CatalogAsset> {
    yield* this.assets.listAssetsUnder(prefix, options);
  }

  async assetsAfterKey(after: string, limit: number): Promise<CatalogAsset[]> {
    return this.assets.assetsAfterKey(after, limit);
  }

  searchAssets(scope: SearchScope): AsyncIterable<CatalogAsset> {
    return this.search.candidates(scope);
  }

  async assetsByStatus(status: AssetStatus, cursor: string | null, limit: number): Promise<Page<CatalogAsset>> {
    return this.assets.assetsByStatus(status, cursor, limit);
  }

  async countAssets(): Promise<number> {
    return this.assets.countAssets();
  }

  // Notes and takes (sqlite/notes.ts) ----------------------------------------------------

  async listNotes(assetId: string): Promise<Note[]> {
    return this.notes.listNotes(assetId);
  }

  async notesOf(assetIds: readonly string[]): Promise<Note[]> {
    return this.notes.notesOf(assetIds);
  }

  async getNote(id: string): Promise<Note | null> {
    return this.notes.getNote(id);
  }

  async addNote(note: Note): Promise<CatalogAsset> {
    return this.notes.addNote(note);
  }

  async updateNote(note: Note, at: IsoDateTime): Promise<CatalogAsset> {
    return this.notes.updateNote(note, at);
  }

  async removeNote(id: string, version: number, at: IsoDateTime): Promise<{ removed: Note[]; asset: CatalogAsset }> {
    return this.notes.removeNote(id, version, at);
  }

  async setTakes(changes: readonly TakeUpdate[], by: string, at: IsoDateTime): Promise<{ before: CatalogAsset; after: CatalogAsset }[]> {
    return this.notes.setTakes(changes, by, at);
  }

  // Change feed (sqlite/feed.ts) ---------------------------------------------------------

  async changesSince(since: number, limit: number): Promise<Change[]> {
    return this.feed.changesSince(since, limit);
  }

  async latestChange(): Promise<number> {
    return this.feed.latest();
  }

  // Audit --------------------------------------------------------------------------------

  async appendAudit(event: AuditEvent): Promise<void> {
    // One INSERT, no read first: a repeated id fails on the primary key (a CatalogConflict).
    this.write(() => this.sql.insertAudit.run(auditToRow(event)));
  }

  async listAudit(query: AuditQuery): Promise<Page<AuditEvent>> {
    checkLimit(query.limit, MAX_AUDIT_PAGE);
    const filters: [column: string, operator: string, value: string | undefined][] = [
      ['actor', '=', query.actor],
      ['action', '=', query.action],
      ['outcome', '=', query.outcome],
      ['at', '>=', query.since],
      ['at', '<', query.until],
      ['target', '>=', query.targetPrefix],
      ['target', '<', query.targetPrefix === undefined ? undefined : textPrefixBound(query.targetPrefix)],
    ];
    const used = filters.filter(([, , value]) => value !== undefined);
    const after = query.cursor === null ? null : decodeAuditCursor(query.cursor);
    const where = [...used.map(([column, operator]) => `${column} ${operator} ?`), ...(after ? ['(at, id) < (?, ?)'] : [])];
    const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.auditStatement(sql).all(...used.map(([, , value]) => value), ...(after ?? []), query.limit + 1);
    return pageOf(rows, query.limit, rowToAudit, (last) => encodeAuditCursor(last.at, last.id));
  }

  // Disabled users -----------------------------------------------------------------------

  async setUserDisabled(userId: string, mark: DisabledMark | null): Promise<void> {
    this.write(() => {
      if (mark) this.sql.disableUser.run({ userId, email: mark.email, disabledAt: mark.disabledAt, disabledBy: mark.disabledBy });
      else this.sql.enableUser.run(userId);
    });
  }

  async userDisabled(userId: string): Promise<DisabledMark | null> {
    const row = this.sql.disabledUser.get(userId);
    return row ? { email: row.email, disabledAt: row.disabled_at, disabledBy: row.disabled_by } : null;
  }

  async listDisabledUsers(): Promise<(DisabledMark & { userId: string })[]> {
    return this.sql.disabledUsers
      .all()
      .map((row) => ({ userId: row.user_id, email: row.email, disabledAt: row.disabled_at, disabledBy: row.disabled_by }));
  }

  // Workstations and transfer jobs -------------------------------------------------------

  async listWorkstations(): Promise<Workstation[]> {
    return this.transfers.listWorkstations();
  }

  async getWorkstation(id: string): Promise<Workstation | null> {
    return this.transfers.getWorkstation(id);
  }

  async createWorkstation(workstation: Workstation): Promise<Workstation> {
    return this.transfers.createWorkstation(workstation);
  }

  async updateWorkstation(workstation: Workstation): Promise<Workstation> {
    return this.transfers.updateWorkstation(workstation);
  }

  async removeWorkstation(id: string): Promise<void> {
    this.transfers.removeWorkstation(id);
  }

  async createTransfer(transfer: Transfer): Promise<Transfer> {
    return this.transfers.createTransfer(transfer);
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    return this.transfers.getTransfer(id);
  }

  async updateTransfer(transfer: Transfer): Promise<Transfer> {
    return this.transfers.updateTransfer(transfer);
  }

  async listTransfers(query: TransferQuery): Promise<Page<Transfer>> {
    return this.transfers.listTransfers(query);
  }

  async listUnfinishedTransfers(): Promise<Transfer[]> {
    return this.transfers.listUnfinishedTransfers();
  }

  // Chain of custody (sqlite/custody.ts) -------------------------------------------------

  async addCustodyGenerations(generations: readonly CustodyGeneration[], entries: readonly CustodyEntry[]): Promise<void> {
    this.custody.addGenerations(generations, entries);
  }

  async listCustodyGenerations(rootPath: string): Promise<CustodyGeneration[]> {
    return this.custody.listGenerations(rootPath);
  }

  async listAssetCustody(assetId: string): Promise<CustodyEntry[]> {
    return this.custody.listAssetEntries(assetId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // --------------------------------------------------------------------------------------

  private now(): IsoDateTime {
    return this.clock.now().toISOString();
  }
}

/** The least string above every string that starts with `prefix`: its last character, plus one. */
function textPrefixBound(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop()?.codePointAt(0) ?? 0;
  return chars.join('') + String.fromCodePoint(Math.min(last + 1, 0x10ffff));
}

type Statements = ReturnType<typeof prepareAll>;

function prepareAll(db: Database.Database) {
  return {
    disableUser: db.prepare(
      `INSERT INTO disabled_users (user_id, email, disabled_at, disabled_by) VALUES (@userId, @email, @disabledAt, @disabledBy)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, disabled_at = excluded.disabled_at, disabled_by = excluded.disabled_by`,
    ),
    enableUser: db.prepare('DELETE FROM disabled_users WHERE user_id = ?'),
    disabledUser: db.prepare<unknown[], DisabledRow>('SELECT * FROM disabled_users WHERE user_id = ?'),
    disabledUsers: db.prepare<unknown[], DisabledRow>('SELECT * FROM disabled_users ORDER BY email, user_id'),
    insertAudit: db.prepare(
      `INSERT INTO audit (id, at, actor, action, outcome, target, details, address)
       VALUES (@id, @at, @actor, @action, @outcome, @target, @details, @address)`,
    ),
  };
}
