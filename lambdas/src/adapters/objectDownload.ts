import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { plainGet } from './localTransferHttp';
import type { ChecksumPass, ShareChecksums } from './shareChecksums';

/**
 * One object from S3 into an open file, hashed in the same pass (shareChecksums.ts): every byte is
 * received once, hashed once and written once, and nothing is read back from the disk.
 *
 * The copy is bound by CPU on a busy machine, so the per-chunk path is kept bare: chunks
 * are handled in the stream's own 'data' callback (no promise, no async iterator per chunk)
 * and reach the disk in batches of a few MiB through writev, the stream paused only while
 * the previous batch is still being written.
 */
export interface ObjectSource {
  s3: S3Client;
  /** Read a plain-HTTP endpoint's body with localTransferHttp.ts; false: always through the SDK. */
  directReads: boolean;
  bucket: string;
  key: string;
  /** The size the manifest says; anything else is a SizeMismatch. */
  size: number;
  signal: AbortSignal;
  /** Bytes received so far for this object. */
  onBytes(total: number): void;
}

export interface Downloaded {
  bytes: number;
  sums: ShareChecksums;
}

/** The object is not the size the manifest says (`bytes`: its real size when S3 told it). */
export class SizeMismatch extends Error {
  override readonly name = 'SizeMismatch';
  constructor(readonly bytes: number | null) {
    super('the object is not the size the manifest says');
  }
}

/** A presigned GET is used at once; this only bounds a URL that leaked. */
const SIGNED_FOR_SECONDS = 300;

/** Bytes gathered before one writev (one system call instead of 32 for 64 KiB socket reads). */
const BATCH_BYTES = 2 * 1024 ** 2;

/**
 * One GET, streamed, for files of any size. Ranged GETs in parallel would need the ranges
 * gathered for an in-order hash, which costs CPU per byte, and CPU is what a busy machine
 * is short of; whole streams of a few files at once keep the disk as busy. The hash runs
 * on this thread: handing batches to a worker costs more CPU in all than it saves.
 */
export async function downloadObject(source: ObjectSource, file: FileHandle, pass: ChecksumPass): Promise<Downloaded> {
  if (!source.directReads) return await sdkDownload(source, file, pass);
  const url = new URL(
    await getSignedUrl(source.s3, new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { expiresIn: SIGNED_FOR_SECONDS }),
  );
  if (url.protocol === 'http:') {
    const got = await plainGet({ url, size: source.size, file, pass, signal: source.signal, onBytes: source.onBytes });
    if ('announced' in got) throw new SizeMismatch(got.announced);
    if ('body' in got) return { bytes: got.body, sums: pass.digest() };
    // Anything else (an S3 error, a chunked body) is read by the SDK below, which raises the S3 error.
  }
  return await sdkDownload(source, file, pass);
}

/** The SDK's GetObject, streamed: any endpoint (HTTPS, anything plainGet leaves to it). */
async function sdkDownload(source: ObjectSource, file: FileHandle, pass: ChecksumPass): Promise<Downloaded> {
  const object = await source.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: source.signal });
  const body = object.Body as Readable;
  if (object.ContentLength !== undefined && object.ContentLength !== source.size) {
    body.destroy();
    throw new SizeMismatch(object.ContentLength);
  }
  let bytes = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let position = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const previous = writing;
    const [chunks, at] = [batch, position];
    position += batchBytes;
    batch = [];
    batchBytes = 0;
    writing = previous.then(() => writeAll(file, chunks, at));
    writing.catch(() => undefined); // awaited below or by the next flush; not unhandled meanwhile
    return previous;
  };
  await drain(body, source.signal, (chunk) => {
    pass.update(chunk);
    bytes += chunk.length;
    source.onBytes(bytes);
    batch.push(chunk);
    batchBytes += chunk.length;
    return batchBytes >= BATCH_BYTES ? flush() : undefined;
  });
  await flush();
  await writing;
  if (bytes !== source.size) throw new SizeMismatch(bytes);
  return { bytes, sums: pass.digest() };
}

/**
 * Hands every chunk of `body` to `take` in its 'data' callback; when `take` answers a
 * promise the stream pauses until it settles. Resolves at the end of the body, rejects on
 * the first error (of the body, of `take`, or the abort), the body destroyed.
 */
function drain(body: Readable, signal: AbortSignal, take: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let held: Promise<void> | undefined;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve();
      } else {
        body.destroy();
        reject(error);
      }
    };
    const onAbort = () => finish(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        const wait = take(chunk);
        if (!wait) return;
        body.pause();
        held = wait.then(
          () => {
            held = undefined;
            if (!settled) body.resume();
          },
          (error: unknown) => finish(error),
        );
      } catch (error) {
        finish(error);
      }
    });
    body.once('error', (error) => finish(error));
    body.once('end', () => void (held ?? Promise.resolve()).then(() => finish()));
  });
}

/** writev until every byte is down (a regular file takes it all at once, but a write may be partial). */
async function writeAll(file: FileHandle, chunks: Buffer[], position: number): Promise<void> {
  let rest = chunks;
  let at = position;
  for (let total = rest.reduce((sum, chunk) => sum + chunk.length, 0); total > 0;) {
    const { bytesWritten } = await file.writev(rest, at);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'EIO' });
    total -= bytesWritten;
    at += bytesWritten;
    let skip = bytesWritten;
    while (skip > 0 && rest.length > 0) {
      const first = rest[0]!;
      if (first.length <= skip) {
        skip -= first.length;
        rest = rest.slice(1);
      } else {
        rest = [first.subarray(skip), ...rest.slice(1)];
        skip = 0;
      }
    }
  }
}
