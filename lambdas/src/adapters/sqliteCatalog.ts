import Database from 'better-sqlite3';
import type { AssetStatus, AuditEvent, CustodyEntry, Folder, IsoDateTime, Note, Transfer, Workstation } from '@rushes/shared';
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
import { SqliteAssetTables } from './sqlite/assets';
import { SqliteAuditTable } from './sqlite/audit';
import { SqliteCustodyTables } from './sqlite/custody';
import { SqliteDisabledUsers } from './sqlite/disabledUsers';
import { SqliteFeed } from './sqlite/feed';
import { SqliteFolderTables } from './sqlite/folders';
import { SqliteNoteTables } from './sqlite/notes';
import { SqliteSearch } from './sqlite/search';
import { SqliteTransferTables } from './sqlite/transfers';

export interface SqliteCatalogOptions {
  /** Stamps the changes of removals, whose port methods take no time. */
  readonly clock?: Clock;
  /**
   * Called after a write committed new changes, with the feed's new head: local mode's push
   * channel hears of them here. Runs synchronously after the commit, so it must not throw.
   */
  readonly onChanges?: (latest: number) => void;
}

/**
 * The catalog in one SQLite file (local mode). better-sqlite3 is synchronous: each method
 * runs to completion before the next starts, and each mutation is one immediate
 * transaction that includes its change-feed rows (sqlite/feed.ts). Each concern keeps its
 * statements in its own module under sqlite/; this class composes them into the port.
 */
export class SqliteCatalog implements Catalog {
  private readonly db: Database.Database;
  private readonly feed: SqliteFeed;
  private readonly folders: SqliteFolderTables;
  private readonly assets: SqliteAssetTables;
  private readonly audit: SqliteAuditTable;
  private readonly disabled: SqliteDisabledUsers;
  private readonly transfers: SqliteTransferTables;
  private readonly notes: SqliteNoteTables;
  private readonly custody: SqliteCustodyTables;
  private readonly search: SqliteSearch;

  /** `file` is a path, or `:memory:` for a private in-memory database. */
  constructor(file: string, options: SqliteCatalogOptions = {}) {
    const clock = options.clock ?? systemClock;
    const now = (): IsoDateTime => clock.now().toISOString();
    this.db = new Database(file, { timeout: 5_000 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
      const feed = new SqliteFeed(this.db, options.onChanges);
      const { write, change } = feed;
      this.feed = feed;
      this.folders = new SqliteFolderTables(write, change, this.db, now);
      this.assets = new SqliteAssetTables(write, change, this.db, now);
      this.audit = new SqliteAuditTable(write, this.db);
      this.disabled = new SqliteDisabledUsers(write, this.db);
      this.transfers = new SqliteTransferTables(write, this.db);
      this.notes = new SqliteNoteTables(write, this.db, change);
      this.custody = new SqliteCustodyTables(write, this.db);
      this.search = new SqliteSearch(this.db);
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

  // Audit (sqlite/audit.ts) --------------------------------------------------------------

  async appendAudit(event: AuditEvent): Promise<void> {
    this.audit.appendAudit(event);
  }

  async listAudit(query: AuditQuery): Promise<Page<AuditEvent>> {
    return this.audit.listAudit(query);
  }

  // Disabled users (sqlite/disabledUsers.ts) ---------------------------------------------

  async setUserDisabled(userId: string, mark: DisabledMark | null): Promise<void> {
    this.disabled.setUserDisabled(userId, mark);
  }

  async userDisabled(userId: string): Promise<DisabledMark | null> {
    return this.disabled.userDisabled(userId);
  }

  async listDisabledUsers(): Promise<(DisabledMark & { userId: string })[]> {
    return this.disabled.listDisabledUsers();
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
}
