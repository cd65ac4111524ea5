import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashJob, HashReply } from './hashWorker';
import type { FileHashes } from './localFiles';

/** Loads the TypeScript worker through tsx, as the search cache does: `--import tsx` in execArgv does not reach a worker's loader. */
const FROM_SOURCE = `import('tsx/esm/api').then(({ tsImport }) => tsImport(require('node:worker_threads').workerData.entry, 'file://' + process.cwd() + '/'))`;

/**
 * A file's hashes from a worker thread: SHA-256, xxh64 and MD5 cost about as much CPU as the
 * upload itself, and on the main thread each 4 MiB block held up the parts' sockets. Under the
 * Electron bundle the worker is `hashWorker.cjs` beside main; from source it is the
 * TypeScript file run through tsx. A cancelled upload ends the worker at once.
 */
export function hashInWorker(localPath: string, signal: AbortSignal, mhl: boolean): Promise<FileHashes> {
  const job: HashJob = { localPath, mhl };
  const bundled = path.join(here(), 'hashWorker.cjs');
  const worker = existsSync(bundled)
    ? new Worker(bundled, { workerData: job })
    : new Worker(FROM_SOURCE, { eval: true, workerData: { ...job, entry: new URL('./hashWorker.ts', import.meta.url).href } });
  return new Promise<FileHashes>((resolve, reject) => {
    const stop = () => {
      void worker.terminate();
      reject(signal.reason instanceof Error ? signal.reason : new Error('The upload was stopped.'));
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    worker.once('message', (reply: HashReply) => {
      signal.removeEventListener('abort', stop);
      void worker.terminate();
      if (reply.ok) resolve(reply.hashes);
      else reject(new Error(reply.error));
    });
    worker.once('error', (error) => {
      signal.removeEventListener('abort', stop);
      reject(error);
    });
  });
}

function here(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(new URL(import.meta.url).pathname);
}
