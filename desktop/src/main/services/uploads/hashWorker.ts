import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { createHasher, type HashAlgorithm, type HashValues, type StreamHasher } from '@rushes/shared';

/**
 * The upload's hash thread: one for all files, each file's hashes (SHA-256, and xxh64 or MD5
 * for the card's ASC MHL) updated with the very bytes the upload read, in file order, so no
 * byte is read twice and the upload's event loop never waits for a digest. Only after a
 * crash are the parts already sent read again (`read`), as their bytes were never seen here.
 */
export type HashRequest =
  | { op: 'open'; id: number; algorithms: HashAlgorithm[] }
  /** The host's ring of shared memory, sent once: `bytes` in it are not copied per message. */
  | { op: 'ring'; buffer: SharedArrayBuffer }
  /**
   * The next bytes of the file, in order: copied with the message, or at `at` in the ring.
   * Answered with `took`, in the order sent (the host frees the ring in that order).
   */
  | { op: 'bytes'; id: number; bytes: Uint8Array | null; at: number; length: number }
  /** Bytes `start`..`end` of the file from disk: parts the upload will not send again. */
  | { op: 'read'; id: number; localPath: string; start: number; end: number }
  | { op: 'digest'; id: number }
  | { op: 'drop'; id: number };

export type HashReply =
  | { op: 'took'; id: number; bytes: number }
  | { op: 'digest'; id: number; hashes: HashValues; bytesHashed: number }
  | { op: 'error'; id: number; error: string };

const READ_CHUNK = 1024 * 1024;
const port = parentPort!;
const files = new Map<number, { hasher: Promise<StreamHasher>; failed: string | null }>();
let tail: Promise<void> = Promise.resolve();
let ring: Uint8Array | null = null;

port.on('message', (request: HashRequest) => {
  // One request at a time, in the order sent: a file's bytes must reach its hasher in order.
  tail = tail.then(() => handle(request));
});

async function handle(request: HashRequest): Promise<void> {
  if (request.op === 'ring') {
    ring = new Uint8Array(request.buffer);
    return;
  }
  if (request.op === 'open') {
    const hasher = createHasher(request.algorithms, (algorithm) => createHash(algorithm));
    hasher.catch(() => undefined);
    files.set(request.id, { hasher, failed: null });
    return;
  }
  const file = files.get(request.id);
  if (request.op === 'drop' || !file) {
    files.delete(request.id);
    if (request.op === 'bytes') reply({ op: 'took', id: request.id, bytes: request.length });
    return;
  }
  try {
    if (file.failed === null) {
      const hasher = await file.hasher;
      if (request.op === 'bytes') hasher.update(request.bytes ?? ring!.subarray(request.at, request.at + request.length));
      else if (request.op === 'read') await readInto(hasher, request.localPath, request.start, request.end);
      else if (request.op === 'digest') {
        files.delete(request.id);
        const bytesHashed = hasher.bytesHashed;
        return reply({ op: 'digest', id: request.id, hashes: hasher.digest(), bytesHashed });
      }
    }
  } catch (error) {
    file.failed = error instanceof Error ? error.message : String(error);
  }
  if (request.op === 'bytes') reply({ op: 'took', id: request.id, bytes: request.length });
  if (request.op === 'digest') {
    files.delete(request.id);
    reply({ op: 'error', id: request.id, error: file.failed ?? 'the file could not be hashed' });
  }
}

async function readInto(hasher: StreamHasher, localPath: string, start: number, end: number): Promise<void> {
  const handle = await open(localPath, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(end - start, 1)));
    for (let at = start; at < end;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
      if (bytesRead === 0) throw new Error(`${localPath} ended at byte ${at}, before ${end}`);
      hasher.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function reply(message: HashReply): void {
  port.postMessage(message);
}
