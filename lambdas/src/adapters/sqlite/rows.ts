import {
  extensionOf,
  hasAnnotations,
  hasReview,
  type AssetAnnotations,
  type AssetReview,
  type AuditEvent,
  type FolderLook,
  type GradedDerivatives,
  type ProductionMetadata,
} from '@rushes/shared';
import type { CatalogAsset, CatalogFolder, Change, TrashMark } from '../../ports';

// Rows as better-sqlite3 returns them, and the conversions to and from the port's records.
// JSON columns hold the nested parts (ACL, checksum, locations, technical metadata, derived
// keys, audit details); they are read back with JSON.parse and never queried inside.

export interface FolderRow {
  path: string;
  parent_path: string | null;
  name: string;
  acl_groups: string;
  created_by: string;
  created_at: string;
  modified_at: string;
  trashed_at: string | null;
  trashed_by: string | null;
  look: string | null;
}

export interface AssetRow {
  id: string;
  key: string;
  folder_path: string;
  name: string;
  type_sort: string;
  size: number;
  checksum: string | null;
  kind: string;
  status: string;
  failure_reason: string | null;
  locations: string;
  technical: string | null;
  derived: string;
  created_by: string;
  created_at: string;
  modified_at: string;
  version: number;
  trashed_at: string | null;
  trashed_by: string | null;
  annotations: string | null;
  review: string | null;
  production: string | null;
  graded: string | null;
  custody: string | null;
}

export interface ChangeRow {
  seq: number;
  kind: Change['kind'];
  folder_path: string;
  target: string;
  at: string;
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  outcome: string;
  target: string;
  details: string;
  address: string | null;
}

export function folderToRow(folder: CatalogFolder, parentPath: string): FolderRow {
  return {
    path: folder.path,
    parent_path: parentPath === '' ? null : parentPath,
    name: folder.name,
    acl_groups: JSON.stringify(folder.aclGroups),
    created_by: folder.createdBy,
    created_at: folder.createdAt,
    modified_at: folder.modifiedAt,
    trashed_at: folder.trash?.trashedAt ?? null,
    trashed_by: folder.trash?.trashedBy ?? null,
    look: folder.look ? JSON.stringify(folder.look) : null,
  };
}

export function rowToFolder(row: FolderRow): CatalogFolder {
  return {
    path: row.path,
    name: row.name,
    aclGroups: JSON.parse(row.acl_groups) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    trash: trashOf(row),
    ...(row.look ? { look: JSON.parse(row.look) as FolderLook } : {}),
  };
}

/** The folder a folder row is listed in: `` for a top-level folder. */
export function parentOfRow(row: FolderRow): string {
  return row.parent_path ?? '';
}

/** Asset rows as bound parameters: every column except the generated `in_trash`. */
export function assetToRow(asset: CatalogAsset): AssetRow {
  return {
    id: asset.id,
    key: asset.key,
    folder_path: asset.folderPath,
    name: asset.name,
    type_sort: extensionOf(asset.name),
    size: asset.size,
    checksum: asset.checksum === null ? null : JSON.stringify(asset.checksum),
    kind: asset.kind,
    status: asset.status,
    failure_reason: asset.failureReason,
    locations: JSON.stringify(asset.locations),
    technical: asset.technical === null ? null : JSON.stringify(asset.technical),
    derived: JSON.stringify(asset.derived),
    created_by: asset.createdBy,
    created_at: asset.createdAt,
    modified_at: asset.modifiedAt,
    version: asset.version,
    trashed_at: asset.trash?.trashedAt ?? null,
    trashed_by: asset.trash?.trashedBy ?? null,
    annotations: hasAnnotations(asset) ? JSON.stringify(asset.annotations) : null,
    review: hasReview(asset.review) ? JSON.stringify(asset.review) : null,
    production: asset.production ? JSON.stringify(asset.production) : null,
    graded: asset.graded ? JSON.stringify(asset.graded) : null,
    custody: asset.custody ?? null,
  };
}

export function rowToAsset(row: AssetRow): CatalogAsset {
  return {
    id: row.id,
    key: row.key,
    folderPath: row.folder_path,
    name: row.name,
    size: row.size,
    checksum: parseOrNull(row.checksum),
    kind: row.kind as CatalogAsset['kind'],
    status: row.status as CatalogAsset['status'],
    failureReason: row.failure_reason,
    locations: JSON.parse(row.locations) as CatalogAsset['locations'],
    technical: parseOrNull(row.technical),
    derived: JSON.parse(row.derived) as CatalogAsset['derived'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    version: row.version,
    trash: trashOf(row),
    ...(row.annotations ? { annotations: JSON.parse(row.annotations) as AssetAnnotations } : {}),
    ...(row.review ? { review: JSON.parse(row.review) as AssetReview } : {}),
    ...(row.production ? { production: JSON.parse(row.production) as ProductionMetadata } : {}),
    ...(row.graded ? { graded: JSON.parse(row.graded) as GradedDerivatives } : {}),
    ...(row.custody === 'mismatch' ? { custody: 'mismatch' as const } : {}),
  };
}

export function rowToChange(row: ChangeRow): Change {
  return { seq: row.seq, kind: row.kind, folderPath: row.folder_path, target: row.target, at: row.at };
}

export function auditToRow(event: AuditEvent): AuditRow {
  return { ...event, details: JSON.stringify(event.details) };
}

export function rowToAudit(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action as AuditEvent['action'],
    outcome: row.outcome as AuditEvent['outcome'],
    target: row.target,
    details: JSON.parse(row.details) as AuditEvent['details'],
    address: row.address,
  };
}

function trashOf(row: { trashed_at: string | null; trashed_by: string | null }): TrashMark | null {
  return row.trashed_at === null || row.trashed_by === null ? null : { trashedAt: row.trashed_at, trashedBy: row.trashed_by };
}

function parseOrNull<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}
