// How catalog records are laid out as DynamoDB items (see schema.ts for the table), and back.
import type { AssetStatus, AuditEvent, FolderLook } from '@rushes/shared';
import { basename, extensionOf, hasAnnotations, hasReview, parentOf } from '@rushes/shared';
import type { AssetSortField, CatalogAsset, CatalogFolder, Change, TrashMark } from '../../ports';
import { AUDIT_BY_ACTOR_INDEX, AUDIT_INDEX, LISTING_INDEXES, STATUS_INDEX, TREE_INDEX } from './schema';

export type Item = Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };

export const COUNTER_KEY: ItemKey = { pk: 'counter', sk: 'changes' };
export const CHANGE_PK = 'change';
export const AUDIT_PK = 'audit';
export const MOVE_PK = 'move';
export const DISABLED_USERS_PK = 'disabledUser';

/** Sequence numbers and sizes as sort keys: fixed width, so string order is number order. */
const DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

export function padNumber(value: number): string {
  return String(Math.max(0, Math.trunc(value))).padStart(DIGITS, '0');
}

// Below every character a name or a time may hold (names.ts refuses control characters).
const TIE = '\u0001';

export const folderKey = (path: string): ItemKey => ({ pk: `folder#${parentOf(path) ?? ''}`, sk: basename(path) });
export const folderChildrenPk = (parentPath: string): string => `folder#${parentPath}`;
export const assetKey = (id: string): ItemKey => ({ pk: `asset#${id}`, sk: 'asset' });
export const keyLockKey = (key: string): ItemKey => ({ pk: `key#${key}`, sk: 'key' });
export const changeKey = (seq: number): ItemKey => ({ pk: CHANGE_PK, sk: padNumber(seq) });
export const moveKey = (fromPath: string): ItemKey => ({ pk: MOVE_PK, sk: fromPath });
export const disabledUserKey = (userId: string): ItemKey => ({ pk: DISABLED_USERS_PK, sk: userId });
export const auditKey = (id: string): ItemKey => ({ pk: `audit#${id}`, sk: 'audit' });
/** Newest first is this, descending: the time, then the id for events in the same millisecond. */
export const auditSk = (event: Pick<AuditEvent, 'at' | 'id'>): string => `${event.at}${TIE}${event.id}`;
export const actorPk = (actor: string): string => `actor#${actor}`;
export const statusPk = (status: AssetStatus): string => `status#${status}`;
export const listPk = (folderPath: string, trashed: boolean): string => `${trashed ? 'trash' : 'live'}#${folderPath}`;

/**
 * Every asset is in one tree index partition, ordered by key. Every change already passes
 * through the one pending partition and the one change partition (feed.ts), so one more
 * partition of the same size costs no throughput here.
 */
export const TREE_PK = 'tree';

// Folders -------------------------------------------------------------------------------

export function folderItem(folder: CatalogFolder, revision: number): Item {
  return {
    ...folderKey(folder.path),
    entity: 'folder',
    path: folder.path,
    name: folder.name,
    aclGroups: [...folder.aclGroups],
    createdBy: folder.createdBy,
    createdAt: folder.createdAt,
    modifiedAt: folder.modifiedAt,
    trash: trashOf(folder.trash),
    ...(folder.look ? { look: folder.look } : {}),
    // Folders have no version in the domain; this guards read-modify-write of a folder.
    revision,
  };
}

export function toFolder(item: Item): CatalogFolder {
  return {
    path: item['path'] as string,
    name: item['name'] as string,
    aclGroups: item['aclGroups'] as string[],
    createdBy: item['createdBy'] as string,
    createdAt: item['createdAt'] as string,
    modifiedAt: item['modifiedAt'] as string,
    trash: trashOf(item['trash'] as TrashMark | null),
    ...(item['look'] ? { look: item['look'] as FolderLook } : {}),
  };
}

// Assets --------------------------------------------------------------------------------

export function assetItem(asset: CatalogAsset): Item {
  const trashed = asset.trash !== null;
  const sortKeys: Record<string, string> = {};
  for (const field of Object.keys(LISTING_INDEXES) as AssetSortField[]) {
    sortKeys[LISTING_INDEXES[field].sortKey] = sortValue(asset, field);
  }
  return {
    ...assetKey(asset.id),
    entity: 'asset',
    ...assetFields(asset),
    [LISTING_INDEXES.name.partitionKey]: listPk(asset.folderPath, trashed),
    ...sortKeys,
    [TREE_INDEX.partitionKey]: TREE_PK,
    [TREE_INDEX.sortKey]: asset.key,
    [STATUS_INDEX.partitionKey]: statusPk(asset.status),
    [STATUS_INDEX.sortKey]: asset.id,
  };
}

export function toAsset(item: Item): CatalogAsset {
  return assetFields(item as unknown as CatalogAsset);
}

/** Only the domain's fields, whatever else the object carries. */
export function assetFields(asset: CatalogAsset): CatalogAsset {
  return {
    id: asset.id,
    key: asset.key,
    folderPath: asset.folderPath,
    name: asset.name,
    size: asset.size,
    checksum: asset.checksum,
    kind: asset.kind,
    status: asset.status,
    failureReason: asset.failureReason,
    locations: asset.locations,
    technical: asset.technical,
    derived: asset.derived,
    createdBy: asset.createdBy,
    createdAt: asset.createdAt,
    modifiedAt: asset.modifiedAt,
    version: asset.version,
    trash: trashOf(asset.trash),
    ...(asset.annotations && hasAnnotations(asset)
      ? { annotations: { tags: [...asset.annotations.tags], notes: asset.annotations.notes } }
      : {}),
    ...(hasReview(asset.review) ? { review: { ...asset.review } } : {}),
    ...(asset.production ? { production: asset.production } : {}),
    ...(asset.graded ? { graded: asset.graded } : {}),
    ...(asset.custody === 'mismatch' ? { custody: 'mismatch' as const } : {}),
  };
}

function trashOf(trash: TrashMark | null | undefined): TrashMark | null {
  return trash ? { trashedAt: trash.trashedAt, trashedBy: trash.trashedBy } : null;
}

/**
 * The listing index sort key of `asset` for `field`: the field, then the id (for `type`, the
 * extension, the name, then the id), joined by a character below any that a name or a time
 * holds, so string order is the order of those tuples (as in the SQLite adapter).
 */
export function sortValue(asset: CatalogAsset, field: AssetSortField): string {
  switch (field) {
    case 'name':
      return tuple(asset.name, asset.id);
    case 'created':
      return tuple(asset.createdAt, asset.id);
    case 'modified':
      return tuple(asset.modifiedAt, asset.id);
    case 'size':
      return tuple(padNumber(asset.size), asset.id);
    case 'type':
      return tuple(extensionOf(asset.name), asset.name, asset.id);
  }
}

function tuple(...parts: string[]): string {
  return parts.join(TIE);
}

// Change feed and audit -----------------------------------------------------------------

export type NewChange = Omit<Change, 'seq'>;

/** What a mutation changed, carried by an item it writes until the pump numbers it (feed.ts). */
export interface FeedPayload {
  /** New for each commit: a later write of the same item without a new token is not news. */
  readonly token: string;
  readonly changes: readonly NewChange[];
  /** +1 for each asset record created, −1 for each removed. */
  readonly assetDelta: number;
}

/** The attribute an item carries its commit's changes in. */
export const FEED_ATTRIBUTE = 'feed';
/** A mutation that puts no item carries its changes in a note of its own. */
export const FEED_NOTE_PK = 'feednote';
/** The catalog table's time-to-live attribute (epoch seconds): feed notes expire. */
export const EXPIRES_AT = 'expiresAt';
/** How long a feed note is kept: the stream keeps records for a day. */
const FEED_NOTE_SECONDS = 2 * 24 * 60 * 60;

export function feedNoteItem(payload: FeedPayload, nowMs: number): Item {
  return {
    pk: FEED_NOTE_PK,
    sk: payload.token,
    entity: 'feedNote',
    [FEED_ATTRIBUTE]: payload,
    [EXPIRES_AT]: Math.floor(nowMs / 1000) + FEED_NOTE_SECONDS,
  };
}

/**
 * Numbered changes `first … last`, in the order they were numbered: one item for a run, so
 * numbering a hundred changes costs one write. Keyed by its last number, so the first run
 * whose key is above a reader's cursor holds the change after it.
 */
export function changeRunItem(changes: readonly Change[]): Item {
  const first = changes[0]!.seq;
  const last = changes.at(-1)!.seq;
  return { ...changeKey(last), entity: 'changes', first, last, changes: changes.map((change) => ({ ...change })) };
}

/** The changes of a run item, or of a change item written before runs (one change each). */
export function changesOfItem(item: Item): Change[] {
  if (Array.isArray(item['changes'])) return (item['changes'] as Item[]).map(toChange);
  return [toChange(item)];
}

function toChange(item: Item): Change {
  return {
    seq: item['seq'] as number,
    kind: item['kind'] as Change['kind'],
    folderPath: item['folderPath'] as string,
    target: item['target'] as string,
    at: item['at'] as string,
  };
}

export function auditItem(event: AuditEvent): Item {
  return {
    ...auditKey(event.id),
    [AUDIT_INDEX.partitionKey]: AUDIT_PK,
    [AUDIT_INDEX.sortKey]: auditSk(event),
    [AUDIT_BY_ACTOR_INDEX.partitionKey]: actorPk(event.actor),
    entity: 'audit',
    id: event.id,
    at: event.at,
    actor: event.actor,
    action: event.action,
    outcome: event.outcome,
    target: event.target,
    details: { ...event.details },
    // Absent rather than NULL: older items have no address either.
    ...(event.address === null ? {} : { address: event.address }),
  };
}

export function toAudit(item: Item): AuditEvent {
  return {
    id: item['id'] as string,
    at: item['at'] as string,
    actor: item['actor'] as string,
    action: item['action'] as AuditEvent['action'],
    outcome: item['outcome'] as AuditEvent['outcome'],
    target: item['target'] as string,
    details: item['details'] as AuditEvent['details'],
    address: (item['address'] as string | undefined) ?? null,
  };
}

export function toDisabledMark(item: Item): { email: string; disabledAt: string; disabledBy: string } {
  return { email: item['email'] as string, disabledAt: item['disabledAt'] as string, disabledBy: item['disabledBy'] as string };
}
