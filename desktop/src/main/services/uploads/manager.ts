import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  MAX_UPLOAD_FILES,
  type ConflictChoice,
  type CreateUploadSessionResponse,
  type PlanUploadResponse,
  type RecordedGeneration,
  type RecordUploadGenerationBody,
  type StartUploadResult,
  type TransferView,
  type UploadCredentialsResponse,
  type UploadFile,
  type UploadGrant,
  type UploadPlan,
  type UploadPlanItem,
  type UploadTarget,
} from '@rushes/shared';
import { systemClock, type Clock } from '../transfers/clock';
import { TransferQueue, type ActiveTransfer, type RunOutcome } from '../transfers/queue';
import { cardRootOf, custodyOutcome, generationBody, type CustodyCreator } from './custody';
import { FileUploader, UploadFailure } from './fileUpload';
import { walkPaths, type LocalFile } from './localFiles';
import { DEFAULT_PART_SIZE, partSizeFor } from './partPlan';
import { isTransient } from './s3Target';
import { NO_HASHES, type UploadRecord, type UploadStore } from './store';

/** The upload-session routes, as the manager needs them (BackendClient in the app, the same in tests). */
export interface UploadSessions {
  plan(folderPath: string, files: UploadFile[]): Promise<PlanUploadResponse>;
  createSession(folderPath: string, files: (UploadFile & { onConflict?: ConflictChoice })[]): Promise<CreateUploadSessionResponse>;
  credentials(keys: string[]): Promise<UploadCredentialsResponse>;
  complete(key: string, size: number, sha256: string): Promise<unknown>;
  cancel(keys: string[]): Promise<unknown>;
  /** Records a card's ASC MHL generation once its files have arrived. */
  recordGeneration(body: RecordUploadGenerationBody): Promise<RecordedGeneration>;
}

export interface UploadLimits {
  /** Files uploading at once. */
  files: number;
  /** Part requests in flight across all files: the network and memory budget. */
  connections: number;
  /** Preferred part size; grows for files over 625 GiB (partPlan.ts). */
  partSize: number;
  /** Tries per request before a file fails; waits grow 0.5 s, 1 s, 2 s… up to 30 s. */
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { files: 3, connections: 6, partSize: DEFAULT_PART_SIZE, attempts: 6, backoffMs: 500 };

export interface UploadManagerOptions {
  sessions: UploadSessions;
  store: UploadStore;
  /** Changed transfers, at most every `eventIntervalMs`. */
  onChange: (changed: TransferView[]) => void;
  limits?: Partial<UploadLimits>;
  eventIntervalMs?: number;
  /** The system clock in the app; tests drive their own. */
  clock?: Clock;
  /** Tests add middleware here (counting part PUTs); the app uses s3ClientFor. */
  makeClient?: (target: UploadTarget, grant: UploadGrant) => S3Client;
  log?: (message: string, error: unknown) => void;
  /**
   * The machine and app version the cards' ASC MHL generations name; null records none (and
   * reads no xxh64 or MD5), as the benchmark's baseline does.
   */
  custody: CustodyCreator | null;
}

type RecordPatch = Partial<Omit<UploadRecord, 'id' | 'seq'>>;

/**
 * The upload queue: files from disk to the media bucket (FileUploader sends each), a few at a
 * time, progress by bytes, state in SQLite so a quit or a crash resumes where it stopped.
 * Uploads run only while someone is signed in.
 */
export class UploadManager {
  private readonly limits: UploadLimits;
  private readonly clock: Clock;
  private readonly queue: TransferQueue<UploadRecord>;
  private readonly files: FileUploader;
  /** Cards whose generation is being recorded, so two files settling together record it once. */
  private readonly recording = new Set<string>();

  constructor(private readonly options: UploadManagerOptions) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
    this.clock = options.clock ?? systemClock;
    this.queue = new TransferQueue<UploadRecord>(
      {
        concurrency: this.limits.files,
        clock: this.clock,
        notifyMs: options.eventIntervalMs ?? 250,
        run: (record, active) => this.run(record, active),
        settle: (record, outcome) => this.settle(record, outcome),
        cancelIdle: (record) => this.cancelled(record),
        retryPatch: (record) => (record.state === 'cancelled' || record.mtimeMs > 0 ? { error: null, finishedAt: null } : null),
        persist: (record, patch) => options.store.update(record.id, patch),
        view: (record, active) => this.view(record, active),
        onChange: options.onChange,
      },
      { open: false },
    );
    this.files = new FileUploader({
      sessions: options.sessions,
      store: options.store,
      limits: this.limits,
      clock: this.clock,
      update: (record, patch) => this.queue.update(record, patch),
      touch: (id) => this.queue.touch(id),
      makeClient: options.makeClient,
      mhl: options.custody !== null,
    });
    const records = options.store.all();
    for (const record of records) {
      // Running when the app quit or crashed: it goes on from its last finished part.
      if (record.state === 'running') {
        record.state = 'queued';
        options.store.update(record.id, { state: 'queued' });
      }
    }
    this.queue.add(records);
  }

  /** Uploads run only while someone is signed in; signing out puts running ones back in the queue. */
  setOnline(online: boolean): void {
    this.queue.setOpen(online);
  }

  async plan(folderPath: string, paths: readonly string[]): Promise<UploadPlan> {
    const { files, unreadable } = await walkPaths(paths);
    const items: UploadPlanItem[] = [];
    for (let i = 0; i < files.length; i += MAX_UPLOAD_FILES) {
      const batch = files.slice(i, i + MAX_UPLOAD_FILES);
      const answer = await this.options.sessions.plan(folderPath, batch.map(toUploadFile));
      answer.files.forEach((planned, index) => items.push(planItem(batch[index]!, planned)));
    }
    return { items, totalBytes: files.reduce((sum, file) => sum + file.size, 0), unreadable };
  }

  async start(input: {
    folderPath: string;
    paths: readonly string[];
    decisions: Record<string, ConflictChoice>;
    onConflict?: ConflictChoice | undefined;
  }): Promise<StartUploadResult> {
    const { files, unreadable } = await walkPaths(input.paths);
    const created: UploadRecord[] = [];
    const conflicts: UploadPlanItem[] = [];
    const skipped: string[] = [];
    const now = new Date(this.clock.now()).toISOString();
    for (let i = 0; i < files.length; i += MAX_UPLOAD_FILES) {
      const batch = files.slice(i, i + MAX_UPLOAD_FILES);
      const choices = batch.map((file) => input.decisions[file.localPath] ?? input.onConflict);
      const answer = await this.options.sessions.createSession(
        input.folderPath,
        batch.map((file, index) => ({ ...toUploadFile(file), ...(choices[index] ? { onConflict: choices[index] } : {}) })),
      );
      const fresh: Omit<UploadRecord, 'seq'>[] = [];
      answer.files.forEach((result, index) => {
        const file = batch[index]!;
        const base = {
          id: randomUUID(),
          localPath: file.localPath,
          folderPath: input.folderPath,
          relativePath: file.relativePath,
          onConflict: choices[index] ?? null,
          size: file.size,
          mtimeMs: file.mtimeMs,
          ...NO_HASHES,
          custodyState: null,
          custodyMessage: null,
          partSize: partSizeFor(file.size, this.limits.partSize),
          uploadId: null,
          createdAt: now,
          startedAt: null,
          finishedAt: null,
        };
        if (result.outcome === 'accepted') fresh.push({ ...base, key: result.key, assetId: result.assetId, state: 'queued', error: null });
        else if (result.outcome === 'refused')
          fresh.push({ ...base, key: null, assetId: null, state: 'failed', error: result.message, finishedAt: now });
        else if (result.outcome === 'skipped') skipped.push(file.localPath);
        else conflicts.push(planItem(file, result));
      });
      created.push(...this.options.store.insert(fresh));
    }
    for (const { localPath, message } of unreadable) {
      const [record] = this.options.store.insert([
        {
          id: randomUUID(),
          localPath,
          folderPath: input.folderPath,
          relativePath: path.basename(localPath),
          onConflict: null,
          key: null,
          assetId: null,
          size: 0,
          mtimeMs: 0,
          state: 'failed',
          error: message,
          ...NO_HASHES,
          custodyState: null,
          custodyMessage: null,
          partSize: null,
          uploadId: null,
          createdAt: now,
          startedAt: null,
          finishedAt: now,
        },
      ]);
      created.push(record!);
    }
    const transfers = created.map((record) => this.queue.view(record));
    this.queue.add(created);
    return { transfers, conflicts, skipped };
  }

  list(): TransferView[] {
    return this.queue.list();
  }

  pause(ids: readonly string[]): TransferView[] {
    this.queue.pause(ids);
    return this.list();
  }

  resume(ids: readonly string[]): TransferView[] {
    this.queue.resume(ids);
    return this.list();
  }

  cancel(ids: readonly string[]): TransferView[] {
    this.queue.cancel(ids);
    return this.list();
  }

  retry(ids: readonly string[]): TransferView[] {
    this.queue.retry(ids);
    return this.list();
  }

  clearFinished(): TransferView[] {
    this.options.store.remove(this.queue.clearFinished().map((record) => record.id));
    return this.list();
  }

  /** Stops everything where it is, as a quit does: running uploads resume at the next start. */
  dispose(): void {
    this.queue.dispose();
    this.files.dispose();
  }

  /** Resolves when nothing is running and nothing queued could start. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async run(record: UploadRecord, active: ActiveTransfer): Promise<void> {
    this.queue.update(record, { startedAt: record.startedAt ?? this.isoNow(), error: null });
    await this.files.upload(record, active);
  }

  private async settle(record: UploadRecord, outcome: RunOutcome): Promise<void> {
    if (outcome.kind === 'succeeded') {
      this.queue.update(record, { state: 'succeeded', finishedAt: this.isoNow() });
      return this.recordCustody(record);
    }
    if (outcome.kind === 'failed') {
      if (!(outcome.error instanceof UploadFailure)) this.options.log?.(`upload of ${record.localPath} failed`, outcome.error);
      return this.queue.update(record, { state: 'failed', error: describe(outcome.error), finishedAt: this.isoNow() });
    }
    // Disposed: left 'running' in the store, so the next start goes on with it.
    if (outcome.as === 'disposed') return;
    if (outcome.as === 'cancelled') return this.cancelled(record);
    this.queue.update(record, { state: outcome.as });
  }

  /** Leaves nothing behind: the multipart upload where the store allows, and the `uploading` record. */
  private async cancelled(record: UploadRecord): Promise<void> {
    const { key, uploadId } = record;
    this.options.store.resetMultipart(record.id);
    const patch: RecordPatch = { state: 'cancelled', uploadId: null, assetId: null, ...NO_HASHES, finishedAt: this.isoNow() };
    this.queue.update(record, patch);
    if (!key) return;
    await this.files.abandon(key, uploadId);
    await this.options.sessions.cancel([key]).catch((error: unknown) => this.options.log?.('cancel upload record', error));
  }

  /**
   * When the last file of a card has arrived, records the card's ASC MHL generation with the
   * hashes read during the upload, and tells each file what it found (a mismatch with the
   * card's own MHL names both hashes). A file that failed can be retried: its success then
   * records a generation of its own.
   */
  private async recordCustody(record: UploadRecord): Promise<void> {
    const creator = this.options.custody;
    const rootPath = cardRootOf(record);
    if (!creator || !rootPath || this.recording.has(rootPath)) return;
    const card = this.queue.all().filter((other) => cardRootOf(other) === rootPath);
    if (card.some((other) => other.state === 'queued' || other.state === 'running' || other.state === 'paused')) return;
    const arrived = card.filter((other) => other.state === 'succeeded' && other.custodyState === null);
    const body = generationBody(rootPath, arrived, creator);
    if (!body) return;
    this.recording.add(rootPath);
    try {
      const recorded = await this.options.sessions.recordGeneration(body);
      for (const file of arrived) {
        if (file.key!.slice(rootPath.length).startsWith('ascmhl/')) continue;
        this.queue.update(file, custodyOutcome(file, rootPath, recorded));
      }
    } catch (error) {
      this.options.log?.(`recording the ASC MHL generation of ${rootPath}`, error);
      const message = `The ASC MHL generation could not be recorded: ${describe(error)}`;
      for (const file of arrived) this.queue.update(file, { custodyState: 'failed', custodyMessage: message });
    } finally {
      this.recording.delete(rootPath);
    }
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private view(record: UploadRecord, active: ActiveTransfer | undefined): TransferView {
    const bytesDone = Math.min(this.files.bytesDone(record), record.size);
    const destination = record.key ? record.key.slice(0, record.key.lastIndexOf('/') + 1) : record.folderPath;
    return {
      id: record.id,
      kind: 'upload',
      name: record.key
        ? record.key.slice(record.key.lastIndexOf('/') + 1)
        : record.relativePath.slice(record.relativePath.lastIndexOf('/') + 1),
      destination,
      bytesDone,
      bytesTotal: record.size,
      state: record.state,
      error: record.state === 'failed' ? record.error : null,
      bytesPerSecond: active ? active.rate.bytesPerSecond() : 0,
      etaSeconds: active ? active.rate.etaSeconds(record.size - bytesDone) : null,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      custody: record.custodyState ? { state: record.custodyState, message: record.custodyMessage ?? '' } : null,
    };
  }
}

function toUploadFile(file: LocalFile): UploadFile {
  return { relativePath: file.relativePath, size: file.size, lastModified: file.mtimeMs };
}

function planItem(
  file: LocalFile,
  planned: PlanUploadResponse['files'][number] | CreateUploadSessionResponse['files'][number],
): UploadPlanItem {
  return {
    localPath: file.localPath,
    relativePath: file.relativePath,
    size: file.size,
    outcome: planned.outcome === 'refused' || planned.outcome === 'conflict' ? planned.outcome : 'new',
    key: 'key' in planned ? planned.key : null,
    rule: planned.outcome === 'refused' ? planned.rule : null,
    message: planned.outcome === 'refused' ? planned.message : null,
    existing: planned.outcome === 'conflict' ? planned.existing : null,
    keepBothKey: planned.outcome === 'conflict' ? planned.keepBothKey : null,
  };
}

function describe(error: unknown): string {
  if (error instanceof UploadFailure) return error.message;
  if (error instanceof Error && 'code' in error && typeof (error as { code?: unknown }).code === 'string' && error.name === 'DomainError')
    return error.message;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as { name?: string }).name ?? 'Error';
  if (status === 403) return 'Storage refused the upload (access denied); check your permissions on this folder.';
  if (isTransient(error)) return `The network or the store kept failing (${name}); it will go on from where it stopped when you retry.`;
  return `Upload failed: ${(error as Error).message || name}`;
}
