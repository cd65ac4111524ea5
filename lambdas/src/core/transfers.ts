import { createHash, randomUUID } from 'node:crypto';
import {
  DomainError,
  isAdmin,
  transferManifestKey,
  writeTransferManifest,
  type AssetLocation,
  type Transfer,
  type TransferFile,
  type TransferJob,
  type TransferOperation,
  type TransferResult,
  type Workstation,
} from '@rushes/shared';
import {
  CatalogConflict,
  CatalogNotFound,
  TransferRefused,
  type Catalog,
  type CatalogAsset,
  type Clock,
  type ObjectStore,
  type Principal,
  type TransferExecutor,
  type TransferLaunch,
} from '../ports';
import { Access } from './access';
import type { AuditLog } from './audit';
import type { Workstations } from './workstations';
import type { Custody } from './custody/custody';
import { recordShareCopy } from './custody/shareCopy';

/** Every job gets this long before it can time out, whatever its size. */
export const TRANSFER_BASE_SECONDS = 15 * 60;
/** Then one more second per this many bytes: a generous floor for a share on a LAN or FSx. */
export const TRANSFER_BYTES_PER_SECOND = 25_000_000;
/** One job, one manifest: the manifest schema's limit. */
export const MAX_TRANSFER_FILES = 10_000;
/** What a file left on the share because it no longer matches what was sent says. */
export const CHANGED_REASON = 'changed on the workstation since it was sent; left in place';
/** Storage is asked about this many objects at once while a job is prepared. */
const HEADS_AT_ONCE = 16;
const WRITE_ATTEMPTS = 20;

export interface TransfersDeps {
  /** Access decides from it which assets and folders the caller may send. */
  catalog: Catalog;
  workstations: Workstations;
  /** The media bucket: the objects sent. */
  objects: ObjectStore;
  /** The derived bucket: manifests and results, in each job's folder (transferKeys). */
  derived: ObjectStore;
  executor: TransferExecutor;
  clock: Clock;
  audit: AuditLog;
  /** Records each copy's verified hashes as an MHL generation of the card folders it came from. */
  custody?: { custody: Custody; toolVersion: string };
  newId?: () => string;
  log?: (message: string, error?: unknown) => void;
}

/** How a job ended, as the executor (local) or the status Lambda (cloud) reports it. */
export type TransferOutcome = { readonly result: TransferResult } | { readonly error: string };

/**
 * S3 ↔ edit-share transfers. `start` checks that the caller may read every asset
 * and use the workstation, writes the manifest, stores the job and hands it to the executor;
 * the outcome comes back to `finish`, from the local executor or the cloud's status Lambda.
 * A job always ends: `finish`, `cancel`, or the deadline (`sweep`), whichever is first; the
 * job's version makes the others no-ops, so a status event delivered twice changes nothing
 * the second time.
 *
 * Choices: an asset still uploading, or one whose object is not in storage, refuses the
 * whole request (409 naming it) rather than ending as a failed file, since nothing was tried;
 * a folder's sub-folders the caller may not read, and trashed ones, are not part of the
 * folder for them and are left out, as in every listing.
 */
export class Transfers {
  /** Bytes written per file while a job runs (local mode reports them); never written to the catalog. */
  private readonly progressByJob = new Map<string, Map<number, number>>();
  /** Jobs whose cancel is under way: the executor's report of them is a cancellation, not a failure. */
  private readonly cancelling = new Set<string>();
  private readonly newId: () => string;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly deps: TransfersDeps) {
    this.newId = deps.newId ?? (() => randomUUID());
    this.log = deps.log ?? ((message, error) => console.error(`Rushes: ${message}`, error ?? ''));
  }

  async start(
    principal: Principal,
    request: { operation: TransferOperation; workstationId: string; assetIds: readonly string[]; folderPaths: readonly string[] },
  ): Promise<TransferJob> {
    const workstation = await this.deps.workstations.usable(principal, request.workstationId);
    const assets = await this.resolveAssets(principal, request.assetIds, request.folderPaths);
    refuseUnready(assets);
    if (workstation.platform === 'windows') refuseCaseTwins(assets);
    if (request.operation === 'copy') await this.refuseMissingObjects(assets);
    const files: TransferFile[] = [];
    const xxh64s: (string | undefined)[] = [];
    for (const asset of assets) {
      xxh64s.push(await this.xxh64Of(asset));
      files.push({
        assetId: asset.id,
        key: asset.key,
        path: asset.key,
        size: asset.size,
        sha256: await this.sha256Of(asset),
        state: 'pending',
        bytesDone: 0,
        reason: null,
      });
    }

    const id = this.newId();
    const manifest = { bucket: this.deps.derived.bucket, key: transferManifestKey(id) };
    await this.deps.derived.putText(
      manifest.key,
      writeTransferManifest({
        version: 1,
        jobId: id,
        operation: request.operation,
        bucket: this.deps.objects.bucket,
        shareRoot: workstation.shareRoot,
        entries: files.map((file, index) => ({
          key: file.key,
          path: file.path,
          size: file.size,
          sha256: file.sha256,
          ...(xxh64s[index] ? { xxh64: xxh64s[index] } : {}),
        })),
      }),
      'application/json',
    );
    const now = this.deps.clock.now();
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    const timeoutSeconds = TRANSFER_BASE_SECONDS + Math.ceil(bytes / TRANSFER_BYTES_PER_SECOND);
    const job: Transfer = {
      id,
      operation: request.operation,
      workstation: snapshot(workstation),
      requestedBy: principal.email,
      requestedById: principal.userId,
      state: 'running',
      reason: null,
      commandId: null,
      manifest,
      files,
      createdAt: now.toISOString(),
      startedAt: now.toISOString(),
      finishedAt: null,
      deadline: new Date(now.getTime() + timeoutSeconds * 1000).toISOString(),
      version: 1,
    };
    await this.deps.catalog.createTransfer(job);
    // One event per asset, named by its path: "who took this clip to a workstation" is then
    // one filter in the audit tab and one row per file in the export. The job id ties them
    // to the job's `transfer.finish`.
    for (const asset of assets) {
      await this.deps.audit.record({
        actor: principal.email,
        action: 'transfer.request',
        target: asset.key,
        details: {
          transferId: id,
          assetId: asset.id,
          operation: request.operation,
          workstationId: workstation.id,
          workstation: workstation.name,
        },
        address: principal.address,
      });
    }

    try {
      const { commandId } = await this.deps.executor.start(launchOf(job, timeoutSeconds));
      // Local jobs may have finished already; only the cloud's command id is worth a write.
      if (commandId !== null) await this.mutate(id, (current) => (current.commandId === null ? { ...current, commandId } : null));
    } catch (error) {
      const reason = error instanceof TransferRefused ? error.message : 'the transfer could not be started on the workstation';
      if (!(error instanceof TransferRefused)) this.log(`transfer ${id} could not be started`, error);
      await this.end(id, (current) => failAll(current, reason, this.deps.clock.now().toISOString()));
    }
    return this.view((await this.deps.catalog.getTransfer(id)) ?? job, true);
  }

  /**
   * The job ended on the workstation. Idempotent: a job that already ended (a duplicate
   * status event, a result after the deadline or a cancel) is left as it is. Each asset's
   * location is updated before the job, so a crash between the two leaves a job that a
   * second delivery can still finish.
   */
  async finish(jobId: string, outcome: TransferOutcome): Promise<void> {
    const cancelled = this.cancelling.has(jobId);
    for (let attempt = 1; ; attempt += 1) {
      const job = await this.deps.catalog.getTransfer(jobId);
      if (!job || !isUnfinished(job)) return;
      const now = this.deps.clock.now().toISOString();
      const ended = {
        ...('result' in outcome ? applyResult(job, outcome.result, now, cancelled) : failAll(job, outcome.error, now, cancelled)),
        version: job.version + 1,
      };
      await this.updateLocations(ended);
      try {
        await this.deps.catalog.updateTransfer(ended);
      } catch (error) {
        // Something else ended or changed it meanwhile: look again.
        if (error instanceof CatalogConflict && attempt < WRITE_ATTEMPTS) continue;
        throw error;
      }
      this.progressByJob.delete(jobId);
      await this.auditEnd(ended);
      if ('result' in outcome) await this.recordCustody(ended, outcome.result);
      return;
    }
  }

  /** The copy's hashes as an MHL generation; the job has ended either way, so a failure here is logged, not thrown. */
  private async recordCustody(job: Transfer, result: TransferResult): Promise<void> {
    const custody = this.deps.custody;
    if (!custody) return;
    const now = this.deps.clock.now();
    await recordShareCopy(
      { catalog: this.deps.catalog, custody: custody.custody, now, toolVersion: custody.toolVersion },
      job,
      result,
    ).catch((error: unknown) => this.log(`the MHL generation of transfer ${job.id} could not be recorded`, error));
  }

  /** Bytes written so far for one file (local mode): kept in memory, merged into answers. */
  progress(jobId: string, index: number, bytesDone: number): void {
    let files = this.progressByJob.get(jobId);
    if (!files) {
      files = new Map();
      this.progressByJob.set(jobId, files);
    }
    files.set(index, bytesDone);
  }

  async cancel(principal: Principal, jobId: string): Promise<TransferJob> {
    const job = await this.visibleJob(principal, jobId);
    if (!isUnfinished(job)) return this.view(job, true);
    this.cancelling.add(jobId);
    try {
      await this.deps.executor
        .cancel(launchOf(job, 0), job.commandId)
        .catch((error: unknown) => this.log(`transfer ${jobId} could not be stopped on the workstation`, error));
      // The local executor reports the stopped job before cancel returns; the cloud's report comes later and finds the job ended.
      await this.end(jobId, (current) => ({
        ...current,
        state: 'cancelled',
        reason: `cancelled by ${principal.email}`,
        finishedAt: this.deps.clock.now().toISOString(),
        files: current.files.map((file) => (file.state === 'pending' || file.state === 'running' ? { ...file, state: 'cancelled' } : file)),
      }));
    } finally {
      this.cancelling.delete(jobId);
    }
    return this.view(await this.visibleJob(principal, jobId), true);
  }

  /**
   * Fails every job past its deadline: the workstation did not report back in time (SSM's
   * own timeout reports too, but a lost event or a crashed process must not leave a job
   * running forever). Local mode runs it on a timer; the cloud has none, so list and detail
   * answers time out the jobs they show. Answers how many jobs it failed.
   */
  async sweep(now: Date = this.deps.clock.now()): Promise<number> {
    let failed = 0;
    for (const job of await this.deps.catalog.listUnfinishedTransfers()) {
      if (await this.timeOut(job, now)) failed += 1;
    }
    return failed;
  }

  /**
   * After a crash of the local runtime: jobs it left running are run again. The executor
   * is idempotent (a file already copied is `present`, one already removed `absent`), so a
   * re-run finishes the job with the truth on the share; past its deadline, a job is failed
   * as timed out instead. Answers how many were started again.
   */
  async resumeUnfinished(): Promise<number> {
    let resumed = 0;
    const now = this.deps.clock.now();
    for (const job of await this.deps.catalog.listUnfinishedTransfers()) {
      if (await this.timeOut(job, now)) continue;
      if (!this.deps.executor.platforms.includes(job.workstation.platform)) continue;
      const seconds = Math.max(1, Math.ceil((Date.parse(job.deadline) - now.getTime()) / 1000));
      try {
        await this.deps.executor.start(launchOf(job, seconds));
        resumed += 1;
      } catch (error) {
        const reason = error instanceof TransferRefused ? error.message : 'the transfer could not be started again after a restart';
        if (!(error instanceof TransferRefused)) this.log(`transfer ${job.id} could not be resumed`, error);
        await this.end(job.id, (current) => failAll(current, reason, this.deps.clock.now().toISOString()));
      }
    }
    return resumed;
  }

  async list(
    principal: Principal,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<{ jobs: TransferJob[]; nextCursor: string | null }> {
    const page = await this.deps.catalog.listTransfers({
      limit: query.limit,
      cursor: query.cursor ?? null,
      ...(isAdmin(principal) ? {} : { requestedById: principal.userId }),
    });
    const now = this.deps.clock.now();
    const jobs: TransferJob[] = [];
    for (const job of page.items) jobs.push(this.view((await this.timeOut(job, now)) ?? job, false));
    return { jobs, nextCursor: page.nextCursor };
  }

  async detail(principal: Principal, jobId: string): Promise<TransferJob> {
    const job = await this.visibleJob(principal, jobId);
    return this.view((await this.timeOut(job, this.deps.clock.now())) ?? job, true);
  }

  // --------------------------------------------------------------------------------------

  /** The requester's own job, or any job for an admin; anyone else's answers like a missing one. */
  private async visibleJob(principal: Principal, jobId: string): Promise<Transfer> {
    const job = await this.deps.catalog.getTransfer(jobId);
    if (!job || (job.requestedById !== principal.userId && !isAdmin(principal))) {
      throw new DomainError('NOT_FOUND', 'That transfer was not found.');
    }
    return job;
  }

  /** Fails the job as timed out if it is past its deadline and unfinished; answers it then, else null. */
  private async timeOut(job: Transfer, now: Date): Promise<Transfer | null> {
    if (!isUnfinished(job) || Date.parse(job.deadline) > now.getTime()) return null;
    const minutes = Math.round((Date.parse(job.deadline) - Date.parse(job.startedAt ?? job.createdAt)) / 60_000);
    const ended = await this.end(job.id, (current) =>
      failAll(current, `timed out: the workstation did not report back within ${minutes} minutes`, now.toISOString()),
    );
    // Stop what may still run there: its late report would find the job ended anyway.
    if (ended)
      await this.deps.executor
        .cancel(launchOf(job, 0), job.commandId)
        .catch((error: unknown) => this.log(`transfer ${job.id} could not be stopped after timing out`, error));
    return ended;
  }

  /** Ends an unfinished job with `change`; answers the ended job, or null if it had ended already. */
  private async end(jobId: string, change: (job: Transfer) => Transfer): Promise<Transfer | null> {
    const ended = await this.mutate(jobId, (job) => (isUnfinished(job) ? change(job) : null));
    if (ended) {
      this.progressByJob.delete(jobId);
      await this.auditEnd(ended);
    }
    return ended;
  }

  /** Read, change, write with the version bumped; again on a conflict. `change` answers null for "nothing to do". */
  private async mutate(jobId: string, change: (job: Transfer) => Transfer | null): Promise<Transfer | null> {
    for (let attempt = 1; ; attempt += 1) {
      const job = await this.deps.catalog.getTransfer(jobId);
      if (!job) return null;
      const changed = change(job);
      if (!changed) return null;
      try {
        return await this.deps.catalog.updateTransfer({ ...changed, version: job.version + 1 });
      } catch (error) {
        if (!(error instanceof CatalogConflict) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  private async auditEnd(job: Transfer): Promise<void> {
    await this.deps.audit.record({
      actor: 'system',
      action: 'transfer.finish',
      target: job.id,
      outcome: job.state === 'succeeded' ? 'succeeded' : 'failed',
      details: {
        operation: job.operation,
        workstationId: job.workstation.id,
        state: job.state,
        reason: job.reason,
        files: job.files.length,
        failed: job.files.filter(endedBadly).length,
        requestedBy: job.requestedBy,
      },
    });
  }

  /**
   * Each asset's location on this workstation, from its file's result: there (`S3_FSX`) after
   * a copy or when a changed file was left in place, gone (`S3`) after a remove. Failed
   * files change nothing. Each update bumps the asset's version, so the change feed tells
   * every desktop; an asset deleted meanwhile is skipped.
   */
  private async updateLocations(job: Transfer): Promise<void> {
    const workstationId = job.workstation.id;
    for (const file of job.files) {
      const wanted: AssetLocation | null | undefined =
        file.state === 'copied' || file.state === 'present' || file.state === 'changed'
          ? 'S3_FSX'
          : file.state === 'removed' || file.state === 'absent'
            ? null
            : undefined;
      if (wanted === undefined) continue;
      for (let attempt = 1; ; attempt += 1) {
        const asset = await this.deps.catalog.getAsset(file.assetId);
        if (!asset || (asset.locations[workstationId] ?? null) === wanted) break;
        const locations = { ...asset.locations };
        if (wanted === null) delete locations[workstationId];
        else locations[workstationId] = wanted;
        try {
          await this.deps.catalog.updateAsset({
            ...asset,
            locations,
            modifiedAt: this.deps.clock.now().toISOString(),
            version: asset.version + 1,
          });
          break;
        } catch (error) {
          if (error instanceof CatalogNotFound) break;
          if (!(error instanceof CatalogConflict) || attempt >= WRITE_ATTEMPTS) throw error;
        }
      }
    }
  }

  /** The assets chosen and those below the folders chosen, once each, in the order given. */
  private async resolveAssets(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<CatalogAsset[]> {
    const access = new Access(this.deps.catalog, principal);
    const found = new Map<string, CatalogAsset>();
    for (const id of assetIds) {
      const asset = await access.readableAsset(id);
      found.set(asset.id, asset);
    }
    for (const path of folderPaths) {
      await access.readableFolder(path);
      for await (const asset of this.deps.catalog.listAssetsUnder(path)) {
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
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `At most ${MAX_TRANSFER_FILES.toLocaleString('en')} files go in one transfer.`,
        'assetIds',
      );
    }
    return [...found.values()];
  }

  /** Every object must be in storage at the size the catalog knows, or the copy could only fail. */
  private async refuseMissingObjects(assets: readonly CatalogAsset[]): Promise<void> {
    const missing: string[] = [];
    for (let i = 0; i < assets.length; i += HEADS_AT_ONCE) {
      const batch = assets.slice(i, i + HEADS_AT_ONCE);
      const heads = await Promise.all(batch.map((asset) => this.deps.objects.head(asset.key)));
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
  private async xxh64Of(asset: CatalogAsset): Promise<string | undefined> {
    const upload = (await this.deps.catalog.listAssetCustody(asset.id)).filter((entry) => entry.hop === 'upload').at(-1);
    return upload?.hashes.xxh64;
  }

  /**
   * The SHA-256 the workstation verifies against: the catalog's (uploads record it), or
   * computed now by reading the object once and recorded, so the next transfer need not.
   */
  private async sha256Of(asset: CatalogAsset): Promise<string> {
    if (asset.checksum?.algorithm === 'sha256') return asset.checksum.value;
    const body = await this.deps.objects.read(asset.key);
    if (!body) throw new DomainError('CONFLICT', `${listNames([asset.name])} is not in storage; refresh and try again.`);
    const hash = createHash('sha256');
    for await (const chunk of body) hash.update(chunk);
    const value = hash.digest('hex');
    // Another algorithm's checksum stays: it may be what the camera card's MHL lists.
    if (asset.checksum === null) {
      await this.deps.catalog
        .updateAsset({
          ...asset,
          checksum: { algorithm: 'sha256', value },
          modifiedAt: this.deps.clock.now().toISOString(),
          version: asset.version + 1,
        })
        .catch((error: unknown) => {
          // Changed meanwhile: the checksum is still right for the bytes read; it is recorded next time.
          if (!(error instanceof CatalogConflict || error instanceof CatalogNotFound)) throw error;
        });
    }
    return value;
  }

  private view(job: Transfer, withFiles: boolean): TransferJob {
    const live = isUnfinished(job) ? this.progressByJob.get(job.id) : undefined;
    const files = job.files.map((file, index) => {
      const bytes = live?.get(index);
      return bytes !== undefined && file.state === 'pending' ? { ...file, state: 'running' as const, bytesDone: bytes } : file;
    });
    return {
      id: job.id,
      operation: job.operation,
      workstationId: job.workstation.id,
      workstationName: job.workstation.name,
      requestedBy: job.requestedBy,
      state: job.state,
      reason: job.reason,
      fileCount: files.length,
      failedCount: files.filter(endedBadly).length,
      bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
      bytesDone: files.reduce((sum, file) => sum + file.bytesDone, 0),
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      deadline: job.deadline,
      ...(withFiles
        ? {
            files: files.map((file) => ({
              assetId: file.assetId,
              key: file.key,
              path: file.path,
              size: file.size,
              state: file.state,
              bytesDone: file.bytesDone,
              reason: file.reason,
            })),
          }
        : {}),
    };
  }
}

function isUnfinished(job: Transfer): boolean {
  return job.state === 'queued' || job.state === 'running';
}

function endedBadly(file: TransferFile): boolean {
  return file.state === 'failed' || file.state === 'changed';
}

function endedWell(file: TransferFile): boolean {
  return file.state === 'copied' || file.state === 'present' || file.state === 'removed' || file.state === 'absent';
}

function snapshot(workstation: Workstation): Transfer['workstation'] {
  return {
    id: workstation.id,
    name: workstation.name,
    platform: workstation.platform,
    instanceId: workstation.instanceId,
    shareRoot: workstation.shareRoot,
  };
}

function launchOf(job: Transfer, timeoutSeconds: number): TransferLaunch {
  return { jobId: job.id, operation: job.operation, workstation: job.workstation, manifest: job.manifest, timeoutSeconds };
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

function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 3)
    .map((name) => `"${name}"`)
    .join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/** Every file still pending ends failed with `reason`, and so does the job (cancelled while a cancel is under way). */
function failAll(job: Transfer, reason: string, now: string, cancelled = false): Transfer {
  return {
    ...job,
    state: cancelled ? 'cancelled' : 'failed',
    reason,
    finishedAt: now,
    files: job.files.map((file) =>
      endedWell(file) || endedBadly(file)
        ? file
        : { ...file, state: cancelled ? 'cancelled' : 'failed', reason: cancelled ? null : reason },
    ),
  };
}

/** The workstation's result, file by file; a file it does not mention failed. */
function applyResult(job: Transfer, result: TransferResult, now: string, cancelled: boolean): Transfer {
  if (result.jobId !== job.id) return failAll(job, 'the workstation reported the result of another job', now, cancelled);
  const entries = new Map(result.entries.map((entry) => [entry.index, entry]));
  const files = job.files.map((file, index): TransferFile => {
    const entry = entries.get(index);
    if (!entry) return { ...file, state: 'failed', reason: result.error ?? 'the workstation did not report this file' };
    if (entry.status === 'failed') {
      // A file the cancel stopped was cancelled, not failed.
      if (cancelled && entry.error === 'cancelled') return { ...file, state: 'cancelled', bytesDone: entry.bytes ?? 0, reason: null };
      return {
        ...file,
        state: 'failed',
        bytesDone: entry.bytes ?? 0,
        reason: entry.error ?? 'the workstation reported a failure without a reason',
      };
    }
    if (entry.status === 'changed') return { ...file, state: 'changed', bytesDone: 0, reason: CHANGED_REASON };
    const moved = entry.status === 'copied' || entry.status === 'present' ? file.size : 0;
    return { ...file, state: entry.status, bytesDone: moved, reason: null };
  });
  const allWell = files.every(endedWell);
  return {
    ...job,
    state: allWell ? 'succeeded' : cancelled ? 'cancelled' : 'failed',
    reason: allWell ? null : result.error,
    finishedAt: now,
    files,
  };
}
