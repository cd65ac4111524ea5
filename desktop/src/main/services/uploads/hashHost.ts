import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm, HashValues } from '@rushes/shared';
import type { HashReply, HashRequest } from './hashWorker';

/** Loads the TypeScript worker through tsx, as the search cache does: `--import tsx` in execArgv does not reach a worker's loader. */
const FROM_SOURCE = `import('tsx/esm/api').then(({ tsImport }) => tsImport(require('node:worker_threads').workerData.entry, 'file://' + process.cwd() + '/'))`;

/**
 * Shared memory the blocks to hash are copied into, freed in the order the thread takes them:
 * a block copied with its message would be garbage in the thread until its next collection,
 * and over a card that was a large part of the upload's peak memory.
 */
const RING_BYTES = 16 * 1024 * 1024;

class Ring {
  readonly buffer = new SharedArrayBuffer(RING_BYTES);
  private readonly view = new Uint8Array(this.buffer);
  private head = 0;
  private used = 0;
  /** Bytes each block in the ring holds (with the tail skipped to wrap), oldest first. */
  private readonly blocks: number[] = [];

  /** Copies `bytes` in; where, or null when there is no room (the caller copies them with the message). */
  put(bytes: Uint8Array): number | null {
    let at = this.head;
    let skipped = 0;
    if (at + bytes.length > RING_BYTES) {
      skipped = RING_BYTES - at;
      at = 0;
    }
    if (this.used + skipped + bytes.length > RING_BYTES) return null;
    this.view.set(bytes, at);
    this.head = at + bytes.length;
    this.used += skipped + bytes.length;
    this.blocks.push(skipped + bytes.length);
    return at;
  }

  /** The oldest block was hashed. */
  free(): void {
    this.used -= this.blocks.shift() ?? 0;
    if (this.used === 0) this.head = 0;
  }
}

interface OpenFile {
  pending: number;
  drained: (() => void)[];
  failed: Error | null;
  digest: { resolve: (hashes: { values: HashValues; bytesHashed: number }) => void; reject: (error: Error) => void } | null;
}

/**
 * The hash thread (hashWorker.ts) seen from the upload's side: SHA-256, xxh64 and MD5 cost
 * about as much CPU as the upload itself, and on the main thread each block held up the
 * parts' sockets. Under the Electron bundle the worker is `hashWorker.cjs` beside main; from
 * source it is the TypeScript file run through tsx. It holds the process open only while a
 * file is being hashed.
 */
export class HashThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly files = new Map<number, OpenFile>();
  private ring = new Ring();
  /** Per `bytes` message in flight, in order: whether it sits in the ring. */
  private readonly inRing: boolean[] = [];

  /** A hasher for one file's bytes, given in order. */
  open(algorithms: readonly HashAlgorithm[]): FileHash {
    const id = this.nextId++;
    const file: OpenFile = { pending: 0, drained: [], failed: null, digest: null };
    this.files.set(id, file);
    this.post({ op: 'open', id, algorithms: [...algorithms] });
    return new FileHash(
      id,
      file,
      (request) => this.post(request),
      () => this.close(id),
      (bytes) => this.sendBytes(id, bytes),
    );
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error('The upload was stopped.'));
  }

  private sendBytes(id: number, bytes: Uint8Array): void {
    if (!this.worker) this.start();
    const at = this.ring.put(bytes);
    this.inRing.push(at !== null);
    this.post(
      at === null ? { op: 'bytes', id, bytes, at: 0, length: bytes.length } : { op: 'bytes', id, bytes: null, at, length: bytes.length },
    );
  }

  private post(request: HashRequest): void {
    const worker = this.worker ?? this.start();
    worker.ref();
    worker.postMessage(request);
  }

  private close(id: number): void {
    this.files.delete(id);
    if (this.files.size === 0) this.worker?.unref();
  }

  private start(): Worker {
    const bundled = path.join(here(), 'hashWorker.cjs');
    const worker = existsSync(bundled)
      ? new Worker(bundled)
      : new Worker(FROM_SOURCE, { eval: true, workerData: { entry: new URL('./hashWorker.ts', import.meta.url).href } });
    this.ring = new Ring();
    this.inRing.length = 0;
    worker.postMessage({ op: 'ring', buffer: this.ring.buffer } satisfies HashRequest);
    worker.on('message', (reply: HashReply) => this.receive(reply));
    worker.on('error', (error) => {
      this.worker = null;
      this.failAll(error);
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: HashReply): void {
    if (reply.op === 'took' && this.inRing.shift()) this.ring.free();
    const file = this.files.get(reply.id);
    if (!file) return;
    if (reply.op === 'took') {
      file.pending -= reply.bytes;
      for (const wake of file.drained.splice(0)) wake();
    } else if (reply.op === 'digest') {
      file.digest?.resolve({ values: reply.hashes, bytesHashed: reply.bytesHashed });
    } else {
      file.digest?.reject(new Error(reply.error));
    }
  }

  private failAll(error: Error): void {
    for (const file of this.files.values()) {
      file.failed = error;
      file.digest?.reject(error);
      for (const wake of file.drained.splice(0)) wake();
    }
    this.files.clear();
  }
}

/** One file's hashes in the hash thread. */
export class FileHash {
  private ended = false;

  constructor(
    private readonly id: number,
    private readonly file: OpenFile,
    private readonly post: (request: HashRequest) => void,
    private readonly close: () => void,
    private readonly send: (bytes: Uint8Array) => void,
  ) {}

  /** Bytes given to the thread and not yet hashed. */
  get pending(): number {
    return this.file.pending;
  }

  /** The next bytes, in file order (copied for the thread: the caller may hand them on). */
  update(bytes: Uint8Array): void {
    if (this.ended) return;
    this.file.pending += bytes.length;
    this.send(bytes);
  }

  /** Bytes the upload will not read (parts sent before a crash): the thread reads them from disk. */
  readFromDisk(localPath: string, start: number, end: number): void {
    if (!this.ended && end > start) this.post({ op: 'read', id: this.id, localPath, start, end });
  }

  /** Resolves once the thread has hashed all but `limit` bytes of what it was given. */
  drained(limit: number): Promise<void> {
    if (this.file.pending <= limit || this.ended || this.file.failed) return Promise.resolve();
    return new Promise<void>((resolve) => this.file.drained.push(() => resolve())).then(() => this.drained(limit));
  }

  async digest(): Promise<{ values: HashValues; bytesHashed: number }> {
    if (this.ended) throw new Error('this file hash has ended');
    if (this.file.failed) throw this.file.failed;
    this.ended = true;
    try {
      return await new Promise((resolve, reject) => {
        this.file.digest = { resolve, reject };
        this.post({ op: 'digest', id: this.id });
      });
    } finally {
      this.close();
    }
  }

  /** Gives up on the file (a failed or cancelled upload). */
  drop(): void {
    if (this.ended) return;
    this.ended = true;
    this.post({ op: 'drop', id: this.id });
    for (const wake of this.file.drained.splice(0)) wake();
    this.close();
  }
}

function here(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(new URL(import.meta.url).pathname);
}
