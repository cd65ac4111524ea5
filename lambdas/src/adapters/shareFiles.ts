import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, realpath, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { TransferEntry } from '@rushes/shared';
import { checksumsOfFile, matchesEntry } from './shareChecksums';

/**
 * The file-system side of a transfer on an edit share (the local executor; the workstation
 * scripts do the same in sh and PowerShell). Every path is built from the share root and
 * the manifest's `/`-separated segments, which the manifest schema already holds to no
 * `..`, `.` or empty segment; names are never interpreted. What remains is symbolic links:
 * a folder on the share may be a link, and one that leads out of the share must not be
 * followed, so folders are walked one segment at a time and every link is resolved and
 * checked before anything is made or written below it.
 */

/** The fixed phrases of the workstation script (rushes-transfer.sh), so both report alike. */
export const SHARE_PHRASES = {
  full: 'the share is full',
  readOnly: 'the share is read-only',
  permission: 'permission denied',
  goneFromStorage: 'the file is no longer in storage',
  noShare: 'the share root does not exist on this workstation',
  leavesShare: 'the destination path leaves the share',
  folderNotMade: 'the folder could not be made on the share',
  copyFailed: 'the copy failed',
  notPutInPlace: 'the file could not be put in place',
  notRemoved: 'the file could not be removed',
  differentFile: 'a different file is already at that path on the share',
  changed: 'the file on the share is not the one sent; it was left in place',
  sizeMismatch: 'size mismatch after copy',
  checksumMismatch: 'checksum mismatch after copy',
} as const;

/** The suffix of a file being written; it gets its real name only after it is verified. */
export const PART_SUFFIX = '.rushes-part';

/** A folder on the way is a link (or something else) leading outside the share root. */
export class LeavesShare extends Error {
  override readonly name = 'LeavesShare';
}

/**
 * The phrase a person can act on for a file-system or S3 error, else `fallback`. Same
 * mapping as the script's `reason`: full, read-only, permission, gone from storage.
 */
export function shareReason(error: unknown, fallback: string): string {
  if (error instanceof LeavesShare) return SHARE_PHRASES.leavesShare;
  const { code, name, $metadata } = (error ?? {}) as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  if (code === 'ENOSPC' || code === 'EDQUOT') return SHARE_PHRASES.full;
  if (code === 'EROFS') return SHARE_PHRASES.readOnly;
  if (code === 'EACCES' || code === 'EPERM' || name === 'AccessDenied' || $metadata?.httpStatusCode === 403)
    return SHARE_PHRASES.permission;
  if (name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404) return SHARE_PHRASES.goneFromStorage;
  return fallback;
}

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** lstat, or null when nothing is there. */
export async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The share root resolved (it may itself be a link, e.g. a mount point's alias), or null when it is not a folder. */
export async function resolveShareRoot(shareRoot: string): Promise<string | null> {
  try {
    const real = await realpath(shareRoot);
    return (await stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/**
 * The real path of the folder `segments` below the resolved share root, made when `create`
 * (one level at a time, each checked), or null when it does not exist and `create` is off.
 * Throws `LeavesShare` when a link on the way resolves outside the root, and ENOTDIR when a
 * file stands where a folder should be.
 */
export async function shareFolder(realRoot: string, segments: readonly string[], create: boolean): Promise<string | null> {
  let current = realRoot;
  for (const segment of segments) {
    const next = path.join(current, segment);
    let found = await lstatOrNull(next);
    if (!found) {
      if (!create) return null;
      try {
        await mkdir(next);
      } catch (error) {
        // Another file of the same job may have made it a moment ago.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      found = await lstat(next);
    }
    if (found.isSymbolicLink()) {
      const target = await realpath(next);
      if (!isInside(realRoot, target)) throw new LeavesShare();
      if (!(await stat(target)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      current = target;
    } else if (found.isDirectory()) {
      current = next;
    } else {
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    }
  }
  return current;
}

/** Is the regular file at `file` exactly the entry's size, with its checksum (shareChecksums.ts)? */
export async function sameFile(found: Stats, file: string, entry: TransferEntry, signal: AbortSignal): Promise<boolean> {
  return found.isFile() && found.size === entry.size && matchesEntry(entry, await checksumsOfFile(file, entry, signal));
}

/**
 * Opens `<file>.rushes-part` for writing, new. A part left by a crash or a cancel is
 * removed first (unlink never follows a link); O_EXCL | O_NOFOLLOW then refuse to write
 * through a link someone put there in between.
 */
export async function openPart(file: string): Promise<{ part: string; handle: FileHandle }> {
  const part = file + PART_SUFFIX;
  await unlink(part).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const handle = await open(part, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  return { part, handle };
}

/** Removes the folders of `segments` that are now empty, deepest first, never the share root itself. */
export async function removeEmptiedFolders(realRoot: string, segments: readonly string[]): Promise<void> {
  for (let depth = segments.length; depth > 0; depth -= 1) {
    try {
      // rmdir refuses a folder that still holds anything, and a link (ENOTDIR).
      await rmdir(path.join(realRoot, ...segments.slice(0, depth)));
    } catch {
      return;
    }
  }
}
