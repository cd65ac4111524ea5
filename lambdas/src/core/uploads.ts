import {
  DomainError,
  MAX_UPLOAD_BYTES,
  basename,
  parentOf,
  splitKey,
  validateKey,
  type AssetView,
  type ConflictChoice,
  type PlannedFile,
  type SessionFileResult,
  type UploadCredentialsResponse,
  type UploadFile,
} from '@rushes/shared';
import type { Catalog, CatalogAsset, CatalogFolder, Clock, ObjectStore, Principal, UploadCredentials } from '../ports';
import { CatalogConflict } from '../ports';
import { Access } from './access';
import type { AuditLog } from './audit';
import { assetView } from './library/views';
import { createMissingFolders, newAssetRecord, statusOnArrival } from './records';

/** How many `name (n).ext` candidates "keep both" tries before giving up. */
const MAX_KEEP_BOTH = 1_000;

export interface UploadsDeps {
  catalog: Catalog;
  objects: ObjectStore;
  credentials: UploadCredentials;
  clock: Clock;
  audit: AuditLog;
}

type Refusal = Extract<PlannedFile, { outcome: 'refused' }>;
type ConflictResult = Extract<PlannedFile, { outcome: 'conflict' }>;

/** A file whose key passed every rule, with the folders it needs below the destination. */
interface Placed {
  relativePath: string;
  key: string;
  size: number;
  /** Folder paths between the destination and the file, top down, that do not exist yet. */
  missingFolders: string[];
  existing: CatalogAsset | null;
}

/**
 * Upload sessions. The destination folder must be writable (a folder the caller
 * cannot read is NOT_FOUND, as in Library). Each file's key is checked by names.ts before a
 * byte is sent; a bad one is refused with its rule while the others go ahead. New files get
 * an `uploading` catalog record at once, so they appear in the library while they upload.
 */
export class Uploads {
  constructor(private readonly deps: UploadsDeps) {}

  /** What would happen to each file: no side effects. */
  async plan(principal: Principal, folderPath: string, files: readonly UploadFile[]): Promise<{ files: PlannedFile[] }> {
    const access = new Access(this.deps.catalog, principal);
    await writableDestination(access, folderPath);
    const placed = await this.place(access, folderPath, files);
    const result: PlannedFile[] = [];
    for (const item of placed) {
      if ('outcome' in item) result.push(item);
      else if (item.existing) result.push(await this.conflict(item));
      else result.push({ relativePath: item.relativePath, outcome: 'new', key: item.key });
    }
    return { files: result };
  }

  /** Creates folders and `uploading` records; files whose name is taken follow their `onConflict`. */
  async createSession(
    principal: Principal,
    folderPath: string,
    files: readonly (UploadFile & { onConflict?: ConflictChoice | undefined })[],
  ): Promise<{ files: SessionFileResult[] }> {
    const access = new Access(this.deps.catalog, principal);
    const destination = await writableDestination(access, folderPath);
    const placed = await this.place(access, folderPath, files);
    const results: SessionFileResult[] = [];
    for (const [index, item] of placed.entries()) {
      if ('outcome' in item) {
        results.push(item);
        continue;
      }
      const choice = files[index]?.onConflict;
      try {
        results.push(await this.start(principal, destination, item, choice));
      } catch (error) {
        if (!(error instanceof CatalogConflict)) throw error;
        // A folder appeared where the file needs one, or the other way round, since we looked.
        results.push(refuse(item.relativePath, 'conflict', `"${item.relativePath}" collides with something created meanwhile; try again.`));
      }
    }
    return { files: results };
  }

  /** Write credentials for keys in folders the caller may write (new files and replacements). */
  async credentials(principal: Principal, keys: readonly string[]): Promise<UploadCredentialsResponse> {
    const checked = [...new Set(keys)].map((key) => mustKey(key));
    const access = new Access(this.deps.catalog, principal);
    for (const key of checked) await writableFolderOf(access, key);
    const grants = await this.deps.credentials.grant(checked, { userId: principal.userId, email: principal.email });
    return { target: this.deps.credentials.target, grants };
  }

  /**
   * The object is in storage: record its checksum and hand it to ingest. Checks that the
   * object exists with the size the desktop read, so a record never claims bytes that are
   * not there. A replaced file loses its old metadata and derivatives.
   */
  async complete(
    principal: Principal,
    input: { key: string; size: number; checksum: { algorithm: 'sha256'; value: string } },
  ): Promise<AssetView> {
    const key = mustKey(input.key);
    await writableFolderOf(new Access(this.deps.catalog, principal), key);
    const stored = await this.deps.objects.head(key);
    if (!stored) throw new DomainError('NOT_FOUND', `Nothing was uploaded to "${key}" yet.`);
    if (stored.size !== input.size) {
      throw new DomainError(
        'CONFLICT',
        `"${basename(key)}" is ${stored.size} bytes in storage but ${input.size} bytes were sent; upload it again.`,
      );
    }
    const checksum = { algorithm: 'sha256' as const, value: input.checksum.value };
    const now = this.now();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await this.deps.catalog.getAssetByKey(key);
      try {
        let asset: CatalogAsset;
        if (!existing) {
          asset = await this.deps.catalog.createAsset({
            ...newAssetRecord({ key, size: input.size, status: statusOnArrival(key), createdBy: principal.email, createdAt: now }),
            checksum,
          });
        } else if (existing.checksum?.value === checksum.value && existing.size === input.size && existing.status !== 'uploading') {
          asset = existing; // completed twice: a retry after a lost answer
        } else {
          // Ingest may have seen the object first and moved the record on (or finished it):
          // only an `uploading` record changes state here, and what ingest wrote stays.
          asset = await this.deps.catalog.updateAsset({
            ...existing,
            size: input.size,
            checksum,
            status: existing.status === 'uploading' ? statusOnArrival(key) : existing.status,
            modifiedAt: now,
            version: existing.version + 1,
          });
        }
        await this.deps.audit.record({
          actor: principal.email,
          action: 'asset.upload',
          target: key,
          details: { size: input.size, sha256: checksum.value, replaced: existing !== null && existing.status !== 'uploading' },
        });
        return assetView(asset);
      } catch (error) {
        if (!(error instanceof CatalogConflict)) throw error; // ingest changed it meanwhile: read again
      }
    }
    throw new DomainError('CONFLICT', `"${basename(key)}" keeps changing; try again.`);
  }

  /**
   * Removes the `uploading` records of uploads the user gave up. A cancelled replacement
   * leaves the file it was replacing as it was: ready (or failed) with its previews.
   */
  async cancel(principal: Principal, keys: readonly string[]): Promise<{ removed: string[] }> {
    const access = new Access(this.deps.catalog, principal);
    const removed: string[] = [];
    for (const raw of new Set(keys)) {
      const key = mustKey(raw);
      await writableFolderOf(access, key);
      const asset = await this.deps.catalog.getAssetByKey(key);
      if (!asset || asset.status !== 'uploading') continue;
      const stored = await this.deps.objects.head(key);
      if (stored) {
        if (asset.technical === null && asset.failureReason === null && Object.values(asset.derived).every((d) => d === null)) continue; // new bytes arrived: ingest owns them
        const status = asset.failureReason === null ? 'ready' : 'failed';
        await this.deps.catalog.updateAsset({ ...asset, size: stored.size, status, modifiedAt: this.now(), version: asset.version + 1 });
        continue;
      }
      await this.deps.catalog.removeAsset(asset.id);
      removed.push(asset.id);
    }
    return { removed };
  }

  // Internals ----------------------------------------------------------------------------

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Checks each file's key and the folders it needs; refuses per file, never the whole batch. */
  private async place(access: Access, folderPath: string, files: readonly UploadFile[]): Promise<(Placed | Refusal)[]> {
    const seen = new Set<string>();
    const result: (Placed | Refusal)[] = [];
    for (const file of files) {
      const { relativePath } = file;
      if (file.size > MAX_UPLOAD_BYTES) {
        result.push(refuse(relativePath, 'too-large', `"${relativePath}" is larger than 5 TiB, the most S3 can hold in one object.`));
        continue;
      }
      const checked = validateKey(folderPath + relativePath);
      if (!checked.ok) {
        result.push(refuse(relativePath, checked.reason, checked.message));
        continue;
      }
      const key = checked.value;
      if (seen.has(key)) {
        result.push(
          refuse(
            relativePath,
            'duplicate',
            `"${relativePath}" is in this upload twice (names that differ only in Unicode form are the same name).`,
          ),
        );
        continue;
      }
      seen.add(key);
      const missingFolders: string[] = [];
      let blocked: Refusal | null = null;
      const segments = splitKey(key.slice(folderPath.length));
      let path = folderPath;
      for (const segment of segments.slice(0, -1)) {
        path = `${path}${segment}/`;
        const folder = await access.folder(path);
        if (!folder) {
          if (await this.deps.catalog.getAssetByKey(path.slice(0, -1))) {
            blocked = refuse(relativePath, 'not-a-folder', `"${path.slice(0, -1)}" is a file, so it cannot hold "${relativePath}".`);
            break;
          }
          missingFolders.push(path);
        } else if (!access.mayWrite(folder)) {
          blocked = refuse(relativePath, 'forbidden', `You may not upload into "${path.slice(0, -1)}".`);
          break;
        } else if (await access.isTrashed(folder)) {
          blocked = refuse(relativePath, 'in-trash', `"${path.slice(0, -1)}" is in the trash; restore it first.`);
          break;
        }
      }
      if (blocked) {
        result.push(blocked);
        continue;
      }
      if (folderPath === '' && segments.length === 1 && !access.mayWrite(null)) {
        result.push(refuse(relativePath, 'forbidden', 'Only admins may put files at the library root; choose or create a folder.'));
        continue;
      }
      if (await access.folder(`${key}/`)) {
        result.push(refuse(relativePath, 'not-a-file', `A folder named "${basename(key)}" is already there.`));
        continue;
      }
      result.push({ relativePath, key, size: file.size, missingFolders, existing: await this.deps.catalog.getAssetByKey(key) });
    }
    return result;
  }

  private async conflict(item: Placed): Promise<ConflictResult> {
    const existing = item.existing!;
    return {
      relativePath: item.relativePath,
      outcome: 'conflict',
      key: item.key,
      existing: {
        id: existing.id,
        name: existing.name,
        size: existing.size,
        modifiedAt: existing.modifiedAt,
        status: existing.status,
        trashed: existing.trash !== null,
      },
      keepBothKey: await this.freeKey(item.key),
    };
  }

  private async start(
    principal: Principal,
    destination: CatalogFolder | null,
    item: Placed,
    choice: ConflictChoice | undefined,
  ): Promise<SessionFileResult> {
    await createMissingFolders(this.deps.catalog, item.missingFolders, destination?.aclGroups ?? null, principal, () => this.now());
    const existing = item.existing;
    const now = this.now();
    if (!existing) {
      const asset = await this.deps.catalog.createAsset(uploadingRecord(principal, item.key, item.size, now));
      return { relativePath: item.relativePath, outcome: 'accepted', key: item.key, assetId: asset.id, replaces: false };
    }
    // A session asked again for a file this user is already uploading (a retry, or a resume after a restart).
    if (existing.status === 'uploading' && existing.createdBy === principal.email && existing.size === item.size && !existing.trash) {
      return { relativePath: item.relativePath, outcome: 'accepted', key: item.key, assetId: existing.id, replaces: false };
    }
    if (choice === undefined) return this.conflict(item);
    if (choice === 'skip') return { relativePath: item.relativePath, outcome: 'skipped', key: item.key };
    if (choice === 'replace') {
      if (existing.trash) {
        return refuse(item.relativePath, 'in-trash', `"${existing.name}" is in the trash: restore it or keep both.`);
      }
      // Shown as uploading from now; when the new object lands, ingest makes its previews anew.
      if (existing.status !== 'uploading') {
        await this.deps.catalog.updateAsset({
          ...existing,
          status: 'uploading',
          size: item.size,
          modifiedAt: now,
          version: existing.version + 1,
        });
      }
      return { relativePath: item.relativePath, outcome: 'accepted', key: item.key, assetId: existing.id, replaces: true };
    }
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const key = await this.freeKey(item.key);
      try {
        const asset = await this.deps.catalog.createAsset(uploadingRecord(principal, key, item.size, now));
        return { relativePath: item.relativePath, outcome: 'accepted', key, assetId: asset.id, replaces: false };
      } catch (error) {
        if (!(error instanceof CatalogConflict)) throw error; // someone took that name first: next one
      }
    }
    throw new DomainError('CONFLICT', `Could not find a free name for "${item.relativePath}"; try again.`);
  }

  /** `clip.mov` → `clip (2).mov`, `clip (3).mov`, …: the first key that no asset or folder holds. */
  private async freeKey(key: string): Promise<string> {
    const folder = parentOf(key) ?? '';
    const name = basename(key);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; n < MAX_KEEP_BOTH; n += 1) {
      const candidate = validateKey(`${folder}${stem} (${n})${extension}`);
      if (!candidate.ok) break;
      const taken = (await this.deps.catalog.getAssetByKey(candidate.value)) || (await this.deps.catalog.getFolder(`${candidate.value}/`));
      if (!taken) return candidate.value;
    }
    throw new DomainError('CONFLICT', `No free name like "${name}" is left in that folder.`);
  }
}

/** The destination (null for the root) if the caller may upload into it: files, and the folders they come in. */
function writableDestination(access: Access, folderPath: string): Promise<CatalogFolder | null> {
  return access.writableFolder(folderPath, 'folders', uploadRefusal(folderPath));
}

/** The key's folder, which must exist, be live and let the caller put files in it. */
async function writableFolderOf(access: Access, key: string): Promise<void> {
  const folderPath = parentOf(key) ?? '';
  await access.writableFolder(folderPath, 'files', uploadRefusal(folderPath));
}

function uploadRefusal(folderPath: string): string {
  return folderPath === '' ? 'You may not upload to the library root.' : `You may not upload into "${folderPath.slice(0, -1)}".`;
}

/** A file announced by an upload session: listed at once, its bytes on their way. */
function uploadingRecord(principal: Principal, key: string, size: number, now: string): CatalogAsset {
  return newAssetRecord({ key, size, status: 'uploading', createdBy: principal.email, createdAt: now });
}

function mustKey(key: string): string {
  const checked = validateKey(key);
  if (!checked.ok) throw new DomainError('VALIDATION_FAILED', checked.message, 'body.keys');
  return checked.value;
}

function refuse(relativePath: string, rule: string, message: string): Refusal {
  return { relativePath, outcome: 'refused', rule, message };
}
