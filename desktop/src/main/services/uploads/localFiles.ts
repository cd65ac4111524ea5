import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHasher, type HashAlgorithm, type HashValues } from '@rushes/shared';
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

/**
 * Bytes `start`..`end` (exclusive) of a file as a stream for one request, read 1 MiB at a time
 * at explicit offsets, each block counted as read (progress moves by bytes, not by finished
 * parts) and offered to the file's hash (orderedHash.ts), which may hold the reader back.
 * Nothing is held beyond the block in hand and what the hash window keeps.
 */
export function partStream(
  localPath: string,
  start: number,
  end: number,
  hash: OrderedHash | null,
  onBytes: (count: number) => void,
): Readable {
  let handle: FileHandle | null = null;
  let at = start;
  const stream = new Readable({
    highWaterMark: READ_CHUNK,
    construct(done) {
      if (end <= start) return done();
      open(localPath, 'r').then((opened) => {
        handle = opened;
        done();
      }, done);
    },
    read() {
      if (at >= end) return void this.push(null);
      const offset = at;
      const length = Math.min(READ_CHUNK, end - offset);
      at += length;
      void (async () => {
        await hash?.admit(offset);
        const block = Buffer.allocUnsafe(length);
        for (let filled = 0; filled < length;) {
          const { bytesRead } = await handle!.read(block, filled, length - filled, offset + filled);
          if (bytesRead === 0) throw new Error(`${localPath} ended at byte ${offset + filled}, before ${end}`);
          filled += bytesRead;
        }
        hash?.offer(offset, block);
        onBytes(length);
        this.push(block);
      })().catch((error: unknown) => this.destroy(error as Error));
    },
    destroy(error, done) {
      const opened = handle;
      handle = null;
      if (!opened) return done(error);
      opened.close().then(
        () => done(error),
        () => done(error),
      );
    },
  });
  // A request that was aborted lets go of its body without ending it: close the file then, not at garbage collection.
  stream.once('unpipe', () => stream.destroy());
  return stream;
}
