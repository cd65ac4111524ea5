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
import type { UploadGrant, UploadTarget } from '@rushes/shared';
import type { Clock } from '../transfers/clock';
import { exponentialBackoff, withRetry, type ActiveTransfer } from '../transfers/queue';
import { ConnectionPool } from './connections';
import { hashInWorker } from './hashHost';
import { fileStamp, hashLocalFile, rangeStream } from './localFiles';
import { partCount, partRange, partSizeFor } from './partPlan';
import { isExpiredCredentials, isTransient, isUnknownUpload, s3ClientFor } from './s3Target';
import { NO_HASHES, type UploadRecord, type UploadStore } from './store';
import type { UploadLimits, UploadSessions } from './manager';

/** Credentials are renewed this long before they expire, so no part starts on a dying key. */
const RENEW_BEFORE_MS = 5 * 60_000;
const MAX_RESTARTS = 3;

/** Raised to start a file over: it changed on disk, or S3 forgot its multipart upload. */
class StartOver extends Error {
  constructor(
    message: string,
    readonly rehash: boolean,
  ) {
    super(message);
  }
}

/** The SHA-256 when every hash the upload needs is known (a record from before MHL hashing has only that one). */
function hashed(record: UploadRecord, mhl: boolean): string | null {
  return record.sha256 && (!mhl || (record.xxh64 && record.md5)) ? record.sha256 : null;
}

/** A failure to show the user as it is. */
export class UploadFailure extends Error {}

interface Grant {
  client: S3Client;
  bucket: string;
  expiresAt: number;
}

/** Bytes of one running upload: finished parts, and what each part in flight has sent. */
interface Progress {
  doneBytes: number;
  inflight: Map<number, number>;
}

type RecordPatch = Partial<Omit<UploadRecord, 'id' | 'seq'>>;

export interface FileUploaderOptions {
  sessions: UploadSessions;
  store: UploadStore;
  limits: UploadLimits;
  clock: Clock;
  /** Patches the record, keeps it in the store and reports it. */
  update: (record: UploadRecord, patch: RecordPatch) => void;
  /** Reports the record with the next progress event. */
  touch: (id: string) => void;
  makeClient?: ((target: UploadTarget, grant: UploadGrant) => S3Client) | undefined;
  /** Whether to read xxh64 and MD5 for the card's ASC MHL generation too. */
  mhl: boolean;
}

/**
 * One file from disk to the media bucket: parts in parallel under one limit of connections
 * shared by every file, each part streamed from disk (memory does not grow with file or part
 * size), each finished part's ETag kept so a quit or a crash goes on without sending it again.
 * The SHA-256, and the xxh64 and MD5 the card's ASC MHL generation records, are read in one
 * ordered pass: before a single-request upload (into the object's metadata), alongside a
 * multipart one (onto the object as a tag, since S3 fixes metadata when the upload is
 * created); the catalog gets the SHA-256 at completion, the MHL the others.
 */
export class FileUploader {
  private readonly grants = new Map<string, Grant>();
  private readonly progress = new Map<string, Progress>();
  private readonly connections: ConnectionPool;

  constructor(private readonly options: FileUploaderOptions) {
    this.connections = new ConnectionPool(options.limits.connections);
  }

  async upload(record: UploadRecord, active: ActiveTransfer): Promise<void> {
    const progress: Progress = { doneBytes: 0, inflight: new Map() };
    this.progress.set(record.id, progress);
    try {
      for (let restart = 0; ; restart += 1) {
        try {
          await this.uploadOnce(record, active, progress);
          return;
        } catch (error) {
          if (!(error instanceof StartOver) || active.signal.aborted) throw error;
          if (restart >= MAX_RESTARTS)
            throw new UploadFailure(`${error.message} It changed ${restart + 1} times; upload it again once it is finished.`);
          const stamp = await this.stamp(record);
          void this.abandon(record.key, record.uploadId);
          this.options.store.resetMultipart(record.id);
          this.options.update(record, {
            uploadId: null,
            size: stamp.size,
            mtimeMs: stamp.mtimeMs,
            partSize: partSizeFor(stamp.size, this.options.limits.partSize),
            ...(error.rehash ? NO_HASHES : {}),
          });
          progress.doneBytes = 0;
          progress.inflight.clear();
          active.rate.reset();
        }
      }
    } finally {
      this.progress.delete(record.id);
    }
  }

  /** Bytes sent of a record: live while it runs, else from its finished parts. */
  bytesDone(record: UploadRecord): number {
    const progress = this.progress.get(record.id);
    if (progress) return progress.doneBytes + [...progress.inflight.values()].reduce((sum, bytes) => sum + bytes, 0);
    if (record.state === 'succeeded') return record.size;
    return this.options.store.parts(record.id).reduce((sum, part) => sum + part.size, 0);
  }

  /** Frees the parts of a multipart upload we will not complete (S3, and local mode's S3 front). */
  async abandon(key: string | null, uploadId: string | null): Promise<void> {
    if (!key || !uploadId) return;
    await this.grant(key)
      .then((grant) => grant.client.send(new AbortMultipartUploadCommand({ Bucket: grant.bucket, Key: key, UploadId: uploadId })))
      .catch(() => undefined);
  }

  dispose(): void {
    for (const grant of this.grants.values()) grant.client.destroy();
    this.grants.clear();
  }

  private async uploadOnce(record: UploadRecord, active: ActiveTransfer, progress: Progress): Promise<void> {
    const { signal } = active;
    await this.ensureSession(record);
    await this.unchanged(record);
    const key = record.key!;
    const partSize = record.partSize ?? partSizeFor(record.size, this.options.limits.partSize);
    const parts = partCount(record.size, partSize);
    const body = (partNumber: number, start: number, end: number) => {
      progress.inflight.set(partNumber, 0);
      // Each chunk taken by the request counts as progress at once.
      return rangeStream(record.localPath, start, end, (count) => {
        progress.inflight.set(partNumber, (progress.inflight.get(partNumber) ?? 0) + count);
        active.rate.sample(this.bytesDone(record));
        this.options.touch(record.id);
      });
    };

    if (parts === 1) {
      // One request: the file is at most one part, so its hash costs little next to the
      // upload, and is known in time to go into the object's metadata.
      const sha256 = hashed(record, this.options.mhl) ?? (await this.hash(record, signal));
      await this.connections.with(signal, () =>
        this.attempt(
          record,
          active,
          (grant) =>
            grant.client.send(
              new PutObjectCommand({
                Bucket: grant.bucket,
                Key: key,
                Body: body(1, 0, record.size),
                ContentLength: record.size,
                Metadata: { sha256 },
              }),
              { abortSignal: signal },
            ),
          () => progress.inflight.set(1, 0),
        ),
      );
      progress.inflight.delete(1);
      progress.doneBytes = record.size;
      await this.attempt(record, active, () => this.options.sessions.complete(key, record.size, sha256));
      return;
    }

    // Multipart: the SHA-256 is read in order alongside the parts (mostly from the page
    // cache the parts just filled), so it costs no time of its own. It is known only at the
    // end, after S3 fixed the object's metadata, so it goes on the object as its `sha256` tag.
    const known = hashed(record, this.options.mhl);
    const hashing = known ? Promise.resolve(known) : this.hash(record, signal);
    hashing.catch(() => undefined); // awaited below; a failed part must not leave it unhandled
    if (!record.uploadId) {
      const created = await this.attempt(record, active, (grant) =>
        grant.client.send(new CreateMultipartUploadCommand({ Bucket: grant.bucket, Key: key }), { abortSignal: signal }),
      );
      if (!created.UploadId) throw new Error('The store started a multipart upload without an id');
      this.options.update(record, { uploadId: created.UploadId });
    }
    const uploadId = record.uploadId!;
    const finished = this.options.store.parts(record.id);
    progress.doneBytes = finished.reduce((sum, part) => sum + part.size, 0);
    this.options.touch(record.id);
    const done = new Set(finished.map((part) => part.partNumber));
    const todo = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !done.has(n));
    await this.connections.each(todo, signal, async (partNumber) => {
      const { start, end } = partRange(record.size, partSize, partNumber);
      await this.unchanged(record);
      const answer = await this.attempt(
        record,
        active,
        (grant) =>
          grant.client.send(
            new UploadPartCommand({
              Bucket: grant.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: partNumber,
              Body: body(partNumber, start, end),
              ContentLength: end - start,
            }),
            { abortSignal: signal },
          ),
        () => progress.inflight.set(partNumber, 0),
      );
      if (!answer.ETag) throw new Error(`The store accepted part ${partNumber} without an ETag`);
      this.options.store.addPart(record.id, { partNumber, etag: answer.ETag, size: end - start });
      progress.inflight.delete(partNumber);
      progress.doneBytes += end - start;
      this.options.touch(record.id);
    });
    const sha256 = await hashing;
    await this.unchanged(record);
    const stored = this.options.store.parts(record.id);
    await this.attempt(record, active, (grant) =>
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
    await this.attempt(record, active, (grant) =>
      grant.client.send(
        new PutObjectTaggingCommand({ Bucket: grant.bucket, Key: key, Tagging: { TagSet: [{ Key: 'sha256', Value: sha256 }] } }),
        { abortSignal: signal },
      ),
    );
    await this.attempt(record, active, () => this.options.sessions.complete(key, record.size, sha256));
  }

  /** The file's hashes, kept with the record so a resume after a crash does not read it again; answers the SHA-256. */
  private async hash(record: UploadRecord, signal: AbortSignal): Promise<string> {
    const { size, mtimeMs } = record;
    // A one-part file is hashed here (a thread costs more than its hash); a larger one beside its parts, in a worker.
    const single = record.size <= (record.partSize ?? partSizeFor(record.size, this.options.limits.partSize));
    const hashes = await (single ? hashLocalFile : hashInWorker)(record.localPath, signal, this.options.mhl);
    const now = await this.stamp(record);
    if (now.size !== size || now.mtimeMs !== mtimeMs) {
      throw new StartOver(`${path.basename(record.localPath)} changed on disk while it was uploading.`, true);
    }
    // A restart (the file changed while this pass was reading) has moved the record on: this hash is of the old file.
    if (record.size === size && record.mtimeMs === mtimeMs) this.options.update(record, hashes);
    return hashes.sha256;
  }

  /** Files that were refused, skipped or cancelled before get a session of their own. */
  private async ensureSession(record: UploadRecord): Promise<void> {
    if (record.key && record.assetId) return;
    const stamp = await this.stamp(record);
    this.options.update(record, {
      size: stamp.size,
      mtimeMs: stamp.mtimeMs,
      partSize: partSizeFor(stamp.size, this.options.limits.partSize),
      ...NO_HASHES,
    });
    const answer = await this.options.sessions.createSession(record.folderPath, [
      {
        relativePath: record.relativePath,
        size: stamp.size,
        lastModified: stamp.mtimeMs,
        ...(record.onConflict ? { onConflict: record.onConflict } : {}),
      },
    ]);
    const result = answer.files[0];
    if (result?.outcome === 'accepted') this.options.update(record, { key: result.key, assetId: result.assetId });
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
   * the store forgot starts over. `onFailed` runs after each failed try.
   */
  private attempt<R>(
    record: UploadRecord,
    active: ActiveTransfer,
    request: (grant: Grant) => Promise<R>,
    onFailed: () => void = () => undefined,
  ): Promise<R> {
    const key = record.key!;
    return withRetry(
      async () => {
        const grant = await this.grant(key);
        try {
          return await request(grant);
        } catch (error) {
          onFailed();
          throw error;
        }
      },
      {
        attempts: this.options.limits.attempts,
        backoffMs: exponentialBackoff(this.options.limits.backoffMs),
        clock: this.options.clock,
        signal: active.signal,
        classify: (error) => {
          if (isUnknownUpload(error)) throw new StartOver('The store no longer knows this upload.', false);
          if (isExpiredCredentials(error)) {
            this.dropGrant(key);
            return 'now';
          }
          return isTransient(error) ? 'wait' : 'stop';
        },
      },
    );
  }

  private async grant(key: string): Promise<Grant> {
    const cached = this.grants.get(key);
    if (cached && cached.expiresAt - this.options.clock.now() > RENEW_BEFORE_MS) return cached;
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
}
