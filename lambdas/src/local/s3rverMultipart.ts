// s3rver ships no types; the ambient declaration must travel with this file to every tsconfig that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type S3rver from 's3rver';
import { S3RVER_CREDENTIALS } from './s3Client';

/**
 * Multipart uploads on s3rver, finished and abandoned the way S3 does it.
 *
 * UploadPart: s3rver writes each part to a file of its own, and CompleteMultipartUpload
 * then copies every byte again into the object: for a 4 GiB card clip that was 20-30 s of
 * disk-bound copying after the last part, while S3 answers at once. Clients (ours, the aws
 * CLI, lib-storage) cut a file into parts of one size with a shorter last one, so a part
 * N of an upload's size L belongs at byte (N-1)·L of the object: here a part is written
 * straight into that slot of one `assembly` file, and completion, when the listed parts are
 * 1..n and all but the last fill their slot, only truncates and renames it. Any other shape
 * (parts of mixed sizes, gaps, a part larger than the slot, a chunked body) still works:
 * such parts go to files of their own and completion copies from wherever each part lives.
 * The slot size is fixed by the first part received and kept on disk, so an upload resumed
 * after a restart finds it. A part being rewritten loses its record first, so a write cut
 * short can never be mistaken for the part that was there.
 *
 * CompleteMultipartUpload: S3 does not hash the content again either: a multipart object's
 * ETag is the MD5 of its parts' MD5s, then `-` and the number of parts. A listed part must
 * exist with the ETag it was given (InvalidPart otherwise), and the object appears by
 * rename, so a reader never sees half of it.
 */

/** What of s3rver's FilesystemStore this needs (it ships no types). */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putPart(bucket: string, uploadId: string, partNumber: number | string, content: IncomingMessage): Promise<{ md5: string; size: number }>;
  putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string; size: number }>;
}

type S3ErrorClass = new (code: string, message: string, detail?: Record<string, unknown>) => Error;

/** Where a part's bytes are: its slot in the assembly file, or a file of its own (s3rver's layout). */
interface PartRecord {
  readonly size: number;
  readonly md5: string;
  readonly inSlot: boolean;
}

const COPY_BUFFER = 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;
const NO_SUCH_UPLOAD =
  'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.';
const INVALID_PART =
  "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.";
const require = createRequire(import.meta.url);
/** Slot size per upload directory: the first part's length wins, kept on disk for restarts. */
const strides = new Map<string, Promise<number>>();

export function assembleMultipartLikeS3(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
  const ownFilePart = store.putPart.bind(store);
  const uploadDirOf = (bucket: string, uploadId: string) => path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  /** One writer per part at a time: a retried part waits for the request it replaces. */
  const partLocks = new Map<string, Promise<unknown>>();

  const strideOf = (uploadDir: string, length: number): Promise<number> => {
    let stride = strides.get(uploadDir);
    if (!stride) {
      const file = path.join(uploadDir, 'slot-size');
      stride = readFile(file, 'utf8').then(Number, async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await writeFile(file, String(length));
        return length;
      });
      strides.set(uploadDir, stride);
      stride.catch(() => strides.delete(uploadDir));
    }
    return stride;
  };

  store.putPart = async (bucket, uploadId, partNumberText, content) => {
    const partNumber = Number(partNumberText);
    const uploadDir = uploadDirOf(bucket, uploadId);
    const exists = await stat(path.join(uploadDir, 'key')).then(
      () => true,
      () => false,
    );
    if (!exists) throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD, { UploadId: uploadId });
    const lockKey = `${uploadDir}/${partNumber}`;
    const before = partLocks.get(lockKey) ?? Promise.resolve();
    const work = before.catch(() => undefined).then(() => putPartNow(uploadDir, bucket, uploadId, partNumber, content));
    partLocks.set(lockKey, work);
    try {
      return await work;
    } finally {
      if (partLocks.get(lockKey) === work) partLocks.delete(lockKey);
    }
  };

  async function putPartNow(uploadDir: string, bucket: string, uploadId: string, partNumber: number, content: IncomingMessage) {
    const recordFile = path.join(uploadDir, `${partNumber}.part.json`);
    await rm(recordFile, { force: true });
    const length = Number(content.headers['content-length']);
    const framed =
      /aws-chunked/i.test(String(content.headers['content-encoding'] ?? '')) ||
      String(content.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
    // A part under S3's 5 MiB minimum can only be the last one: it must not fix the slot size.
    const stride = Number.isSafeInteger(length) && length >= MIN_PART_SIZE && !framed ? await strideOf(uploadDir, length) : 0;
    if (stride === 0 || length > stride) {
      const stored = await ownFilePart(bucket, uploadId, partNumber, content);
      await writeFile(recordFile, JSON.stringify({ size: stored.size, md5: stored.md5, inSlot: false } satisfies PartRecord));
      return stored;
    }
    await rm(path.join(uploadDir, String(partNumber)), { force: true });
    const base = (partNumber - 1) * stride;
    const out = await open(path.join(uploadDir, 'assembly'), constants.O_RDWR | constants.O_CREAT, 0o644);
    const md5 = createHash('md5');
    let written = 0;
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const block = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await out.write(block, 0, block.length, base + written);
        written += block.length;
      };
      for await (const chunk of content as AsyncIterable<Buffer>) {
        if (written + pendingBytes + chunk.length > length)
          throw new S3Error('IncompleteBody', 'The request body is longer than its Content-Length.');
        md5.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= COPY_BUFFER) await flush();
      }
      await flush();
    } finally {
      await out.close();
    }
    if (written !== length)
      throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    const record: PartRecord = { size: length, md5: md5.digest('hex'), inSlot: true };
    await writeFile(recordFile, JSON.stringify(record));
    return { md5: record.md5, size: record.size };
  }

  /** The part's record; parts stored by s3rver itself before this (no record) count as own files. */
  async function partRecord(uploadDir: string, partNumber: number): Promise<PartRecord | null> {
    const text = await readFile(path.join(uploadDir, `${partNumber}.part.json`), 'utf8').catch(() => null);
    if (text !== null) return JSON.parse(text) as PartRecord;
    const own = await stat(path.join(uploadDir, String(partNumber))).catch(() => null);
    if (!own) return null;
    const md5 = await readFile(path.join(uploadDir, `${partNumber}.md5`), 'utf8').catch(() => '');
    return { size: own.size, md5, inSlot: false };
  }

  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const uploadDir = uploadDirOf(bucket, uploadId);
    const [key, metadata] = await Promise.all([
      readFile(path.join(uploadDir, 'key'), 'utf8'),
      readFile(path.join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Record<string, string>),
    ]).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD, { UploadId: uploadId });
    });
    const ordered = [...parts].sort((a, b) => a.number - b.number);
    const records: PartRecord[] = [];
    for (const [index, part] of ordered.entries()) {
      if (index > 0 && part.number === ordered[index - 1]!.number) {
        throw new S3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        );
      }
      const record = await partRecord(uploadDir, part.number);
      const given = part.etag.replaceAll('"', '').toLowerCase();
      if (!record || (record.md5 !== '' && record.md5 !== given)) {
        throw new S3Error('InvalidPart', INVALID_PART, { UploadId: uploadId, PartNumber: part.number, ETag: part.etag });
      }
      records.push(record);
    }

    const objectPath = store.getResourcePath(bucket, key, 'object');
    await mkdir(path.dirname(objectPath), { recursive: true });
    const partHashes = createHash('md5');
    for (const part of ordered) partHashes.update(Buffer.from(part.etag.replaceAll('"', ''), 'hex'));
    const size = records.reduce((sum, record) => sum + record.size, 0);
    const stride = records.some((record) => record.inSlot) ? await strideOf(uploadDir, 0) : 0;
    const last = records.length - 1;
    // Parts 1..n in their slots, each but the last filling it; the last may be in a file of its own.
    const inPlace = records.every(
      (record, index) =>
        ordered[index]!.number === index + 1 &&
        (index === last ? record.inSlot || record.size <= stride : record.inSlot && record.size === stride),
    );

    if (inPlace) {
      const assembly = path.join(uploadDir, 'assembly');
      if (!records[last]!.inSlot)
        await copyRange(path.join(uploadDir, String(ordered[last]!.number)), 0, records[last]!.size, assembly, last * stride);
      await truncate(assembly, size);
      await rename(assembly, objectPath);
    } else {
      const assembling = `${objectPath}.assembling-${uploadId}`;
      try {
        await writeFile(assembling, '');
        let at = 0;
        for (const [index, part] of ordered.entries()) {
          const record = records[index]!;
          const source = path.join(uploadDir, record.inSlot ? 'assembly' : String(part.number));
          await copyRange(source, record.inSlot ? (part.number - 1) * stride : 0, record.size, assembling, at);
          at += record.size;
        }
      } catch (error) {
        await rm(assembling, { force: true });
        throw error;
      }
      await rename(assembling, objectPath);
    }
    const etag = `${partHashes.digest('hex')}-${ordered.length}`;
    await store.putMetadata(bucket, key, metadata, etag);
    await rm(uploadDir, { recursive: true, force: true });
    strides.delete(uploadDir);
    return { md5: etag, size };
  };
}

/** Copies `size` bytes at `from` of one file to `to` of another (created if missing), in large reads. */
async function copyRange(source: string, from: number, size: number, target: string, to: number): Promise<void> {
  const input = await open(source, 'r');
  const out = await open(target, constants.O_RDWR | constants.O_CREAT, 0o644);
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_BUFFER, Math.max(size, 1)));
    for (let done = 0; done < size;) {
      const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, size - done), from + done);
      if (bytesRead === 0) throw new Error(`${source} is shorter on disk than recorded`);
      await out.write(buffer, 0, bytesRead, to + done);
      done += bytesRead;
    }
  } finally {
    await Promise.all([input.close(), out.close()]);
  }
}

/**
 * AbortMultipartUpload, which s3rver lacks (it answers 405 and keeps the parts forever):
 * frees the parts of an upload that will not be completed, as S3 does. Returns false when
 * the request is not an abort, for s3rver to handle. The upload id must name an upload of
 * that very key, else NoSuchUpload, like S3.
 */
export async function abortMultipartUpload(server: S3rver, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'DELETE') return false;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const uploadId = url.searchParams.get('uploadId');
  if (uploadId === null) return false;
  // s3rver checks only the access key id of a signature, and so does this.
  const credential = url.searchParams.get('X-Amz-Credential') ?? /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (credential.split('/')[0] !== S3RVER_CREDENTIALS.accessKeyId) {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>',
    );
    return true;
  }
  const store = (server as unknown as { store: FilesystemStore }).store;
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = rest.map((part) => decodeURIComponent(part)).join('/');
  const uploadDir =
    /^[A-Za-z0-9._-]+$/.test(uploadId) && bucket
      ? path.join(store.getResourcePath(decodeURIComponent(bucket), undefined, 'uploads'), uploadId)
      : null;
  const storedKey = uploadDir ? await readFile(path.join(uploadDir, 'key'), 'utf8').catch(() => null) : null;
  if (!uploadDir || storedKey === null || storedKey !== key) {
    res.writeHead(404, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>${NO_SUCH_UPLOAD}</Message></Error>`);
    return true;
  }
  await rm(uploadDir, { recursive: true, force: true });
  strides.delete(uploadDir);
  res.writeHead(204);
  res.end();
  return true;
}
