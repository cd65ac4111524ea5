import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssetStatus, AuditEvent, CustodyEntry, Folder, IsoDateTime, Note, Transfer, Workstation } from '@rushes/shared';
import { parentOf } from '@rushes/shared';
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
  type FolderPatch,
  type Page,
  type TakeUpdate,
  type CustodyGeneration,
  type SearchScope,
  type TransferQuery,
} from '../ports';
import { WriteRefused, type Mutation } from './dynamo/feed';
import { moveFolderTree, resumeFolderMoves } from './dynamo/folderMove';
import { indexPage, pageLimit } from './dynamo/indexPage';
import { holdsWords, passesFilters } from './dynamo/search';
import { KeyClaims } from './dynamo/keyClaims';
import { FeedPump } from './dynamo/pump';
import { DynamoNoteTables } from './dynamo/notes';
import {
  CHANGE_PK,
  assetFields,
  assetKey,
  keyLockKey,
  listPk,
  statusPk,
  padNumber,
  toAsset,
  changesOfItem,
  toFolder,
} from './dynamo/records';
import { LISTING_INDEXES, STATUS_INDEX } from './dynamo/schema';
import { DynamoAuditTables } from './dynamo/audit';
import { CatalogTable } from './dynamo/table';
import { DynamoTransferTables, transferListKeys } from './dynamo/transfers';
import { DynamoCustodyTables } from './dynamo/custody';
import {
  deleteAsset,
  deleteFolder,
  folderExists,
  lockKey,
  putNewAsset,
  putNewFolder,
  replaceAsset,
  replaceFolder,
  unlockKey,
} from './dynamo/writes';

export { createCatalogTables, CATALOG_INDEXES, CATALOG_KEYS } from './dynamo/schema';

const MAX_ASSET_PAGE = 500;
const MAX_TRANSFER_PAGE = 200;
const RETRIES = 10;

export interface DynamoCatalogOptions {
  /** Stays the caller's: close() leaves it open. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Stamps the changes of removals, whose port methods take no time. */
  readonly clock?: Clock;
  /** The table's stream (the change feed is numbered from it); looked up when not given. */
  readonly streamArn?: string;
  /**
   * Number what the stream holds before answering a read of the feed, so a reader sees its
   * own writes (default). The cloud API passes false: there the stream's Lambda numbers.
   */
  readonly pumpOnRead?: boolean;
}

/**
 * The catalog in one DynamoDB table (layout in dynamo/schema.ts). Record reads and the
 * change feed are strongly consistent; folder listings by sort order and `listAssetsUnder`
 * read global secondary indexes, which DynamoDB updates within a second or so.
 */
export class DynamoCatalog implements Catalog {
  private readonly table: CatalogTable;
  private readonly clock: Clock;
  private readonly transfers: DynamoTransferTables;
  private readonly notes: DynamoNoteTables;
  private readonly custody: DynamoCustodyTables;
  private readonly audit: DynamoAuditTables;
  private readonly pump: FeedPump;
  private readonly keyClaims: KeyClaims;
  private readonly pumpOnRead: boolean;

  constructor(options: DynamoCatalogOptions) {
    const doc = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = new CatalogTable(doc, options.tableName);
    this.pump = new FeedPump(doc, options.client, options.tableName, options.streamArn);
    this.keyClaims = new KeyClaims(this.table, () => this.clock.now().getTime());
    this.pumpOnRead = options.pumpOnRead ?? true;
    this.clock = options.clock ?? systemClock;
    this.transfers = new DynamoTransferTables(this.table);
    this.notes = new DynamoNoteTables(this.table);
    this.custody = new DynamoCustodyTables(this.table);
    this.audit = new DynamoAuditTables(this.table);
  }

  // Folders ------------------------------------------------------------------------------

  getFolder(path: string): Promise<CatalogFolder | null> {
    return this.table.getFolder(path);
  }

  async createFolder(folder: Folder): Promise<CatalogFolder> {
    const created: CatalogFolder = { ...folder, aclGroups: [...folder.aclGroups], trash: null };
    const parent = parentOrThrow(folder.path);
    const writes = [putNewFolder(this.table.name, created)];
    if (parent !== '') writes.push(folderExists(this.table.name, parent));
    try {
      await this.table.feed.commit({
        writes,
        changes: [{ kind: 'folder.put', folderPath: parent, target: folder.path, at: folder.modifiedAt }],
      });
    } catch (error) {
      if (error instanceof WriteRefused && error.index === 0) throw new CatalogConflict(`A folder ${folder.path} already exists.`);
      if (error instanceof WriteRefused) throw new CatalogNotFound(`There is no folder ${parent}.`);
      throw error;
    }
    return created;
  }

  async updateFolder(path: string, patch: FolderPatch, at: IsoDateTime): Promise<CatalogFolder> {
    for (let attempt = 1; ; attempt += 1) {
      const item = await this.table.getFolderItem(path);
      if (!item) throw new CatalogNotFound(`There is no folder ${path}.`);
      const { look: before, ...current } = toFolder(item);
      const look = patch.look === undefined ? before : patch.look;
      const updated: CatalogFolder = {
        ...current,
        aclGroups: patch.aclGroups ? [...patch.aclGroups] : current.aclGroups,
        trash: patch.trash === undefined ? current.trash : patch.trash,
        ...(look ? { look } : {}),
        modifiedAt: at,
      };
      try {
        await this.table.feed.commit({
          writes: [replaceFolder(this.table.name, updated, item['revision'] as number)],
          changes: [{ kind: 'folder.put', folderPath: parentOf(path) ?? '', target: path, at }],
        });
        return updated;
      } catch (error) {
        // Changed meanwhile: the patch applies to whatever is there now.
        if (!(error instanceof WriteRefused) || attempt >= RETRIES) throw error;
      }
    }
  }

  async listFolders(parentPath: string, options: { includeTrashed?: boolean } = {}): Promise<CatalogFolder[]> {
    const folders = await this.table.childFolders(parentPath);
    return options.includeTrashed ? folders : folders.filter((folder) => folder.trash === null);
  }

  moveFolder(fromPath: string, toPath: string, at: IsoDateTime): Promise<void> {
    return moveFolderTree(this.table, fromPath, toPath, at);
  }

  /** Finishes folder moves that a crash interrupted (see dynamo/folderMove.ts). */
  resumeFolderMoves(): Promise<number> {
    return resumeFolderMoves(this.table);
  }

  async removeFolderTree(path: string): Promise<void> {
    if (path === '') throw new Error('The root folder has no record to remove');
    parentOrThrow(path);
    if (!(await this.table.getFolder(path))) throw new CatalogNotFound(`Folder ${path} does not exist`);
    const folders = (await this.table.folderTree(path)).reverse(); // children first
    const at = this.now();
    await this.table.feed.commitAll(
      folders.map((folder) => ({
        writes: [deleteFolder(this.table.name, folder.path)],
        changes: [{ kind: 'folder.removed', folderPath: parentOf(folder.path) ?? '', target: folder.path, at }],
      })),
    );
  }

  // Assets -------------------------------------------------------------------------------

  async getAsset(id: string): Promise<CatalogAsset | null> {
    const item = await this.table.getAssetItem(id);
    return item ? toAsset(item) : null;
  }

  async getAssets(ids: readonly string[]): Promise<CatalogAsset[]> {
    const items = await this.table.getMany([...new Set(ids)].map(assetKey));
    return items.map(toAsset);
  }

  async getAssetByKey(key: string): Promise<CatalogAsset | null> {
    const lock = await this.table.get(keyLockKey(key));
    if (!lock) return null;
    const asset = await this.getAsset(lock['assetId'] as string);
    // Lock and asset are written together, but two reads can straddle a rename.
    return asset?.key === key ? asset : null;
  }

  /**
   * Claims the key, then puts the asset with its change: two single-item writes instead of
   * one transaction of both, which costs twice as much in DynamoDB (and in DynamoDB Local,
   * three times the time). Until the asset is there, the claim only says "being added"; a
   * claim whose asset never came (the writer died between the two) is taken over once it is
   * older than any writer lives (dynamo/keyClaims.ts).
   */
  async createAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    if (asset.version !== 1) throw new Error(`A new asset has version 1, not ${asset.version} (${asset.key})`);
    await this.keyClaims.claim(asset.key, asset.id);
    try {
      await this.table.feed.commit({
        writes: [putNewAsset(this.table.name, asset)],
        changes: [{ kind: 'asset.put', folderPath: asset.folderPath, target: asset.id, at: asset.modifiedAt }],
        assetDelta: 1,
      });
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      // The id is taken: the key stays claimed only if it is that asset's own.
      const holder = await this.table.getAssetItem(asset.id);
      if (!holder || toAsset(holder).key !== asset.key) await this.keyClaims.release(asset.key, asset.id);
      throw new CatalogConflict(`An asset ${asset.id} already exists.`);
    }
    return assetFields(asset);
  }

  async updateAsset(asset: CatalogAsset): Promise<CatalogAsset> {
    const item = await this.table.getAssetItem(asset.id);
    if (!item) throw new CatalogNotFound(`There is no asset ${asset.id}.`);
    const current = toAsset(item);
    const stale = () => new CatalogConflict(`Asset ${asset.id} changed meanwhile (version ${current.version}); read it again.`);
    if (current.version !== asset.version - 1) throw stale();
    const writes = [replaceAsset(this.table.name, asset, current.version)];
    if (current.key !== asset.key) {
      writes.push(unlockKey(this.table.name, current.key, asset.id), lockKey(this.table.name, asset.key, asset.id));
    }
    const mutation: Mutation = {
      writes,
      changes:
        current.folderPath === asset.folderPath
          ? [{ kind: 'asset.put', folderPath: asset.folderPath, target: asset.id, at: asset.modifiedAt }]
          : [
              { kind: 'asset.removed', folderPath: current.folderPath, target: asset.id, at: asset.modifiedAt },
              { kind: 'asset.put', folderPath: asset.folderPath, target: asset.id, at: asset.modifiedAt },
            ],
    };
    try {
      await this.table.feed.commit(mutation);
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      if (error.index === 2) throw new CatalogConflict(`${asset.key} already exists.`);
      if (!(await this.table.getAssetItem(asset.id))) throw new CatalogNotFound(`There is no asset ${asset.id}.`);
      throw stale();
    }
    return assetFields(asset);
  }

  async removeAsset(id: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const item = await this.table.getAssetItem(id);
      if (!item) throw new CatalogNotFound(`Asset ${id} does not exist`);
      const current = toAsset(item);
      try {
        await this.table.feed.commit({
          writes: [deleteAsset(this.table.name, id, current.version), unlockKey(this.table.name, current.key, id)],
          changes: [{ kind: 'asset.removed', folderPath: current.folderPath, target: id, at: this.now() }],
          assetDelta: -1,
        });
        await this.notes.removeAllNotes(id);
        return;
      } catch (error) {
        if (!(error instanceof WriteRefused) || attempt >= RETRIES) throw error;
      }
    }
  }

  async listAssets(query: AssetQuery): Promise<Page<CatalogAsset>> {
    const limit = pageLimit(query.limit, MAX_ASSET_PAGE);
    const index = LISTING_INDEXES[query.sort];
    const partition = listPk(query.folderPath, query.trashed ?? false);
    const scope = `assets:${index.indexName}:${query.direction}:${partition}`;
    const page = await indexPage(
      this.table,
      index,
      {
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': index.partitionKey },
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: query.direction === 'asc',
      },
      { limit, scope, cursor: query.cursor },
    );
    return { items: page.items.map(toAsset), nextCursor: page.nextCursor };
  }

  async *listAssetsUnder(prefix: string, options: { includeTrashed?: boolean } = {}): AsyncIterable<CatalogAsset> {
    for await (const asset of this.table.assetsUnder(prefix)) {
      if (options.includeTrashed || asset.trash === null) yield asset;
    }
  }

  assetsAfterKey(after: string, limit: number): Promise<CatalogAsset[]> {
    return this.table.assetsAfterKey(after, limit);
  }

  /** DynamoDB has no word index: this walks the scope, which is why the cloud's search is the desktop cache's job. */
  async *searchAssets(scope: SearchScope): AsyncIterable<CatalogAsset> {
    for await (const asset of this.listAssetsUnder(scope.folder)) {
      if (holdsWords(asset, scope.words) && passesFilters(asset, scope)) yield asset;
    }
  }

  async assetsByStatus(status: AssetStatus, cursor: string | null, limit: number): Promise<Page<CatalogAsset>> {
    const scope = `assets:${STATUS_INDEX.indexName}:${status}`;
    const page = await indexPage(
      this.table,
      STATUS_INDEX,
      {
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': STATUS_INDEX.partitionKey },
        ExpressionAttributeValues: { ':p': statusPk(status) },
      },
      { limit: pageLimit(limit, MAX_ASSET_PAGE), scope, cursor },
    );
    return { items: page.items.map(toAsset), nextCursor: page.nextCursor };
  }

  async countAssets(): Promise<number> {
    await this.pumpForRead();
    return (await this.pump.readCounter()).assets;
  }

  // Notes and takes (dynamo/notes.ts) ---------------------------------------------------

  listNotes(assetId: string): Promise<Note[]> {
    return this.notes.listNotes(assetId);
  }

  notesOf(assetIds: readonly string[]): Promise<Note[]> {
    return this.notes.notesOf(assetIds);
  }

  getNote(id: string): Promise<Note | null> {
    return this.notes.getNote(id);
  }

  addNote(note: Note): Promise<CatalogAsset> {
    return this.notes.addNote(note);
  }

  updateNote(note: Note, at: IsoDateTime): Promise<CatalogAsset> {
    return this.notes.updateNote(note, at);
  }

  removeNote(id: string, version: number, at: IsoDateTime): Promise<{ removed: Note[]; asset: CatalogAsset }> {
    return this.notes.removeNote(id, version, at);
  }

  setTakes(changes: readonly TakeUpdate[], by: string, at: IsoDateTime): Promise<{ before: CatalogAsset; after: CatalogAsset }[]> {
    return this.notes.setTakes(changes, by, at);
  }

  // Change feed --------------------------------------------------------------------------

  /** Numbers the changes the table's stream holds (dynamo/pump.ts); resolves with how many. */
  pumpFeed(): Promise<number> {
    return this.pump.pump();
  }

  /**
   * Changes after `since`, oldest first, each once: runs are read from the first whose last
   * number is above `since`, and the answer stops at a gap (a run whose transaction a
   * read-committed query saw only part of), to go on from there next time.
   */
  async changesSince(since: number, limit: number): Promise<Change[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive whole number, not ${limit}`);
    await this.pumpForRead();
    const changes: Change[] = [];
    const items = this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk > :since',
      ExpressionAttributeValues: { ':pk': CHANGE_PK, ':since': padNumber(since) },
      ConsistentRead: true,
      Limit: Math.min(limit, 20),
    });
    let next = since + 1;
    for await (const item of items) {
      for (const change of changesOfItem(item)) {
        if (change.seq < next) continue;
        if (change.seq > next) return changes;
        changes.push(change);
        next += 1;
        if (changes.length >= limit) return changes;
      }
    }
    return changes;
  }

  async latestChange(): Promise<number> {
    await this.pumpForRead();
    return (await this.pump.readCounter()).seq;
  }

  private async pumpForRead(): Promise<void> {
    if (this.pumpOnRead) await this.pump.pump();
  }

  // Audit and disabled users (dynamo/audit.ts) -----------------------------------------

  appendAudit(event: AuditEvent): Promise<void> {
    return this.audit.append(event);
  }

  listAudit(query: AuditQuery): Promise<Page<AuditEvent>> {
    return this.audit.list(query);
  }

  setUserDisabled(userId: string, mark: DisabledMark | null): Promise<void> {
    return this.audit.setUserDisabled(userId, mark);
  }

  userDisabled(userId: string): Promise<DisabledMark | null> {
    return this.audit.userDisabled(userId);
  }

  listDisabledUsers(): Promise<(DisabledMark & { userId: string })[]> {
    return this.audit.listDisabledUsers();
  }

  // Chain of custody (dynamo/custody.ts) --------------------------------------------------

  addCustodyGenerations(generations: readonly CustodyGeneration[], entries: readonly CustodyEntry[]): Promise<void> {
    return this.custody.addGenerations(generations, entries);
  }

  listCustodyGenerations(rootPath: string): Promise<CustodyGeneration[]> {
    return this.custody.listGenerations(rootPath);
  }

  listAssetCustody(assetId: string): Promise<CustodyEntry[]> {
    return this.custody.listAssetEntries(assetId);
  }

  // Workstations and transfer jobs (dynamo/transfers.ts) ---------------------------------

  listWorkstations(): Promise<Workstation[]> {
    return this.transfers.listWorkstations();
  }

  getWorkstation(id: string): Promise<Workstation | null> {
    return this.transfers.getWorkstation(id);
  }

  createWorkstation(workstation: Workstation): Promise<Workstation> {
    return this.transfers.putWorkstation(workstation, 'new');
  }

  updateWorkstation(workstation: Workstation): Promise<Workstation> {
    return this.transfers.putWorkstation(workstation, 'existing');
  }

  removeWorkstation(id: string): Promise<void> {
    return this.transfers.removeWorkstation(id);
  }

  createTransfer(transfer: Transfer): Promise<Transfer> {
    return this.transfers.createTransfer(transfer);
  }

  getTransfer(id: string): Promise<Transfer | null> {
    return this.transfers.getTransfer(id);
  }

  updateTransfer(transfer: Transfer): Promise<Transfer> {
    return this.transfers.updateTransfer(transfer);
  }

  async listTransfers(query: TransferQuery): Promise<Page<Transfer>> {
    const limit = pageLimit(query.limit, MAX_TRANSFER_PAGE);
    const { index, partition } = transferListKeys(query.requestedById);
    const scope = `transfers:${partition}`;
    const page = await indexPage(
      this.table,
      index,
      {
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': index.partitionKey },
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
      },
      { limit, scope, cursor: query.cursor },
    );
    const jobs = await Promise.all(page.items.map((item) => this.transfers.withFiles(item)));
    return {
      items: jobs.filter((job): job is Transfer => job !== null),
      nextCursor: page.nextCursor,
    };
  }

  listUnfinishedTransfers(): Promise<Transfer[]> {
    return this.transfers.listUnfinished();
  }

  private now(): IsoDateTime {
    return this.clock.now().toISOString();
  }

  async close(): Promise<void> {
    // The DynamoDB client belongs to whoever made this catalog; the stream client is ours.
    this.pump.close();
  }
}

function parentOrThrow(path: string): string {
  const parent = path.endsWith('/') ? parentOf(path) : null;
  if (parent === null) throw new Error(`"${path}" is not a folder path (like "Show/Day/")`);
  return parent;
}
