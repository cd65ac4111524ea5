import { randomUUID } from 'node:crypto';
import { aclForNewFolder, basename, derivativesOf, mediaKindOf, parentOf, type DerivedKeys } from '@rushes/shared';
import type { Catalog, CatalogAsset } from '../ports';
import { CatalogConflict } from '../ports';

/** An asset before ingest made anything from it, or after it gave up. */
export const NO_DERIVATIVES: DerivedKeys = { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null };

/** Where a file goes once its bytes are in storage: ingest takes over files it can derive something from; the rest are ready as they are. */
export function statusOnArrival(nameOrKey: string): 'processing' | 'ready' {
  return derivativesOf(nameOrKey).length > 0 ? 'processing' : 'ready';
}

/** A new asset's record at `key`: nothing derived, nothing known of its media yet. */
export function newAssetRecord(input: {
  key: string;
  size: number;
  status: CatalogAsset['status'];
  createdBy: string;
  createdAt: string;
  /** When it differs from createdAt (an object's own time). */
  modifiedAt?: string;
}): CatalogAsset {
  const name = basename(input.key);
  return {
    id: randomUUID(),
    key: input.key,
    folderPath: parentOf(input.key) ?? '',
    name,
    size: input.size,
    checksum: null,
    kind: mediaKindOf(name),
    status: input.status,
    failureReason: null,
    locations: {},
    technical: null,
    derived: NO_DERIVATIVES,
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    modifiedAt: input.modifiedAt ?? input.createdAt,
    version: 1,
    trash: null,
  };
}

/**
 * Creates the folders of `paths` (top down, each the parent of the next) that do not exist
 * yet. A new folder takes its parent's ACL; the first one below the root (`parentAcl`
 * null) its creator's groups. A folder someone else created meanwhile is taken as found.
 */
export async function createMissingFolders(
  catalog: Catalog,
  paths: readonly string[],
  parentAcl: readonly string[] | null,
  creator: { email: string; groups: readonly string[] },
  now: () => string,
): Promise<void> {
  let acl = parentAcl;
  for (const path of paths) {
    const existing = await catalog.getFolder(path);
    if (existing) {
      acl = existing.aclGroups;
      continue;
    }
    const at = now();
    const aclGroups = aclForNewFolder(acl, creator.groups);
    try {
      await catalog.createFolder({ path, name: basename(path), aclGroups, createdBy: creator.email, createdAt: at, modifiedAt: at });
      acl = aclGroups;
    } catch (error) {
      const winner = error instanceof CatalogConflict ? await catalog.getFolder(path) : null;
      if (!winner) throw error;
      acl = winner.aclGroups;
    }
  }
}
