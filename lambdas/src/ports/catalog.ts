import type {
  Asset,
  AssetStatus,
  AuditAction,
  AuditEvent,
  AuditOutcome,
  CustodyEntry,
  CustodyHop,
  Folder,
  FolderLook,
  IsoDateTime,
  MediaKind,
  Note,
  NumberRange,
  ProductionTerms,
  ReviewStatus,
  Transfer,
  Workstation,
} from '@rushes/shared';

/**
 * The catalog: folders, assets, the change feed and the audit log. SQLite in local mode,
 * DynamoDB in the cloud; both pass one contract suite (lambdas/test/catalogContract.ts).
 *
 * Conventions (names.ts): a key is `Show/Day/clip.mov`; a folder path ends with `/`
 * (`Show/Day/`); the root is `` and has no record. Times are ISO strings in UTC.
 *
 * Every mutation appends to the change feed in the same transaction as the change itself,
 * so a reader who has seen change N has seen every change before it. Sequence numbers grow
 * strictly; gaps are allowed, reordering is not.
 *
 * The catalog enforces no permissions: the use cases do. It does enforce integrity: a
 * create over an existing record, or an update with a stale `version`, throws
 * `CatalogConflict`; an update or removal of something missing, or a create under a
 * missing parent, throws `CatalogNotFound`. Names sort by code point (as DynamoDB and
 * SQLite compare text); every sort ends with the asset id. The contract suite
 * (lambdas/test/catalogContract.ts) pins the rest.
 */
export interface Catalog {
  // Folders ------------------------------------------------------------------------------
  getFolder(path: string): Promise<CatalogFolder | null>;
  /** Creates one folder. Its parent must exist (or be the root). */
  createFolder(folder: Folder): Promise<CatalogFolder>;
  /** Changes a folder's ACL, trash state or look; bumps modifiedAt to `at`. */
  updateFolder(path: string, patch: FolderPatch, at: IsoDateTime): Promise<CatalogFolder>;
  /** The direct sub-folders of `parentPath`, by name; trashed ones only when asked. */
  listFolders(parentPath: string, options?: { includeTrashed?: boolean }): Promise<CatalogFolder[]>;
  /**
   * Renames or moves a folder with everything below it: folder paths, asset keys and
   * folder paths are rewritten from `fromPath` to `toPath` (both folder paths). The target
   * must not exist (no folder record, no asset key under it) and must not be inside the
   * source. Every moved asset's version goes up by one and every moved record's modifiedAt
   * becomes `at`, so an update prepared before the move cannot silently undo it. Each
   * changed record gets a change.
   */
  moveFolder(fromPath: string, toPath: string, at: IsoDateTime): Promise<void>;
  /** Removes folder records (not assets) at and below `path`: for purge. */
  removeFolderTree(path: string): Promise<void>;

  // Assets -------------------------------------------------------------------------------
  getAsset(id: string): Promise<CatalogAsset | null>;
  /** The assets of these ids that exist (at most 500 ids), in no set order; missing ids are left out. */
  getAssets(ids: readonly string[]): Promise<CatalogAsset[]>;
  getAssetByKey(key: string): Promise<CatalogAsset | null>;
  /** Creates an asset (its key must be free; version must be 1). */
  createAsset(asset: CatalogAsset): Promise<CatalogAsset>;
  /**
   * Replaces an asset if its stored version is `asset.version - 1` (optimistic concurrency):
   * callers read, change, bump the version by one, and write. A key change must not
   * collide with another asset's key.
   */
  updateAsset(asset: CatalogAsset): Promise<CatalogAsset>;
  /** Deletes the record (purge, or the object was deleted elsewhere). */
  removeAsset(id: string): Promise<void>;
  /** One page of the assets directly in a folder, never those in sub-folders. */
  listAssets(query: AssetQuery): Promise<Page<CatalogAsset>>;
  /** Every asset whose key starts with `prefix` (a folder path, or `` for all), for sync and tree operations. */
  listAssetsUnder(prefix: string, options?: { includeTrashed?: boolean }): AsyncIterable<CatalogAsset>;
  /**
   * Up to `limit` asset records, trashed included, whose keys sort after `after` (`` for the
   * first), in key order: the storage reconcile walks the catalog beside the bucket with it.
   */
  assetsAfterKey(after: string, limit: number): Promise<CatalogAsset[]>;
  /**
   * The live (untrashed) assets under `scope.folder` whose name, folder path or details
   * (shared `searchText`) hold a word starting with each of `scope.words`, and whose camera and
   * sound report fields answer `scope.production` (shared `matchesProduction`), in no set order:
   * read through an index where the catalog has one, so a caller that has enough stops early.
   */
  searchAssets(scope: SearchScope): AsyncIterable<CatalogAsset>;
  /**
   * One page of the assets in a status, trashed included, by id: work to find (`processing`)
   * without reading every asset. `cursor` is the previous page's `nextCursor`, null at first.
   */
  assetsByStatus(status: AssetStatus, cursor: string | null, limit: number): Promise<Page<CatalogAsset>>;
  /** How many asset records there are, trashed included: storage and catalog must agree. */
  countAssets(): Promise<number>;

  // Notes and takes (the review loop) ----------------------------------------------------
  /**
   * An asset's notes, replies included, by frame, then creation, then id. A note and its
   * asset change together: every note write below also rewrites the asset's
   * `review.noteCount` / `openNoteCount` (open = unresolved top-level notes), bumps its
   * version and sets its modifiedAt, in one transaction, so the change feed's `asset.put`
   * tells every follower. A write based on a stale note version throws CatalogConflict.
   */
  listNotes(assetId: string): Promise<Note[]>;
  /** The notes of these assets (at most 500 ids), each asset's in listNotes order, assets in no set order. */
  notesOf(assetIds: readonly string[]): Promise<Note[]>;
  getNote(id: string): Promise<Note | null>;
  /**
   * Adds a note (version 1) to its asset; a reply's parent must be a top-level note of the
   * same asset (CatalogNotFound otherwise). The asset's modifiedAt becomes `note.createdAt`.
   */
  addNote(note: Note): Promise<CatalogAsset>;
  /** Replaces a note if its stored version is `note.version - 1`; its asset, parent and createdAt stay. */
  updateNote(note: Note, at: IsoDateTime): Promise<CatalogAsset>;
  /** Removes a note at `version` and, for a top-level note, its replies; answers what went. */
  removeNote(id: string, version: number, at: IsoDateTime): Promise<{ removed: Note[]; asset: CatalogAsset }>;
  /**
   * Sets circled, rating and status of up to 500 assets (fields left out keep their value),
   * with who and when; each asset's version goes up by one. Every asset must exist
   * (CatalogNotFound otherwise, and nothing changes). Answers each asset before and after.
   */
  setTakes(changes: readonly TakeUpdate[], by: string, at: IsoDateTime): Promise<{ before: CatalogAsset; after: CatalogAsset }[]>;

  // Change feed --------------------------------------------------------------------------
  /** Changes after `since`, oldest first, at most `limit`. */
  changesSince(since: number, limit: number): Promise<Change[]>;
  /** The newest sequence number (0 before any change). */
  latestChange(): Promise<number>;

  // Audit --------------------------------------------------------------------------------
  appendAudit(event: AuditEvent): Promise<void>;
  /** Newest first. The log is append-only: no method changes or removes an event. */
  listAudit(query: AuditQuery): Promise<Page<AuditEvent>>;

  // Disabled users -----------------------------------------------------------------------
  /**
   * Marks a user disabled, or enabled again with null. The API refuses a disabled user's
   * tokens on every request, whatever the directory says (cognito-local signs them in).
   */
  setUserDisabled(userId: string, mark: DisabledMark | null): Promise<void>;
  /** The mark while the user is disabled, else null. */
  userDisabled(userId: string): Promise<DisabledMark | null>;
  /** Every disabled user's id and mark. */
  listDisabledUsers(): Promise<(DisabledMark & { readonly userId: string })[]>;

  // Workstations and transfer jobs ----------------------------------------------
  /** Every workstation, by name (then id). */
  listWorkstations(): Promise<Workstation[]>;
  getWorkstation(id: string): Promise<Workstation | null>;
  /** Creates one; an existing id conflicts. */
  createWorkstation(workstation: Workstation): Promise<Workstation>;
  /** Replaces one that exists. */
  updateWorkstation(workstation: Workstation): Promise<Workstation>;
  removeWorkstation(id: string): Promise<void>;

  /** Stores a new job with its files (version must be 1; an existing id conflicts). */
  createTransfer(transfer: Transfer): Promise<Transfer>;
  getTransfer(id: string): Promise<Transfer | null>;
  /** Replaces a job if its stored version is `transfer.version - 1`, like updateAsset. */
  updateTransfer(transfer: Transfer): Promise<Transfer>;
  /** Newest first (createdAt, then id, descending): one requester's jobs, or everyone's. */
  listTransfers(query: TransferQuery): Promise<Page<Transfer>>;
  /** Every job still `queued` or `running`, soonest deadline first: for the timeout sweep and crash recovery. */
  listUnfinishedTransfers(): Promise<Transfer[]>;

  // Chain of custody ---------------------------------------------------------------------
  /**
   * Records MHL generations of one folder (an offload tool's, imported once, and Rushes' own)
   * with the per-asset entries they make. A (rootPath, sequence) that is already taken throws
   * CatalogConflict and records nothing: this is how two uploads finishing together get
   * different generation numbers (the loser reads the history again and takes the next).
   */
  addCustodyGenerations(generations: readonly CustodyGeneration[], entries: readonly CustodyEntry[]): Promise<void>;
  /** A folder's generations, by sequence. */
  listCustodyGenerations(rootPath: string): Promise<CustodyGeneration[]>;
  /** An asset's entries at every hop, by time then sequence. */
  listAssetCustody(assetId: string): Promise<CustodyEntry[]>;

  close(): Promise<void>;
}

/** One asset's new take marks; fields left out keep their value. */
export interface TakeUpdate {
  readonly id: string;
  readonly circled?: boolean;
  readonly rating?: number;
  readonly status?: ReviewStatus;
}

export interface TransferQuery {
  /** Only this requester's jobs (their directory id); absent for everyone's. */
  readonly requestedById?: string;
  /** 1 to 200. */
  readonly limit: number;
  readonly cursor: string | null;
}

/** Who disabled a user and when; the email is kept for people reading the record. */
export interface DisabledMark {
  readonly email: string;
  readonly disabledAt: IsoDateTime;
  readonly disabledBy: string;
}

/** When and by whom a record went to the trash; null while it is live. */
export interface TrashMark {
  readonly trashedAt: IsoDateTime;
  readonly trashedBy: string;
}

export interface CatalogFolder extends Folder {
  readonly trash: TrashMark | null;
  /** The folder's own look and burn-ins (lookApi.ts); absent or null when it sets none. Moves with the folder. */
  readonly look?: FolderLook | null;
}

export interface CatalogAsset extends Asset {
  readonly trash: TrashMark | null;
}

export interface FolderPatch {
  readonly aclGroups?: readonly string[];
  /** Set to move to the trash, null to restore; absent to leave as is. */
  readonly trash?: TrashMark | null;
  /** Set to give the folder its own look, null to remove it; absent to leave as is. */
  readonly look?: FolderLook | null;
}

export type AssetSortField = 'name' | 'created' | 'modified' | 'size' | 'type';

export interface AssetQuery {
  readonly folderPath: string;
  readonly sort: AssetSortField;
  readonly direction: 'asc' | 'desc';
  /** 1 to 500. */
  readonly limit: number;
  /** From the previous page's `nextCursor`; opaque to callers. */
  readonly cursor: string | null;
  /** Only trashed (for the trash view) or only live; default live. */
  readonly trashed?: boolean;
}

export interface SearchScope {
  /** A folder path, or `` for everything. */
  readonly folder: string;
  /** Lower-case word prefixes as shared `searchWords` splits them; none matches every asset. */
  readonly words: readonly string[];
  /** Only these kinds; empty or absent for any. */
  readonly kinds?: readonly MediaKind[];
  /** Only these statuses; empty or absent for any. */
  readonly statuses?: readonly AssetStatus[];
  /** Only pictures whose width falls in one of these ranges (resolution classes); empty or absent for any. */
  readonly widths?: readonly NumberRange[];
  /** Camera and sound report terms (`scene:12A`), read through an index where the catalog has one; absent for none. */
  readonly production?: ProductionTerms;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export type ChangeKind = 'folder.put' | 'folder.removed' | 'asset.put' | 'asset.removed';

/**
 * One entry of the change feed. `folderPath` is the folder the change is visible in (the
 * parent folder for a folder change), so readers can filter by what a user may read.
 * For a move, the old location gets a `removed` and the new one a `put`.
 */
export interface Change {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly folderPath: string;
  /** The folder path for folder changes, the asset id for asset changes. */
  readonly target: string;
  readonly at: IsoDateTime;
}

export interface AuditQuery {
  readonly limit: number;
  readonly cursor: string | null;
  readonly actor?: string;
  readonly action?: AuditAction;
  readonly outcome?: AuditOutcome;
  /** Events whose target starts with this (a folder path finds what happened inside it). */
  readonly targetPrefix?: string;
  readonly since?: IsoDateTime;
  readonly until?: IsoDateTime;
}

/** One generation of a folder's ASC MHL history, as `ascmhl_chain.xml` lists it. */
export interface CustodyGeneration {
  /** The folder the MHL covers (`Show/Day/A002R2EC/`). */
  readonly rootPath: string;
  readonly sequence: number;
  readonly manifestName: string;
  /** C4 id of the generation file's bytes. */
  readonly c4: string;
  readonly hop: CustodyHop;
  /** Who made it: a user's email, a workstation, or the offload tool's name. */
  readonly by: string;
  readonly createdAt: IsoDateTime;
  /** The transfer that copied the files, for a workstation hop. */
  readonly transferId: string | null;
}

export class CatalogConflict extends Error {
  override name = 'CatalogConflict';
}

export class CatalogNotFound extends Error {
  override name = 'CatalogNotFound';
}
