import { parentPort, workerData } from 'node:worker_threads';
import { hashLocalFile, type FileHashes } from './localFiles';

/** One file's hashes, read in a worker thread so the upload's event loop is never blocked by them. */
export interface HashJob {
  localPath: string;
  mhl: boolean;
}
export type HashReply = { ok: true; hashes: FileHashes } | { ok: false; error: string };

const job = workerData as HashJob;
hashLocalFile(job.localPath, new AbortController().signal, job.mhl).then(
  (hashes) => parentPort!.postMessage({ ok: true, hashes } satisfies HashReply),
  (error: unknown) =>
    parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies HashReply),
);
