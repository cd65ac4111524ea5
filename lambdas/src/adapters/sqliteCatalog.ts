import Database from 'better-sqlite3';
import {
  basename,
  parentOf,
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
  CatalogConflict,
  CatalogNotFound,
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
import { SqliteFeed, type Changed, type Write } from './sqlite/feed';
import {
  MAX_PAGE_SIZE,
  assetPageSql,
  checkLimit,
  decodeAssetCursor,
  decodeStatusCursor,
  encodeStatusCursor,
  decodeAuditCursor,
  encodeAssetCursor,
  encodeAuditCursor,
  pageOf,
  prefixBound,
} from './sqlite/pages';
import {
  assetToRow,
  auditToRow,
  folderToRow,
  parentOfRow,
  rowToAsset,
  rowToAudit,
  rowToFolder,
  type AssetRow,
  type AuditRow,
  type FolderRow,
} from './sqlite/rows';
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

/** How many assets listAssetsUnder reads per query; the connection is free between batches. */
const UNDER_BATCH = 200;
const MAX_AUDIT_PAGE = 1000;

interface DisabledRow {
  user_id: string;
  email: string;
  disabled_at: string;
  disabled_by: string;
}

const ASSET_COLUMNS = [
  'id',
  'key',
  'folder_path',
  'name',
  'type_sort',
  'size',
  'checksum',
  'kind',
  'status',
  'failure_reason',
  'locations',
  'technical',
  'derived',
  'created_by',
  'created_at',
  'modified_at',
  'version',
  'trashed_at',
  'trashed_by',
  'annotations',
  'review',
  'production',
  'graded',
  'custody',
] as const;

/**
 * The catalog in one SQLite file (local mode). better-sqlite3 is synchronous: each method
 * runs to completion before the next starts, and each mutation is one immediate
 * transaction that includes its change-feed rows (sqlite/feed.ts).
 */
export class SqliteCatalog implements Catalog {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly sql: Statements;
  private readonly transfers: SqliteTransferTables;
  private readonly notes: SqliteNoteTables;
  private readonly custody: SqliteCustodyTables;
  private readonly search: SqliteSearch;
  private readonly pageStatement: (sql: string) => Database.Statement<unknown[], AssetRow>;
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
      this.transfers = new SqliteTransferTables(this.write, this.db);
      this.notes = new SqliteNoteTables(this.write, this.db, this.change);
      this.custody = new SqliteCustodyTables(this.write, this.db);
      this.search = new SqliteSearch(this.db);
      this.pageStatement = statementCache<AssetRow>(this.db);
      this.auditStatement = statementCache<AuditRow>(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  // Folders ------------------------------------------------------------------------------

  async getFolder(path: string): Promise<CatalogFolder | null> {
    const row = this.sql.folder.get(path);
    return row ? rowToFolder(row) : null;
  }

  async createFolder(folder: Folder): Promise<CatalogFolder> {
    const created: CatalogFolder = { ...folder, trash: null };
    const parent = parentOrThrow(folder.path);
    this.write(() => {
      if (parent !== '' && !this.sql.folder.get(parent)) {
        throw new CatalogNotFound(`Cannot create ${folder.path}: its parent folder ${parent} does not exist`);
      }
      if (this.sql.folder.get(folder.path)) throw new CatalogConflict(`Folder ${folder.path} already exists`);
      this.sql.insertFolder.run(folderToRow(created, parent));
      this.change('folder.put', parent, folder.path, folder.modifiedAt);
    });
    return created;
  }

  async updateFolder(path: string, patch: FolderPatch, at: IsoDateTime): Promise<CatalogFolder> {
    return this.write(() => {
      const row = this.sql.folder.get(path);
      if (!row) throw new CatalogNotFound(`Folder ${path} does not exist`);
      const current = rowToFolder(row);
      const { look: before, ...rest } = current;
      const look = patch.look === undefined ? before : patch.look;
      const updated: CatalogFolder = {
        ...rest,
        aclGroups: patch.aclGroups ?? current.aclGroups,
        trash: patch.trash === undefined ? current.trash : patch.trash,
        ...(look ? { look } : {}),
        modifiedAt: at,
      };
      this.sql.updateFolder.run(folderToRow(updated, parentOfRow(row)));
      this.change('folder.put', parentOfRow(row), path, at);
      return updated;
    });
  }

  async listFolders(parentPath: string, options: { includeTrashed?: boolean } = {}): Promise<CatalogFolder[]> {
    const rows = parentPath === '' ? this.sql.topFolders.all() : this.sql.childFolders.all(parentPath);
    return rows.filter((row) => options.includeTrashed === true || row.trashed_at === null).map(rowToFolder);
  }

  async moveFolder(fromPath: string, toPath: string, at: IsoDateTime): Promise<void> {
    const fromBound = prefixBound(fromPath);
    const toBound = prefixBound(toPath);
    const toParent = parentOrThrow(toPath);
    if (fromBound === null || toBound === null) throw new Error('The root folder cannot be moved, nor replaced');
    this.write(() => {
      if (!this.sql.folder.get(fromPath)) throw new CatalogNotFound(`Folder ${fromPath} does not exist`);
      if (toPath.startsWith(fromPath)) {
        throw new Error(`Cannot move ${fromPath} to ${toPath}: a folder cannot move into itself`);
      }
      if (this.sql.folder.get(toPath) || this.sql.firstAssetUnder.get(toPath, toBound)) {
        throw new CatalogConflict(`Cannot move ${fromPath} to ${toPath}: ${toPath} already exists`);
      }
      if (toParent !== '' && !this.sql.folder.get(toParent)) {
        throw new CatalogNotFound(`Cannot move ${fromPath} to ${toPath}: folder ${toParent} does not exist`);
      }
      const range = { from: fromPath, bound: fromBound, at };
      this.sql.folderRemovedChanges.run(range);
      this.sql.assetRemovedChanges.run(range);
      this.sql.moveFolders.run({ ...range, to: toPath, toParent: toParent === '' ? null : toParent, toName: basename(toPath) });
      this.sql.moveAssets.run({ ...range, to: toPath });
      const moved = { from: toPath, bound: toBound, at };
      this.sql.folderPutChanges.run(moved);
      this.sql.assetPutChanges.run(moved);
    });
  }

  async removeFolderTree(path: string): Promise<void> {
    const bound = prefixBound(path);
    if (bound === null) throw new Error('The root folder has no record to remove');
    this.write(() => {
      if (!this.sql.folder.get(path)) throw new CatalogNotFound(`Folder ${path} does not exist`);
      const range = { from: path, bound, at: this.now() };
      this.sql.folderRemovedChanges.run(range);
      this.sql.removeFolders.run(range);
    });
  }

  // Assets -------------------------------------------------------------------------------

  async getAsset(id: string): Promise<CatalogAsset | null> {
    const row = this.sql.asset.get(id);
    return row ? rowToAsset(row) : null;
  }

  async getAssets(ids: readonly string[]): Promise<CatalogAsset[]> {
    return this.sql.assetsById.all(JSON.stringify(ids)).map(rowToAsset);
  }

  async getAssetByKey(key: string): Promise<CatalogAsset | null> {
    const row = this.sql.assetByKey.get(key);
    return row ? rowToAsset(row) : null;
  }

  async createAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    if (asset.version !== 1) throw new Error(`A new asset has version 1, not ${asset.version} (${asset.key})`);
    this.write(() => {
      if (this.sql.asset.get(asset.id)) throw new CatalogConflict(`Asset ${asset.id} already exists`);
      if (this.sql.assetByKey.get(asset.key)) throw new CatalogConflict(`An asset already has the key ${asset.key}`);
      this.sql.insertAsset.run(assetToRow(asset));
      this.change('asset.put', asset.folderPath, asset.id, asset.modifiedAt);
    });
    return asset;
  }

  async updateAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    this.write(() => {
      const stored = this.sql.asset.get(asset.id);
      if (!stored) throw new CatalogNotFound(`Asset ${asset.id} does not exist`);
      if (stored.version !== asset.version - 1) {
        throw new CatalogConflict(
          `Asset ${asset.id} is at version ${stored.version}; an update to version ${asset.version} was based on an older copy`,
        );
      }
      const holder = this.sql.assetByKey.get(asset.key);
      if (holder && holder.id !== asset.id) throw new CatalogConflict(`An asset already has the key ${asset.key}`);
      this.sql.updateAsset.run(assetToRow(asset));
      if (stored.folder_path !== asset.folderPath) {
        this.change('asset.removed', stored.folder_path, asset.id, asset.modifiedAt);
      }
      this.change('asset.put', asset.folderPath, asset.id, asset.modifiedAt);
    });
    return asset;
  }

  async removeAsset(id: string): Promise<void> {
    this.write(() => {
      const stored = this.sql.asset.get(id);
      if (!stored) throw new CatalogNotFound(`Asset ${id} does not exist`);
      this.sql.removeAsset.run(id);
      this.change('asset.removed', stored.folder_path, id, this.now());
    });
  }

  async listAssets(query: AssetQuery): Promise<Page<CatalogAsset>> {
    checkLimit(query.limit, MAX_PAGE_SIZE);
    const after = query.cursor === null ? [] : decodeAssetCursor(query, query.cursor);
    const statement = this.pageStatement(assetPageSql(query.sort, query.direction, after.length > 0));
    const rows = statement.all(query.folderPath, query.trashed === true ? 1 : 0, ...after, query.limit + 1);
    return pageOf(rows, query.limit, rowToAsset, (last) => encodeAssetCursor(query, last));
  }

  // Reads in batches by key, so callers may change the catalog while they iterate.
  async *listAssetsUnder(prefix: string, options: { includeTrashed?: boolean } = {}): AsyncIterable<CatalogAsset> {
    const bound = prefixBound(prefix);
    const includeTrashed = options.includeTrashed === true ? 1 : 0;
    let after = prefix;
    for (;;) {
      const rows =
        bound === null
          ? this.sql.assetsAfter.all(after, includeTrashed, UNDER_BATCH)
          : this.sql.assetsUnderAfter.all(after, bound, includeTrashed, UNDER_BATCH);
      for (const row of rows) yield rowToAsset(row);
      const last = rows.at(-1);
      if (!last || rows.length < UNDER_BATCH) return;
      after = last.key;
    }
  }

  async assetsAfterKey(after: string, limit: number): Promise<CatalogAsset[]> {
    return this.sql.assetsAfter.all(after, 1, limit).map(rowToAsset);
  }

  searchAssets(scope: SearchScope): AsyncIterable<CatalogAsset> {
    return this.search.candidates(scope);
  }

  async assetsByStatus(status: AssetStatus, cursor: string | null, limit: number): Promise<Page<CatalogAsset>> {
    checkLimit(limit, MAX_PAGE_SIZE);
    const after = cursor === null ? '' : decodeStatusCursor(status, cursor);
    const rows = this.sql.assetsByStatus.all(status, after, limit + 1);
    return pageOf(rows, limit, rowToAsset, (last) => encodeStatusCursor(status, last.id));
  }

  async countAssets(): Promise<number> {
    return this.sql.countAssets.get() as number;
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

function parentOrThrow(path: string): string {
  const parent = path.endsWith('/') ? parentOf(path) : null;
  if (parent === null) throw new Error(`"${path}" is not a folder path (like "Show/Day/")`);
  return parent;
}

type Statements = ReturnType<typeof prepareAll>;

function prepareAll(db: Database.Database) {
  const assetValues = ASSET_COLUMNS.map((column) => `@${column}`).join(', ');
  const assetSet = ASSET_COLUMNS.filter((column) => column !== 'id')
    .map((column) => `${column} = @${column}`)
    .join(', ');
  // Rewrites a path under @from to the same path under @to. substr counts characters, as length does.
  const moved = (column: string) => `@to || substr(${column}, length(@from) + 1)`;
  return {
    folder: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE path = ?'),
    topFolders: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE parent_path IS NULL ORDER BY name'),
    childFolders: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE parent_path = ? ORDER BY name'),
    insertFolder: db.prepare(
      `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at, trashed_at, trashed_by, look)
       VALUES (@path, @parent_path, @name, @acl_groups, @created_by, @created_at, @modified_at, @trashed_at, @trashed_by, @look)`,
    ),
    updateFolder: db.prepare(
      `UPDATE folders SET acl_groups = @acl_groups, modified_at = @modified_at, trashed_at = @trashed_at, trashed_by = @trashed_by,
       look = @look WHERE path = @path`,
    ),
    // The moved folder takes its new parent and name; folders below keep their names, and
    // their parents move with them. Foreign keys are checked when the statement ends.
    moveFolders: db.prepare(
      `UPDATE folders SET
         path = ${moved('path')},
         parent_path = CASE WHEN path = @from THEN @toParent ELSE ${moved('parent_path')} END,
         name = CASE WHEN path = @from THEN @toName ELSE name END,
         modified_at = @at
       WHERE path >= @from AND path < @bound`,
    ),
    // A move changes every asset record below, so each gets a new version: an update based
    // on a copy read before the move is refused instead of silently undoing it.
    moveAssets: db.prepare(
      `UPDATE assets SET key = ${moved('key')}, folder_path = ${moved('folder_path')}, version = version + 1, modified_at = @at
       WHERE key >= @from AND key < @bound`,
    ),
    removeFolders: db.prepare('DELETE FROM folders WHERE path >= @from AND path < @bound'),
    folderRemovedChanges: db.prepare(
      `INSERT INTO changes (kind, folder_path, target, at)
       SELECT 'folder.removed', coalesce(parent_path, ''), path, @at FROM folders
       WHERE path >= @from AND path < @bound ORDER BY path`,
    ),
    folderPutChanges: db.prepare(
      `INSERT INTO changes (kind, folder_path, target, at)
       SELECT 'folder.put', coalesce(parent_path, ''), path, @at FROM folders
       WHERE path >= @from AND path < @bound ORDER BY path`,
    ),
    assetRemovedChanges: db.prepare(
      `INSERT INTO changes (kind, folder_path, target, at)
       SELECT 'asset.removed', folder_path, id, @at FROM assets WHERE key >= @from AND key < @bound ORDER BY key`,
    ),
    assetPutChanges: db.prepare(
      `INSERT INTO changes (kind, folder_path, target, at)
       SELECT 'asset.put', folder_path, id, @at FROM assets WHERE key >= @from AND key < @bound ORDER BY key`,
    ),
    asset: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE id = ?'),
    assetByKey: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE key = ?'),
    // One statement for any number of ids: the list travels as a JSON array.
    assetsById: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE id IN (SELECT value FROM json_each(?))'),
    firstAssetUnder: db.prepare('SELECT 1 FROM assets WHERE key >= ? AND key < ? LIMIT 1'),
    insertAsset: db.prepare(`INSERT INTO assets (${ASSET_COLUMNS.join(', ')}) VALUES (${assetValues})`),
    updateAsset: db.prepare(`UPDATE assets SET ${assetSet} WHERE id = @id`),
    removeAsset: db.prepare('DELETE FROM assets WHERE id = ?'),
    assetsUnderAfter: db.prepare<unknown[], AssetRow>(
      `SELECT * FROM assets WHERE key > ? AND key < ? AND (? OR in_trash = 0) ORDER BY key LIMIT ?`,
    ),
    assetsAfter: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE key > ? AND (? OR in_trash = 0) ORDER BY key LIMIT ?'),
    assetsByStatus: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE status = ? AND id > ? ORDER BY id LIMIT ?'),
    countAssets: db.prepare('SELECT count(*) FROM assets').pluck(),
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
