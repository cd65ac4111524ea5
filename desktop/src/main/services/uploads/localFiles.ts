import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHasher } from '@rushes/shared';

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

/** The hashes an upload records: SHA-256 for Rushes' own checks, xxh64 and MD5 for the ASC MHL. */
export interface FileHashes {
  sha256: string;
  xxh64: string | null;
  md5: string | null;
}

/**
 * Every hash of a whole file from one ordered read (SHA-NI and xxh64 are faster than any
 * link we upload over; MD5 is the slowest of the three and still ahead of it).
 */
export async function hashLocalFile(localPath: string, signal: AbortSignal, mhl: boolean): Promise<FileHashes> {
  const hasher = await createHasher(mhl ? ['sha256', 'xxh64', 'md5'] : ['sha256'], (algorithm) => createHash(algorithm));
  await pipeline(
    createReadStream(localPath, { highWaterMark: 4 * READ_CHUNK, signal }),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hasher.update(chunk);
        done();
      },
    }),
  );
  const { sha256, xxh64, md5 } = hasher.digest();
  return { sha256: sha256!, xxh64: xxh64 ?? null, md5: md5 ?? null };
}

/**
 * Bytes `start`..`end` (exclusive) of a file as a stream, counting each chunk as the HTTP
 * request takes it, so progress moves by bytes and not by finished parts. Nothing is held
 * in memory beyond the stream's own 1 MiB buffer.
 */
export function rangeStream(localPath: string, start: number, end: number, onBytes: (count: number) => void): Readable {
  const counter = new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  if (end <= start) {
    counter.end();
    return counter;
  }
  const source = createReadStream(localPath, { start, end: end - 1, highWaterMark: READ_CHUNK });
  source.on('error', (error) => counter.destroy(error));
  return source.pipe(counter);
}
