import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * One object from S3 into an open file, hashed with SHA-256 in the same pass: every byte is
 * received once, hashed once and written once, and nothing is read back from the disk.
 *
 * The copy is bound by CPU on a busy machine, so the per-chunk path is kept bare: chunks
 * are handled in the stream's own 'data' callback (no promise, no async iterator per chunk)
 * and reach the disk in batches of a few MiB through writev, the stream paused only while
 * the previous batch is still being written.
 */
export interface ObjectSource {
  s3: S3Client;
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
  sha256: string;
}

/** The object is not the size the manifest says (`bytes`: its real size when S3 told it). */
export class SizeMismatch extends Error {
  override readonly name = 'SizeMismatch';
  constructor(readonly bytes: number | null) {
    super('the object is not the size the manifest says');
  }
}

/** Bytes gathered before one writev. */
const BATCH_BYTES = 2 * 1024 ** 2;

/** One GET, streamed: small and middle-sized files, where one request is cheapest. */
export async function downloadWhole(source: ObjectSource, file: FileHandle): Promise<Downloaded> {
  const object = await source.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: source.signal });
  const body = object.Body as Readable;
  if (object.ContentLength !== undefined && object.ContentLength !== source.size) {
    body.destroy();
    throw new SizeMismatch(object.ContentLength);
  }
  const hash = createHash('sha256');
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
    hash.update(chunk);
    bytes += chunk.length;
    source.onBytes(bytes);
    batch.push(chunk);
    batchBytes += chunk.length;
    return batchBytes >= BATCH_BYTES ? flush() : undefined;
  });
  await flush();
  await writing;
  if (bytes !== source.size) throw new SizeMismatch(bytes);
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Ranged GETs, `partsAtOnce` in flight: large media, so that one large clip alone keeps
 * several requests going, as the aws CLI does. Each part is gathered in a buffer of its own
 * (reused: no garbage for the collector to trace), written at its offset once complete and
 * hashed in order; parts that arrive early wait, at most `2 × partsAtOnce` ahead of the hash.
 */
export async function downloadInParts(source: ObjectSource, file: FileHandle, partBytes: number, partsAtOnce: number): Promise<Downloaded> {
  const partCount = Math.ceil(source.size / partBytes);
  const window = 2 * partsAtOnce;
  const stop = new AbortController();
  const signal = AbortSignal.any([source.signal, stop.signal]);
  const hash = createHash('sha256');
  const arrived = new Map<number, { whole: Buffer; buffer: Buffer }>();
  const spare: Buffer[] = [];
  let hashed = 0;
  let nextPart = 0;
  let received = 0;
  let firstError: unknown;
  // Woken whenever the hash moves on (a part waiting for room may then start) or the job stops.
  let wake: () => void = () => undefined;
  let moved = new Promise<void>((resolve) => (wake = resolve));
  const advance = () => {
    wake();
    moved = new Promise<void>((resolve) => (wake = resolve));
  };
  signal.addEventListener('abort', advance, { once: true });

  const worker = async () => {
    try {
      for (let part = nextPart++; part < partCount; part = nextPart++) {
        while (part >= hashed + window && !signal.aborted) await moved;
        signal.throwIfAborted();
        const start = part * partBytes;
        const length = Math.min(source.size, start + partBytes) - start;
        const whole = spare.pop() ?? Buffer.allocUnsafe(partBytes);
        const buffer = whole.subarray(0, length);
        try {
          await fetchRange(source, start, buffer, signal, (n) => source.onBytes((received += n)));
          await writeAll(file, [buffer], start);
        } catch (error) {
          spare.push(whole);
          throw error;
        }
        arrived.set(part, { whole, buffer });
        for (let ready = arrived.get(hashed); ready; ready = arrived.get(hashed)) {
          hash.update(ready.buffer);
          arrived.delete(hashed);
          spare.push(ready.whole);
          hashed += 1;
        }
        advance();
      }
    } catch (error) {
      // The first failure stops the other parts; every request has ended before this returns.
      firstError ??= error;
      stop.abort(error);
    }
  };
  await Promise.all(Array.from({ length: Math.min(partsAtOnce, partCount) }, worker));
  signal.removeEventListener('abort', advance);
  if (firstError !== undefined) throw source.signal.aborted ? source.signal.reason : firstError;
  return { bytes: source.size, sha256: hash.digest('hex') };
}

/** Range `start…start + into.length - 1` of the object into `into`; checks the object's size on the way. */
async function fetchRange(source: ObjectSource, start: number, into: Buffer, signal: AbortSignal, onChunk: (length: number) => void): Promise<void> {
  let object;
  try {
    object = await source.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, Range: `bytes=${start}-${start + into.length - 1}` }), { abortSignal: signal });
  } catch (error) {
    // 416: the range starts past the end, the object is shorter than the manifest says.
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) throw new SizeMismatch(null);
    throw error;
  }
  const body = object.Body as Readable;
  const total = /\/(\d+)$/.exec(object.ContentRange ?? '')?.[1];
  if (total === undefined || Number(total) !== source.size) {
    body.destroy();
    throw new SizeMismatch(total === undefined ? null : Number(total));
  }
  let length = 0;
  await drain(body, signal, (chunk) => {
    if (length + chunk.length > into.length) throw new SizeMismatch(null);
    chunk.copy(into, length);
    length += chunk.length;
    onChunk(chunk.length);
    return undefined;
  });
  if (length !== into.length) throw new SizeMismatch(null);
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
  for (let total = rest.reduce((sum, chunk) => sum + chunk.length, 0); total > 0; ) {
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
