import { NO_REVIEW, type AssetView, type FolderView } from '@rushes/shared';
import type { CatalogAsset, CatalogFolder } from '../../ports';
import type { Access } from '../access';

/** An asset as the API shows it: which derivatives exist, never where they are kept. */
export function assetView(asset: CatalogAsset): AssetView {
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
    locations: { ...asset.locations },
    technical: asset.technical,
    derived: {
      proxy: asset.derived.proxy !== null,
      thumbnail: asset.derived.thumbnail !== null,
      filmstrip: asset.derived.filmstrip !== null,
      waveform: asset.derived.waveform !== null,
      preview: asset.derived.preview !== null,
    },
    createdBy: asset.createdBy,
    createdAt: asset.createdAt,
    modifiedAt: asset.modifiedAt,
    version: asset.version,
    trash: asset.trash,
    tags: [...(asset.annotations?.tags ?? [])],
    notes: asset.annotations?.notes ?? '',
    review: { ...(asset.review ?? NO_REVIEW) },
    ...(asset.production ? { production: asset.production } : {}),
    ...(asset.graded ? { hasLook: true } : {}),
    ...(asset.custody ? { custody: asset.custody } : {}),
  };
}

/** A folder as the caller sees it: its ACL only for admins, and whether they may change what is in it. */
export function folderView(access: Access, folder: CatalogFolder): FolderView {
  return {
    path: folder.path,
    name: folder.name,
    aclGroups: access.mayManageAcl() ? [...folder.aclGroups] : null,
    createdBy: folder.createdBy,
    createdAt: folder.createdAt,
    modifiedAt: folder.modifiedAt,
    canWrite: access.mayWrite(folder),
    trash: folder.trash,
  };
}
