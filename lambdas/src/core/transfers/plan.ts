import { createHash } from 'node:crypto';
import { DomainError, type TransferFile, type TransferOperation, type Workstation } from '@rushes/shared';
import {
  CatalogConflict,
  CatalogNotFound,
  type Catalog,
  type CatalogAsset,
  type Clock,
  type ObjectStore,
  type Principal,
} from '../../ports';
import { Access } from '../access';

// Planning a send: which assets a request names, whether each may and can be sent, and the
// file list (with the hashes the workstation verifies) that goes into the manifest.

/** Every job gets this long before it can time out, whatever its size. */
export const TRANSFER_BASE_SECONDS = 15 * 60;
/** Then one more second per this many bytes: a generous floor for a share on a LAN or FSx. */
export const TRANSFER_BYTES_PER_SECOND = 25_000_000;
/** One job, one manifest: the manifest schema's limit. */
export const MAX_TRANSFER_FILES = 10_000;
/** Storage is asked about this many objects at once while a job is prepared. */
const HEADS_AT_ONCE = 16;

export interface PlanDeps {
  catalog: Catalog;
  /** The media bucket: the objects sent. */
  objects: ObjectStore;
  clock: Clock;
}

export interface TransferRequest {
  operation: TransferOperation;
  workstationId: string;
  assetIds: readonly string[];
  folderPaths: readonly string[];
}

/** The files of the job, each with the xxh64 its upload recorded (undefined where none was). */
export interface TransferPlan {
  assets: CatalogAsset[];
  files: TransferFile[];
  xxh64s: (string | undefined)[];
}

/**
 * The assets the caller may send, checked: none still uploading, no two that would be one
 * file on a Windows share, and for a copy every object in storage as catalogued.
 */
export async function planTransfer(
  deps: PlanDeps,
  principal: Principal,
  request: TransferRequest,
  workstation: Workstation,
): Promise<TransferPlan> {
  const assets = await resolveAssets(deps.catalog, principal, request.assetIds, request.folderPaths);
  refuseUnready(assets);
  if (workstation.platform === 'windows') refuseCaseTwins(assets);
  if (request.operation === 'copy') await refuseMissingObjects(deps.objects, assets);
  const files: TransferFile[] = [];
  const xxh64s: (string | undefined)[] = [];
  for (const asset of assets) {
    xxh64s.push(await xxh64Of(deps.catalog, asset));
    files.push({
      assetId: asset.id,
      key: asset.key,
      path: asset.key,
      size: asset.size,
      sha256: await sha256Of(deps, asset),
      state: 'pending',
      bytesDone: 0,
      reason: null,
    });
  }
  return { assets, files, xxh64s };
}

/** How long the job may run before it times out: a base, plus time for its bytes. */
export function timeoutSecondsFor(files: readonly TransferFile[]): number {
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  return TRANSFER_BASE_SECONDS + Math.ceil(bytes / TRANSFER_BYTES_PER_SECOND);
}

/** The assets chosen and those below the folders chosen, once each, in the order given. */
async function resolveAssets(
  catalog: Catalog,
  principal: Principal,
  assetIds: readonly string[],
  folderPaths: readonly string[],
): Promise<CatalogAsset[]> {
  const access = new Access(catalog, principal);
  const found = new Map<string, CatalogAsset>();
  for (const id of assetIds) {
    const asset = await access.readableAsset(id);
    found.set(asset.id, asset);
  }
  for (const path of folderPaths) {
    await access.readableFolder(path);
    for await (const asset of catalog.listAssetsUnder(path)) {
      // Sub-folders the caller may not read, or in the trash, are not there for them.
      if (found.has(asset.id) || !(await access.mayReadAssetsIn(asset.folderPath))) continue;
      found.set(asset.id, asset);
      if (found.size > MAX_TRANSFER_FILES) {
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `"${path}" holds over ${MAX_TRANSFER_FILES.toLocaleString('en')} files; send its sub-folders one at a time.`,
          'folderPaths',
        );
      }
    }
  }
  if (found.size === 0) throw new DomainError('VALIDATION_FAILED', 'The folders chosen hold no files to send.', 'folderPaths');
  if (found.size > MAX_TRANSFER_FILES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `At most ${MAX_TRANSFER_FILES.toLocaleString('en')} files go in one transfer.`, 'assetIds');
  }
  return [...found.values()];
}

/** Refuses assets that are not whole in storage yet. */
function refuseUnready(assets: readonly CatalogAsset[]): void {
  const uploading = assets.filter((asset) => asset.status === 'uploading').map((asset) => asset.name);
  if (uploading.length > 0) {
    throw new DomainError(
      'CONFLICT',
      `${listNames(uploading)} ${uploading.length === 1 ? 'is' : 'are'} still uploading; send ${uploading.length === 1 ? 'it' : 'them'} once the upload is done.`,
    );
  }
}

/** Two keys that differ only in case are one file on a Windows share: the second would overwrite or fail against the first. */
function refuseCaseTwins(assets: readonly CatalogAsset[]): void {
  const seen = new Map<string, CatalogAsset>();
  for (const asset of assets) {
    const folded = asset.key.toLowerCase();
    const twin = seen.get(folded);
    if (twin) {
      throw new DomainError('CONFLICT', `"${twin.key}" and "${asset.key}" would be one file on a Windows share; rename one of them first.`);
    }
    seen.set(folded, asset);
  }
}

/** Every object must be in storage at the size the catalog knows, or the copy could only fail. */
async function refuseMissingObjects(objects: ObjectStore, assets: readonly CatalogAsset[]): Promise<void> {
  const missing: string[] = [];
  for (let i = 0; i < assets.length; i += HEADS_AT_ONCE) {
    const batch = assets.slice(i, i + HEADS_AT_ONCE);
    const heads = await Promise.all(batch.map((asset) => objects.head(asset.key)));
    heads.forEach((head, j) => {
      if (!head || head.size !== batch[j]!.size) missing.push(batch[j]!.name);
    });
  }
  if (missing.length > 0) {
    throw new DomainError(
      'CONFLICT',
      `${listNames(missing)} ${missing.length === 1 ? 'is' : 'are'} not in storage as catalogued; refresh and try again.`,
    );
  }
}

/** The xxh64 the asset's upload recorded for its chain of custody, which the workstation verifies with when there is one. */
async function xxh64Of(catalog: Catalog, asset: CatalogAsset): Promise<string | undefined> {
  const upload = (await catalog.listAssetCustody(asset.id)).filter((entry) => entry.hop === 'upload').at(-1);
  return upload?.hashes.xxh64;
}

/**
 * The SHA-256 the workstation verifies against: the catalog's (uploads record it), or
 * computed now by reading the object once and recorded, so the next transfer need not.
 */
async function sha256Of(deps: PlanDeps, asset: CatalogAsset): Promise<string> {
  if (asset.checksum?.algorithm === 'sha256') return asset.checksum.value;
  const body = await deps.objects.read(asset.key);
  if (!body) throw new DomainError('CONFLICT', `${listNames([asset.name])} is not in storage; refresh and try again.`);
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk);
  const value = hash.digest('hex');
  // Another algorithm's checksum stays: it may be what the camera card's MHL lists.
  if (asset.checksum === null) {
    await deps.catalog
      .updateAsset({
        ...asset,
        checksum: { algorithm: 'sha256', value },
        modifiedAt: deps.clock.now().toISOString(),
        version: asset.version + 1,
      })
      .catch((error: unknown) => {
        // Changed meanwhile: the checksum is still right for the bytes read; it is recorded next time.
        if (!(error instanceof CatalogConflict || error instanceof CatalogNotFound)) throw error;
      });
  }
  return value;
}

function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 3)
    .map((name) => `"${name}"`)
    .join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
