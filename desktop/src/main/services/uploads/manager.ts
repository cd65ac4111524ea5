import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  MAX_UPLOAD_FILES,
  isFinished,
  type ConflictChoice,
  type CreateUploadSessionResponse,
  type PlanUploadResponse,
  type StartUploadResult,
  type TransferView,
  type UploadCredentialsResponse,
  type UploadFile,
  type UploadGrant,
  type UploadPlan,
  type UploadPlanItem,
  type UploadTarget,
} from '@rushes/shared';
import { TransferRate } from '../transferRate';
import { ConnectionPool, sleep } from './connections';
import { fileStamp, rangeStream, sha256File, walkPaths, type LocalFile } from './localFiles';
import { DEFAULT_PART_SIZE, partCount, partRange, partSizeFor } from './partPlan';
import { isExpiredCredentials, isTransient, isUnknownUpload, s3ClientFor } from './s3Target';
import type { UploadRecord, UploadStore } from './store';

/** The upload-session routes, as the manager needs them (BackendClient in the app, the same in tests). */
export interface UploadSessions {
  plan(folderPath: string, files: UploadFile[]): Promise<PlanUploadResponse>;
  createSession(folderPath: string, files: (UploadFile & { onConflict?: ConflictChoice })[]): Promise<CreateUploadSessionResponse>;
  credentials(keys: string[]): Promise<UploadCredentialsResponse>;
  complete(key: string, size: number, sha256: string): Promise<unknown>;
  cancel(keys: string[]): Promise<unknown>;
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
/** Credentials are renewed this long before they expire, so no part starts on a dying key. */
const RENEW_BEFORE_MS = 5 * 60_000;
const MAX_RESTARTS = 3;

export interface UploadManagerOptions {
  sessions: UploadSessions;
  store: UploadStore;
  /** Changed transfers, at most every `eventIntervalMs`. */
  onChange: (changed: TransferView[]) => void;
  limits?: Partial<UploadLimits>;
  eventIntervalMs?: number;
  /** Tests add middleware here (counting part PUTs); the app uses s3ClientFor. */
  makeClient?: (target: UploadTarget, grant: UploadGrant) => S3Client;
  log?: (message: string, error: unknown) => void;
}

/** Raised to start a file over: it changed on disk, or S3 forgot its multipart upload. */
class StartOver extends Error {
  constructor(
    message: string,
    readonly rehash: boolean,
  ) {
    super(message);
  }
}

/** A failure to show the user as it is. */
class UploadFailure extends Error {}

interface Running {
  abort: AbortController;
  /** Why it was stopped: the state to leave it in. */
  stopAs: 'paused' | 'cancelled' | 'queued' | 'disposed' | null;
  doneBytes: number;
  inflight: Map<number, number>;
  rate: TransferRate;
}

interface Grant {
  client: S3Client;
  bucket: string;
  expiresAt: number;
}

/**
 * Uploads files from disk to the media bucket: files and parts in parallel under one limit
 * of connections, each part streamed from disk (memory does not grow with file or part
 * size), progress by bytes, state in SQLite so a quit or a crash resumes without sending a
 * finished part again. The SHA-256 is read in one ordered pass: before a single-request
 * upload (into the object's metadata), alongside a multipart one (onto the object as a tag,
 * since S3 fixes metadata when the upload is created); the catalog gets it at completion.
 */
export class UploadManager {
  private readonly limits: UploadLimits;
  private readonly records = new Map<string, UploadRecord>();
  private readonly running = new Map<string, Running>();
  private readonly grants = new Map<string, Grant>();
  private readonly dirty = new Set<string>();
  private eventTimer: NodeJS.Timeout | null = null;
  private online = false;
  private disposed = false;
  private readonly connections: ConnectionPool;

  constructor(private readonly options: UploadManagerOptions) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
    this.connections = new ConnectionPool(this.limits.connections);
    for (const record of options.store.all()) {
      // Running when the app quit or crashed: it goes on from its last finished part.
      if (record.state === 'running') {
        record.state = 'queued';
        options.store.update(record.id, { state: 'queued' });
      }
      this.records.set(record.id, record);
    }
  }

  /** Uploads run only while someone is signed in; signing out puts running ones back in the queue. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.schedule();
    else for (const id of this.running.keys()) this.stop(id, 'queued');
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
    const now = new Date().toISOString();
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
          sha256: null,
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
      for (const record of this.options.store.insert(fresh)) {
        this.records.set(record.id, record);
        created.push(record);
      }
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
          sha256: null,
          partSize: null,
          uploadId: null,
          createdAt: now,
          startedAt: null,
          finishedAt: now,
        },
      ]);
      this.records.set(record!.id, record!);
      created.push(record!);
    }
    const transfers = created.map((record) => this.view(record));
    this.schedule();
    return { transfers, conflicts, skipped };
  }

  list(): TransferView[] {
    return [...this.records.values()].map((record) => this.view(record));
  }

  pause(ids: readonly string[]): TransferView[] {
    for (const record of this.select(ids)) {
      if (record.state === 'running') this.stop(record.id, 'paused');
      else if (record.state === 'queued') this.setState(record, { state: 'paused' });
    }
    return this.list();
  }

  resume(ids: readonly string[]): TransferView[] {
    for (const record of this.select(ids)) if (record.state === 'paused') this.setState(record, { state: 'queued' });
    this.schedule();
    return this.list();
  }

  cancel(ids: readonly string[]): TransferView[] {
    for (const record of this.select(ids)) {
      if (isFinished(record.state)) continue;
      if (record.state === 'running') this.stop(record.id, 'cancelled');
      else void this.cancelled(record);
    }
    return this.list();
  }

  retry(ids: readonly string[]): TransferView[] {
    for (const record of this.select(ids)) {
      if ((record.state === 'failed' && record.size >= 0 && record.mtimeMs > 0) || record.state === 'cancelled') {
        this.setState(record, { state: 'queued', error: null, finishedAt: null });
      }
    }
    this.schedule();
    return this.list();
  }

  clearFinished(): TransferView[] {
    const finished = [...this.records.values()].filter((record) => isFinished(record.state) && !this.running.has(record.id));
    this.options.store.remove(finished.map((record) => record.id));
    for (const record of finished) this.records.delete(record.id);
    return this.list();
  }

  /** Stops everything where it is, as a quit does: running uploads resume at the next start. */
  dispose(): void {
    this.disposed = true;
    for (const id of this.running.keys()) this.stop(id, 'disposed');
    if (this.eventTimer) clearTimeout(this.eventTimer);
    this.eventTimer = null;
    for (const grant of this.grants.values()) grant.client.destroy();
    this.grants.clear();
  }

  /** Resolves when nothing is running (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || (this.online && !this.disposed && [...this.records.values()].some((r) => r.state === 'queued'))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // Scheduling ---------------------------------------------------------------------------

  private select(ids: readonly string[]): UploadRecord[] {
    if (ids.length === 0) return [...this.records.values()];
    return ids.map((id) => this.records.get(id)).filter((record): record is UploadRecord => record !== undefined);
  }

  private schedule(): void {
    if (!this.online || this.disposed) return;
    for (const record of this.records.values()) {
      if (this.running.size >= this.limits.files) return;
      if (record.state === 'queued' && !this.running.has(record.id)) void this.run(record);
    }
  }

  private stop(id: string, as: NonNullable<Running['stopAs']>): void {
    const running = this.running.get(id);
    if (!running) return;
    running.stopAs = as;
    running.abort.abort();
  }

  private async run(record: UploadRecord): Promise<void> {
    const running: Running = { abort: new AbortController(), stopAs: null, doneBytes: 0, inflight: new Map(), rate: new TransferRate() };
    this.running.set(record.id, running);
    this.setState(record, { state: 'running', startedAt: record.startedAt ?? new Date().toISOString(), error: null });
    try {
      await this.upload(record, running);
      this.running.delete(record.id);
      this.setState(record, { state: 'succeeded', finishedAt: new Date().toISOString() });
    } catch (error) {
      this.running.delete(record.id);
      const stopAs = running.stopAs;
      if (stopAs === 'disposed') return;
      if (stopAs === 'cancelled') await this.cancelled(record);
      else if (stopAs) this.setState(record, { state: stopAs });
      else {
        if (!(error instanceof UploadFailure)) this.options.log?.(`upload of ${record.localPath} failed`, error);
        this.setState(record, { state: 'failed', error: describe(error), finishedAt: new Date().toISOString() });
      }
    } finally {
      this.running.delete(record.id);
      this.schedule();
    }
  }

  /** Leaves nothing behind: the multipart upload where the store allows, and the `uploading` record. */
  private async cancelled(record: UploadRecord): Promise<void> {
    const { key, uploadId } = record;
    this.options.store.resetMultipart(record.id);
    this.setState(record, { state: 'cancelled', uploadId: null, assetId: null, sha256: null, finishedAt: new Date().toISOString() });
    if (!key) return;
    await this.abandon(key, uploadId);
    await this.options.sessions.cancel([key]).catch((error: unknown) => this.options.log?.('cancel upload record', error));
  }

  /** Frees the parts of a multipart upload we will not complete (S3, and local mode's S3 front). */
  private async abandon(key: string | null, uploadId: string | null): Promise<void> {
    if (!key || !uploadId) return;
    await this.grant(key)
      .then((grant) => grant.client.send(new AbortMultipartUploadCommand({ Bucket: grant.bucket, Key: key, UploadId: uploadId })))
      .catch(() => undefined);
  }

  // One file -----------------------------------------------------------------------------

  private async upload(record: UploadRecord, running: Running): Promise<void> {
    for (let restart = 0; ; restart += 1) {
      try {
        await this.uploadOnce(record, running);
        return;
      } catch (error) {
        if (!(error instanceof StartOver) || running.abort.signal.aborted) throw error;
        if (restart >= MAX_RESTARTS)
          throw new UploadFailure(`${error.message} It changed ${restart + 1} times; upload it again once it is finished.`);
        const stamp = await this.stamp(record);
        void this.abandon(record.key, record.uploadId);
        this.options.store.resetMultipart(record.id);
        this.patch(record, {
          uploadId: null,
          size: stamp.size,
          mtimeMs: stamp.mtimeMs,
          partSize: partSizeFor(stamp.size, this.limits.partSize),
          ...(error.rehash ? { sha256: null } : {}),
        });
        running.doneBytes = 0;
        running.inflight.clear();
        running.rate.reset();
        this.touch(record.id);
      }
    }
  }

  private async uploadOnce(record: UploadRecord, running: Running): Promise<void> {
    const signal = running.abort.signal;
    await this.ensureSession(record);
    await this.unchanged(record);
    const key = record.key!;
    const partSize = record.partSize ?? partSizeFor(record.size, this.limits.partSize);
    const parts = partCount(record.size, partSize);

    if (parts === 1) {
      // One request: the file is at most one part, so its hash costs little next to the
      // upload, and is known in time to go into the object's metadata.
      const sha256 = record.sha256 ?? (await this.hash(record, signal));
      await this.connections.with(signal, () =>
        this.attempt(
          record,
          running,
          async (grant) => {
            running.inflight.set(1, 0);
            await grant.client.send(
              new PutObjectCommand({
                Bucket: grant.bucket,
                Key: key,
                Body: this.partBody(record, running, 1, 0, record.size),
                ContentLength: record.size,
                Metadata: { sha256 },
              }),
              { abortSignal: signal },
            );
          },
          1,
        ),
      );
      running.inflight.delete(1);
      running.doneBytes = record.size;
      await this.attempt(record, running, () => this.options.sessions.complete(key, record.size, sha256));
      return;
    }

    // Multipart: the SHA-256 is read in order alongside the parts (mostly from the page
    // cache the parts just filled), so it costs no time of its own. It is known only at the
    // end, after S3 fixed the object's metadata, so it goes on the object as its `sha256` tag.
    const hashing = record.sha256 ? Promise.resolve(record.sha256) : this.hash(record, signal);
    hashing.catch(() => undefined); // awaited below; a failed part must not leave it unhandled
    if (!record.uploadId) {
      const created = await this.attempt(record, running, (grant) =>
        grant.client.send(new CreateMultipartUploadCommand({ Bucket: grant.bucket, Key: key }), { abortSignal: signal }),
      );
      if (!created.UploadId) throw new Error('The store started a multipart upload without an id');
      this.patch(record, { uploadId: created.UploadId });
    }
    const uploadId = record.uploadId!;
    const finished = new Set(this.options.store.parts(record.id).map((part) => part.partNumber));
    running.doneBytes = this.options.store.parts(record.id).reduce((sum, part) => sum + part.size, 0);
    this.touch(record.id);
    const todo = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !finished.has(n));
    await this.connections.each(todo, signal, async (partNumber) => {
      const { start, end } = partRange(record.size, partSize, partNumber);
      await this.unchanged(record);
      const answer = await this.attempt(
        record,
        running,
        (grant) => {
          running.inflight.set(partNumber, 0);
          return grant.client.send(
            new UploadPartCommand({
              Bucket: grant.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: partNumber,
              Body: this.partBody(record, running, partNumber, start, end),
              ContentLength: end - start,
            }),
            { abortSignal: signal },
          );
        },
        partNumber,
      );
      if (!answer.ETag) throw new Error(`The store accepted part ${partNumber} without an ETag`);
      this.options.store.addPart(record.id, { partNumber, etag: answer.ETag, size: end - start });
      running.inflight.delete(partNumber);
      running.doneBytes += end - start;
      this.touch(record.id);
    });
    const sha256 = await hashing;
    await this.unchanged(record);
    const stored = this.options.store.parts(record.id);
    await this.attempt(record, running, (grant) =>
      grant.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: grant.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: stored.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
        { abortSignal: signal },
      ),
    );
    await this.attempt(record, running, (grant) =>
      grant.client.send(
        new PutObjectTaggingCommand({ Bucket: grant.bucket, Key: key, Tagging: { TagSet: [{ Key: 'sha256', Value: sha256 }] } }),
        { abortSignal: signal },
      ),
    );
    await this.attempt(record, running, () => this.options.sessions.complete(key, record.size, sha256));
  }

  /** The file's SHA-256, kept with the record so a resume after a crash does not read it again. */
  private async hash(record: UploadRecord, signal: AbortSignal): Promise<string> {
    const { size, mtimeMs } = record;
    const sha256 = await sha256File(record.localPath, signal);
    const now = await this.stamp(record);
    if (now.size !== size || now.mtimeMs !== mtimeMs) {
      throw new StartOver(`${path.basename(record.localPath)} changed on disk while it was uploading.`, true);
    }
    // A restart (the file changed while this pass was reading) has moved the record on: this hash is of the old file.
    if (record.size === size && record.mtimeMs === mtimeMs) this.patch(record, { sha256 });
    return sha256;
  }

  /** The part's bytes from disk; each chunk taken by the request counts as progress at once. */
  private partBody(record: UploadRecord, running: Running, partNumber: number, start: number, end: number) {
    return rangeStream(record.localPath, start, end, (count) => {
      running.inflight.set(partNumber, (running.inflight.get(partNumber) ?? 0) + count);
      running.rate.sample(this.bytesDone(record));
      this.touch(record.id);
    });
  }

  /** Files that were refused, skipped or cancelled before get a session of their own. */
  private async ensureSession(record: UploadRecord): Promise<void> {
    if (record.key && record.assetId) return;
    const stamp = await this.stamp(record);
    this.patch(record, { size: stamp.size, mtimeMs: stamp.mtimeMs, partSize: partSizeFor(stamp.size, this.limits.partSize), sha256: null });
    const answer = await this.options.sessions.createSession(record.folderPath, [
      {
        relativePath: record.relativePath,
        size: stamp.size,
        lastModified: stamp.mtimeMs,
        ...(record.onConflict ? { onConflict: record.onConflict } : {}),
      },
    ]);
    const result = answer.files[0];
    if (result?.outcome === 'accepted') this.patch(record, { key: result.key, assetId: result.assetId });
    else if (result?.outcome === 'refused') throw new UploadFailure(result.message);
    else if (result?.outcome === 'conflict')
      throw new UploadFailure(`"${result.existing.name}" already exists there; upload it again and choose keep both or replace.`);
    else throw new UploadFailure('Skipped: a file of that name is already there.');
  }

  private async stamp(record: UploadRecord): Promise<{ size: number; mtimeMs: number }> {
    try {
      return await fileStamp(record.localPath);
    } catch {
      throw new UploadFailure(`${record.localPath} is no longer there (was the card or drive removed?).`);
    }
  }

  /** Throws StartOver when the file's size or modification time is not what we hashed. */
  private async unchanged(record: UploadRecord): Promise<void> {
    const now = await this.stamp(record);
    if (now.size !== record.size || now.mtimeMs !== record.mtimeMs) {
      throw new StartOver(`${path.basename(record.localPath)} changed on disk while it was uploading.`, true);
    }
  }

  /**
   * One request with the retries a person would want: network trouble and 5xx wait and try
   * again (0.5 s, 1 s, 2 s… up to 30 s), expired credentials are renewed, a multipart upload
   * the store forgot starts over.
   */
  private async attempt<T>(record: UploadRecord, running: Running, request: (grant: Grant) => Promise<T>, partNumber?: number): Promise<T> {
    const signal = running.abort.signal;
    for (let attempt = 1; ; attempt += 1) {
      const grant = await this.grant(record.key!);
      try {
        return await request(grant);
      } catch (error) {
        // The bytes this request had sent do not count any more: the part goes again whole.
        if (partNumber !== undefined) running.inflight.set(partNumber, 0);
        if (signal.aborted) throw error;
        if (isUnknownUpload(error)) throw new StartOver('The store no longer knows this upload.', false);
        if (attempt >= this.limits.attempts) throw error;
        if (isExpiredCredentials(error)) {
          this.dropGrant(record.key!);
          continue;
        }
        if (!isTransient(error)) throw error;
        await sleep(Math.min(30_000, this.limits.backoffMs * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2), signal);
      }
    }
  }

  private async grant(key: string): Promise<Grant> {
    const cached = this.grants.get(key);
    if (cached && cached.expiresAt - Date.now() > RENEW_BEFORE_MS) return cached;
    if (cached) this.dropGrant(key);
    const answer = await this.options.sessions.credentials([key]);
    const given = answer.grants.find((grant) => grant.keys.includes(key));
    if (!given) throw new Error(`The API gave no credentials for ${key}`);
    const grant = {
      client: (this.options.makeClient ?? s3ClientFor)(answer.target, given),
      bucket: answer.target.bucket,
      expiresAt: Date.parse(given.expiresAt),
    };
    this.grants.set(key, grant);
    return grant;
  }

  private dropGrant(key: string): void {
    this.grants.get(key)?.client.destroy();
    this.grants.delete(key);
  }

  // State and events ---------------------------------------------------------------------

  private patch(record: UploadRecord, patch: Partial<Omit<UploadRecord, 'id' | 'seq'>>): void {
    Object.assign(record, patch);
    this.options.store.update(record.id, patch);
  }

  private setState(record: UploadRecord, patch: Partial<Omit<UploadRecord, 'id' | 'seq'>>): void {
    this.patch(record, patch);
    this.touch(record.id);
  }

  private bytesDone(record: UploadRecord): number {
    const running = this.running.get(record.id);
    if (running) return running.doneBytes + [...running.inflight.values()].reduce((sum, bytes) => sum + bytes, 0);
    if (record.state === 'succeeded') return record.size;
    return this.options.store.parts(record.id).reduce((sum, part) => sum + part.size, 0);
  }

  private view(record: UploadRecord): TransferView {
    const running = this.running.get(record.id);
    const bytesDone = Math.min(this.bytesDone(record), record.size);
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
      bytesPerSecond: running ? running.rate.bytesPerSecond() : 0,
      etaSeconds: running ? running.rate.etaSeconds(record.size - bytesDone) : null,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
    };
  }

  private touch(id: string): void {
    this.dirty.add(id);
    if (this.eventTimer || this.disposed) return;
    this.eventTimer = setTimeout(() => {
      this.eventTimer = null;
      const changed = [...this.dirty].map((dirty) => this.records.get(dirty)).filter((r): r is UploadRecord => r !== undefined);
      this.dirty.clear();
      if (changed.length > 0) this.options.onChange(changed.map((record) => this.view(record)));
    }, this.options.eventIntervalMs ?? 250);
    this.eventTimer.unref();
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
