import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { HashAlgorithm, UploadGrant, UploadTarget } from '@rushes/shared';
import type { Clock } from '../transfers/clock';
import type { ActiveTransfer } from '../transfers/queue';
import { ConnectionPool } from './connections';
import { localCardRoot, uploadHashes } from './custody';
import { HashThread } from './hashHost';
import { BlockPool } from './blockPool';
import { fileHashes, fileStamp, partStream, type PartBody } from './localFiles';
import { OrderedHash } from './orderedHash';
import { partCount, partRange, partSizeFor } from './partPlan';
import { StartOver, UploadGrants, type Grant } from './grants';
import { NO_HASHES, type UploadRecord, type UploadStore } from './store';
import type { UploadLimits, UploadSessions } from './manager';

const MAX_RESTARTS = 3;
/**
 * How far a file's part readers may run ahead of its hash: six 8 MiB parts in flight fit.
 * The window's blocks are most of an upload's memory, so a file of larger parts sends fewer
 * of them at once (as many as fit) rather than more bytes.
 */
const MAX_HASH_WINDOW = 48 * 1024 * 1024;
/** Parts are read and sent in blocks of 1 MiB. */
const READ_BLOCK = 1024 * 1024;
/** Free blocks the pool keeps while files upload: a hash window and two per connection fit. */
const KEEP_BLOCKS = 64;

/** The SHA-256 when every hash the upload needs is known (kept from before a crash or a failed completion). */
function hashed(record: UploadRecord, algorithms: readonly HashAlgorithm[]): string | null {
  const known = { sha256: record.sha256, xxh64: record.xxh64, md5: record.md5 } as Record<HashAlgorithm, string | null | undefined>;
  return algorithms.every((algorithm) => known[algorithm]) ? record.sha256 : null;
}

/** A failure to show the user as it is. */
export class UploadFailure extends Error {}

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
  /** Whether to read xxh64 (and MD5 where the card's own MHL lists it) for the card's ASC MHL generation too. */
  mhl: boolean;
}

/**
 * One file from disk to the media bucket: parts in parallel under one limit of connections
 * shared by every file, each part streamed from disk (memory does not grow with file size),
 * each finished part's ETag kept so a quit or a crash goes on without sending it again.
 * The hashes (SHA-256 for the catalog, xxh64 for the card's ASC MHL generation) are made in
 * the hash thread from the very bytes the parts read, put in file order (orderedHash.ts): no
 * byte is read twice, except after a crash, the parts sent before it.
 */
export class FileUploader {
  private readonly grants: UploadGrants;
  private readonly progress = new Map<string, Progress>();
  private readonly connections: ConnectionPool;
  private readonly hashThread = new HashThread();
  /** Read blocks shared by every part of every file (blockPool.ts). */
  private readonly blocks = new BlockPool(READ_BLOCK, KEEP_BLOCKS);
  /** Per card folder on disk: which hashes its files need (a card's own MHL may ask for MD5). */
  private readonly cardHashes = new Map<string, Promise<HashAlgorithm[]>>();

  constructor(private readonly options: FileUploaderOptions) {
    this.connections = new ConnectionPool(options.limits.connections);
    this.grants = new UploadGrants(options);
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
      if (this.progress.size === 0) this.blocks.trim();
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
    await this.grants
      .grant(key)
      .then((grant) => grant.client.send(new AbortMultipartUploadCommand({ Bucket: grant.bucket, Key: key, UploadId: uploadId })))
      .catch(() => undefined);
  }

  dispose(): void {
    this.grants.dispose();
    this.hashThread.dispose();
  }

  private async uploadOnce(record: UploadRecord, active: ActiveTransfer, progress: Progress): Promise<void> {
    const { signal } = active;
    await this.ensureSession(record);
    await this.unchanged(record);
    const key = record.key!;
    const partSize = record.partSize ?? partSizeFor(record.size, this.options.limits.partSize);
    const parts = partCount(record.size, partSize);
    const algorithms = await this.algorithms(record);
    const known = hashed(record, algorithms);
    let hash: OrderedHash | null = null;
    const body = (partNumber: number, start: number, end: number) => {
      progress.inflight.set(partNumber, 0);
      return partStream(record.localPath, start, end, hash, this.blocks, (count) => {
        progress.inflight.set(partNumber, (progress.inflight.get(partNumber) ?? 0) + count);
        active.rate.sample(this.bytesDone(record));
        this.options.touch(record.id);
      });
    };
    try {
      let uploadId: string | null = null;
      if (parts === 1) {
        hash = known ? null : this.orderedHash(record, algorithms, partSize, []);
        await this.connections.with(signal, () =>
          this.attempt(
            record,
            active,
            async (grant) => {
              const sending = body(1, 0, record.size);
              const answer = await grant.client.send(
                new PutObjectCommand({ Bucket: grant.bucket, Key: key, Body: sending, ContentLength: record.size }),
                { abortSignal: signal },
              );
              sending.sent();
              return answer;
            },
            () => progress.inflight.set(1, 0),
          ),
        );
        progress.inflight.delete(1);
        progress.doneBytes = record.size;
      } else {
        uploadId = await this.multipartId(record, active);
        const finished = this.options.store.parts(record.id);
        progress.doneBytes = finished.reduce((sum, part) => sum + part.size, 0);
        this.options.touch(record.id);
        // Parts sent before a crash are not read again for the upload: the hash thread reads them.
        const sent = finished.map((part) => partRange(record.size, partSize, part.partNumber));
        hash = known ? null : this.orderedHash(record, algorithms, partSize, sent);
        const done = new Set(finished.map((part) => part.partNumber));
        const todo = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !done.has(n));
        await this.connections.each(
          todo,
          signal,
          async (partNumber) => {
            try {
              await this.sendPart(record, active, progress, uploadId!, partSize, partNumber, body);
            } catch (error) {
              // The bytes this part would have given the hash never come: free the parts waiting on them.
              hash?.drop();
              throw error;
            }
          },
          // Parts a file reads at once stay within its hash window.
          hash ? Math.floor(MAX_HASH_WINDOW / partSize) : this.options.limits.connections,
        );
      }
      const sha256 = known ?? (await this.digest(record, hash!));
      await this.unchanged(record);
      if (uploadId) await this.completeMultipart(record, active, uploadId);
      await this.attempt(record, active, () => this.options.sessions.complete(key, record.size, sha256));
    } catch (error) {
      hash?.drop();
      throw error;
    }
  }

  private async multipartId(record: UploadRecord, active: ActiveTransfer): Promise<string> {
    if (!record.uploadId) {
      const created = await this.attempt(record, active, (grant) =>
        grant.client.send(new CreateMultipartUploadCommand({ Bucket: grant.bucket, Key: record.key! }), { abortSignal: active.signal }),
      );
      if (!created.UploadId) throw new Error('The store started a multipart upload without an id');
      this.options.update(record, { uploadId: created.UploadId });
    }
    return record.uploadId!;
  }

  private async sendPart(
    record: UploadRecord,
    active: ActiveTransfer,
    progress: Progress,
    uploadId: string,
    partSize: number,
    partNumber: number,
    body: (partNumber: number, start: number, end: number) => PartBody,
  ): Promise<void> {
    const { start, end } = partRange(record.size, partSize, partNumber);
    await this.unchanged(record);
    const answer = await this.attempt(
      record,
      active,
      async (grant) => {
        const sending = body(partNumber, start, end);
        const answer = await grant.client.send(
          new UploadPartCommand({
            Bucket: grant.bucket,
            Key: record.key!,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: sending,
            ContentLength: end - start,
          }),
          { abortSignal: active.signal },
        );
        sending.sent();
        return answer;
      },
      () => progress.inflight.set(partNumber, 0),
    );
    if (!answer.ETag) throw new Error(`The store accepted part ${partNumber} without an ETag`);
    this.options.store.addPart(record.id, { partNumber, etag: answer.ETag, size: end - start });
    progress.inflight.delete(partNumber);
    progress.doneBytes += end - start;
    this.options.touch(record.id);
  }

  private async completeMultipart(record: UploadRecord, active: ActiveTransfer, uploadId: string): Promise<void> {
    const stored = this.options.store.parts(record.id);
    await this.attempt(record, active, (grant) =>
      grant.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: grant.bucket,
          Key: record.key!,
          UploadId: uploadId,
          MultipartUpload: { Parts: stored.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
        { abortSignal: active.signal },
      ),
    );
  }

  private algorithms(record: UploadRecord): Promise<HashAlgorithm[]> {
    const root = this.options.mhl ? localCardRoot(record) : null;
    if (root === null) return uploadHashes(this.options.mhl, null);
    let found = this.cardHashes.get(root);
    if (!found) {
      found = uploadHashes(true, root);
      this.cardHashes.set(root, found);
    }
    return found;
  }

  private orderedHash(
    record: UploadRecord,
    algorithms: readonly HashAlgorithm[],
    partSize: number,
    sent: { start: number; end: number }[],
  ) {
    const window = Math.min(MAX_HASH_WINDOW, Math.max(1, this.options.limits.connections) * partSize);
    return new OrderedHash(this.hashThread.open(algorithms), record.localPath, record.size, window, sent);
  }

  /** The file's hashes, kept with the record so a resume after a crash does not read it again; answers the SHA-256. */
  private async digest(record: UploadRecord, hash: OrderedHash): Promise<string> {
    const hashes = fileHashes((await hash.digest()).values);
    // The bytes hashed must be the file as it was stamped: a file written to meanwhile starts over.
    await this.unchanged(record);
    this.options.update(record, hashes);
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

  /** One request for the record's key, with the retries of grants.ts. */
  private attempt<R>(
    record: UploadRecord,
    active: ActiveTransfer,
    request: (grant: Grant) => Promise<R>,
    onFailed?: () => void,
  ): Promise<R> {
    return this.grants.attempt(record.key!, active.signal, request, onFailed);
  }
}
