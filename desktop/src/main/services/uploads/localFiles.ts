import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHasher, type HashAlgorithm, type HashValues } from '@rushes/shared';
import type { Block, BlockPool } from './blockPool';
import type { OrderedHash } from './orderedHash';

/** One file to upload, found under a path the user chose. */
export interface LocalFile {
  localPath: string;
  /** Below the destination folder, `/`-separated: a chosen folder keeps its own name. */
  relativePath: string;
  size: number;
  mtimeMs: number;
}

const READ_CHUNK = 1024 * 1024;

/**
 * Expands files and folders into files, each with its path relative to what was chosen.
 * Symbolic links to folders are not followed (a card image with a loop must not hang us);
 * links to files are read like files.
 */
export async function walkPaths(
  paths: readonly string[],
): Promise<{ files: LocalFile[]; unreadable: { localPath: string; message: string }[] }> {
  const files: LocalFile[] = [];
  const unreadable: { localPath: string; message: string }[] = [];
  const visit = async (localPath: string, relativePath: string, top: boolean): Promise<void> => {
    try {
      const link = await lstat(localPath);
      if (link.isSymbolicLink() && !top) {
        const target = await stat(localPath);
        if (target.isFile()) files.push({ localPath, relativePath, size: target.size, mtimeMs: Math.trunc(target.mtimeMs) });
        return;
      }
      const info = link.isSymbolicLink() ? await stat(localPath) : link;
      if (info.isFile()) {
        files.push({ localPath, relativePath, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
      } else if (info.isDirectory()) {
        const entries = (await readdir(localPath)).sort();
        for (const entry of entries) await visit(path.join(localPath, entry), `${relativePath}/${entry}`, false);
      }
    } catch (error) {
      unreadable.push({
        localPath,
        message: `Cannot read ${localPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
    }
  };
  for (const chosen of paths) await visit(chosen, path.basename(chosen), true);
  return { files, unreadable };
}

/** Size and modification time now, to tell whether a file changed since we last looked. */
export async function fileStamp(localPath: string): Promise<{ size: number; mtimeMs: number }> {
  const info = await stat(localPath);
  return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
}

/** The hashes an upload records: SHA-256 for Rushes' own checks, xxh64 for the ASC MHL, MD5 where the card's own MHL lists it. */
export interface FileHashes {
  sha256: string;
  xxh64: string | null;
  md5: string | null;
}

/** Every hash of a whole file from one ordered read, on this thread: the benchmark's measure of the hash pass alone. */
export async function hashLocalFile(localPath: string, signal: AbortSignal, algorithms: readonly HashAlgorithm[]): Promise<FileHashes> {
  const hasher = await createHasher(algorithms, (algorithm) => createHash(algorithm));
  await pipeline(
    createReadStream(localPath, { highWaterMark: 4 * READ_CHUNK, signal }),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hasher.update(chunk);
        done();
      },
    }),
  );
  return fileHashes(hasher.digest());
}

export function fileHashes(values: HashValues): FileHashes {
  if (!values.sha256) throw new Error('a file upload always reads its SHA-256');
  return { sha256: values.sha256, xxh64: values.xxh64 ?? null, md5: values.md5 ?? null };
}

/** A part's body: the file's bytes `start`..`end` for one request. */
export interface PartBody extends Readable {
  /** The request was answered: the store has every byte, so the last block goes back to the pool. */
  sent(): void;
}

/**
 * Bytes `start`..`end` (exclusive) of a file as a stream for one request, read a block at a
 * time (the pool's block size) at explicit offsets, each block counted as read (progress
 * moves by bytes, not by finished parts) and offered to the file's hash (orderedHash.ts),
 * which may hold the reader back. The stream buffers nothing itself (high-water mark 0): the
 * request asks for the next block only once the socket has taken the one before (a write
 * the kernel accepted at once, or a `drain`), so that block goes back to the pool then; the
 * last one goes back when the request is answered. A request that fails leaves its blocks to
 * the garbage collector, as a socket being torn down may still hold them.
 */
export function partStream(
  localPath: string,
  start: number,
  end: number,
  hash: OrderedHash | null,
  pool: BlockPool,
  onBytes: (count: number) => void,
): PartBody {
  let handle: FileHandle | null = null;
  let at = start;
  let previous: Block | null = null;
  const stream = new Readable({
    highWaterMark: 0,
    construct(done) {
      if (end <= start) return done();
      open(localPath, 'r').then((opened) => {
        handle = opened;
        done();
      }, done);
    },
    read() {
      previous?.release();
      previous = null;
      if (at >= end) return void this.push(null);
      const offset = at;
      const length = Math.min(pool.blockSize, end - offset);
      at += length;
      void (async () => {
        await hash?.admit(offset);
        const block = pool.take();
        const bytes = length === block.buffer.length ? block.buffer : block.buffer.subarray(0, length);
        for (let filled = 0; filled < length;) {
          const { bytesRead } = await handle!.read(bytes, filled, length - filled, offset + filled);
          if (bytesRead === 0) throw new Error(`${localPath} ended at byte ${offset + filled}, before ${end}`);
          filled += bytesRead;
        }
        hash?.offer(offset, bytes, block);
        onBytes(length);
        previous = block;
        this.push(bytes);
      })().catch((error: unknown) => this.destroy(error as Error));
    },
    destroy(error, done) {
      // Not released: the socket may still be writing it.
      previous = null;
      const opened = handle;
      handle = null;
      if (!opened) return done(error);
      opened.close().then(
        () => done(error),
        () => done(error),
      );
    },
  }) as PartBody;
  stream.sent = () => {
    previous?.release();
    previous = null;
  };
  // A request that was aborted lets go of its body without ending it: close the file then, not at garbage collection.
  stream.once('unpipe', () => stream.destroy());
  return stream;
}
