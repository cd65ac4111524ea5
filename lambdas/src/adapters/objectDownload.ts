import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * One object from S3 into an open file, hashed with SHA-256 in the same pass: every byte is
 * received once, hashed once and written once, and nothing is read back from the disk.
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

/** Bytes gathered on the way to the disk: writes coalesce into few large writev calls. */
const WRITE_BUFFER_BYTES = 4 * 1024 ** 2;

/** One GET, streamed: small and middle-sized files, where one request is cheapest. Closes `file`. */
export async function downloadWhole(source: ObjectSource, file: FileHandle): Promise<Downloaded> {
  const object = await source.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: source.signal });
  const body = object.Body as Readable;
  if (object.ContentLength !== undefined && object.ContentLength !== source.size) {
    body.destroy();
    throw new SizeMismatch(object.ContentLength);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(
    body,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        source.onBytes(bytes);
        yield chunk;
      }
    },
    // The stream closes the file when it ends or fails (a stream that does not would hold
    // the handle, and FileHandle.close() would wait for it forever); closing again is a no-op.
    file.createWriteStream({ highWaterMark: WRITE_BUFFER_BYTES }),
    { signal: source.signal },
  );
  if (bytes !== source.size) throw new SizeMismatch(bytes);
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Ranged GETs, `partsAtOnce` in flight: large media. One stream per file is bound by the
 * latency of each hop (S3 endpoint, socket, thread pool), which a busy machine stretches;
 * several ranges of the same file keep the pipe full, as the aws CLI does. Each part is
 * written at its offset as soon as it has arrived, and hashed in order: parts that arrive
 * early wait in memory, at most `2 × partsAtOnce` parts ahead of the hash.
 */
export async function downloadInParts(source: ObjectSource, file: FileHandle, partBytes: number, partsAtOnce: number): Promise<Downloaded> {
  const partCount = Math.ceil(source.size / partBytes);
  const window = 2 * partsAtOnce;
  const stop = new AbortController();
  const signal = AbortSignal.any([source.signal, stop.signal]);
  const hash = createHash('sha256');
  const arrived = new Map<number, Buffer[]>();
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
        const end = Math.min(source.size, start + partBytes) - 1;
        const chunks = await fetchRange(source, start, end, signal, (length) => source.onBytes((received += length)));
        await file.writev(chunks, start);
        arrived.set(part, chunks);
        for (let ready = arrived.get(hashed); ready; ready = arrived.get(hashed)) {
          for (const chunk of ready) hash.update(chunk);
          arrived.delete(hashed);
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

/** One range of the object, all its bytes; checks the object's size on the way. */
async function fetchRange(source: ObjectSource, start: number, end: number, signal: AbortSignal, onChunk: (length: number) => void): Promise<Buffer[]> {
  let object;
  try {
    object = await source.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, Range: `bytes=${start}-${end}` }), { abortSignal: signal });
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
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of addAbortSignal(signal, body) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    onChunk(chunk.length);
  }
  if (length !== end - start + 1) throw new SizeMismatch(null);
  return chunks;
}
