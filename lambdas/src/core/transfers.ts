import { randomUUID } from 'node:crypto';
import {
  DomainError,
  isAdmin,
  transferManifestKey,
  writeTransferManifest,
  type Transfer,
  type TransferJob,
  type TransferResult,
} from '@rushes/shared';
import {
  CatalogConflict,
  TransferRefused,
  type Catalog,
  type Clock,
  type ObjectStore,
  type Principal,
  type TransferExecutor,
} from '../ports';
import type { AuditLog } from './audit';
import type { Workstations } from './workstations';
import type { Custody } from './custody/custody';
import { recordShareCopy } from './custody/shareCopy';
import { applyResult, cancelAll, failAll, isUnfinished, endedBadly } from './transfers/jobStates';
import { WRITE_ATTEMPTS, updateLocations } from './transfers/locations';
import { planTransfer, timeoutSecondsFor, type TransferRequest } from './transfers/plan';
import { jobView, launchOf, snapshot } from './transfers/view';

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

  async start(principal: Principal, request: TransferRequest): Promise<TransferJob> {
    const workstation = await this.deps.workstations.usable(principal, request.workstationId);
    const { assets, files, xxh64s } = await planTransfer(this.deps, principal, request, workstation);
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
    const timeoutSeconds = timeoutSecondsFor(files);
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
      await updateLocations(this.deps, ended);
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
      await this.end(jobId, (current) => cancelAll(current, principal.email, this.deps.clock.now().toISOString()));
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

  private view(job: Transfer, withFiles: boolean): TransferJob {
    return jobView(job, this.progressByJob.get(job.id), withFiles);
  }
}
