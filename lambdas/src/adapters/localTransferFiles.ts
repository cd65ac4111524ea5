import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TransferEntry, TransferResult } from '@rushes/shared';
import { SizeMismatch, downloadObject, type Downloaded } from './objectDownload';
import { checksumPass, entryChecksums, matchesEntry, type ShareChecksums } from './shareChecksums';
import { SHARE_PHRASES, lstatOrNull, openPart, removeEmptiedFolders, sameFile, shareReason } from './shareFiles';

/**
 * One file of a local transfer job, copied or removed, with the same checks and phrases as
 * the workstation script (transfers/scripts/rushes-transfer.sh). A copy streams the object
 * into `<name>.rushes-part`, hashing it in the same pass (shareChecksums.ts), and renames it
 * only when size and checksum match the manifest; a remove deletes only a file whose
 * checksum still matches.
 */

export type ResultEntry = TransferResult['entries'][number];

/** What one file's work needs from its job. */
export interface Share {
  s3: S3Client;
  /** Bodies from a plain-HTTP endpoint read into pooled buffers (localTransferHttp.ts) rather than through the SDK. */
  directReads: boolean;
  /** The media bucket the manifest names. */
  bucket: string;
  /** The share root, resolved. */
  root: string;
  signal: AbortSignal;
  progress(index: number, bytes: number): void;
  /** The real folder of these segments below the root (made for a copy), null when missing. */
  folder(segments: readonly string[]): Promise<string | null>;
}

export function failed(index: number, error: string, bytes: number | null = null, sums?: ShareChecksums): ResultEntry {
  return { index, status: 'failed', bytes, sha256: null, error, ...(sums ? reported(sums) : {}) };
}

/** The hashes a result line carries: what was computed, the ones not computed left out. */
function reported(sums: ShareChecksums): Pick<ResultEntry, 'sha256' | 'md5' | 'xxh64'> {
  return { sha256: sums.sha256, ...(sums.md5 ? { md5: sums.md5 } : {}), ...(sums.xxh64 ? { xxh64: sums.xxh64 } : {}) };
}

/** The reason for an error, unless the job was stopped, which then is the reason. */
function reasonFor(share: Share, error: unknown, fallback: string): string {
  return share.signal.aborted ? String(share.signal.reason) : shareReason(error, fallback);
}

export async function copyFile(share: Share, index: number, entry: TransferEntry): Promise<ResultEntry> {
  const segments = entry.path.split('/');
  const name = segments.pop()!;
  let folder: string;
  try {
    folder = (await share.folder(segments))!;
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.folderNotMade));
  }
  const destination = path.join(folder, name);
  try {
    const found = await lstatOrNull(destination);
    if (found) {
      return (await sameFile(found, destination, entry, share.signal))
        ? { index, status: 'present', bytes: entry.size, ...entryChecksums(entry), error: null }
        : failed(index, SHARE_PHRASES.differentFile);
    }
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.copyFailed));
  }

  let part: string | undefined;
  try {
    const opened = await openPart(destination);
    part = opened.part;
    let downloaded: Downloaded;
    try {
      const source = {
        s3: share.s3,
        directReads: share.directReads,
        bucket: share.bucket,
        key: entry.key,
        size: entry.size,
        signal: share.signal,
        onBytes: (total: number) => share.progress(index, total),
      };
      downloaded = await downloadObject(source, opened.handle, await checksumPass(entry));
    } finally {
      // A network share may report a failed write only here.
      await opened.handle.close();
    }
    if (!matchesEntry(entry, downloaded.sums))
      return await discard(part, failed(index, SHARE_PHRASES.checksumMismatch, downloaded.bytes, downloaded.sums));
    try {
      await rename(part, destination);
    } catch (error) {
      return await discard(part, failed(index, reasonFor(share, error, SHARE_PHRASES.notPutInPlace)));
    }
    return { index, status: 'copied', bytes: downloaded.bytes, ...reported(downloaded.sums), error: null };
  } catch (error) {
    const outcome =
      error instanceof SizeMismatch && !share.signal.aborted
        ? failed(index, SHARE_PHRASES.sizeMismatch, error.bytes)
        : failed(index, reasonFor(share, error, SHARE_PHRASES.copyFailed));
    return part ? await discard(part, outcome) : outcome;
  }
}

/** Removes a part file that will not become the file, then answers `outcome`. */
async function discard(part: string, outcome: ResultEntry): Promise<ResultEntry> {
  await unlink(part).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') console.error('Rushes: a .rushes-part file could not be removed', error.code);
  });
  return outcome;
}

export async function removeFile(share: Share, index: number, entry: TransferEntry): Promise<ResultEntry> {
  const segments = entry.path.split('/');
  const name = segments.pop()!;
  try {
    const folder = await share.folder(segments);
    const target = folder && path.join(folder, name);
    const found = target ? await lstatOrNull(target) : null;
    if (!target || !found) return { index, status: 'absent', bytes: null, sha256: null, error: null };
    if (!(await sameFile(found, target, entry, share.signal)))
      return { index, status: 'changed', bytes: null, sha256: null, error: SHARE_PHRASES.changed };
    try {
      await unlink(target);
    } catch (error) {
      return failed(index, reasonFor(share, error, SHARE_PHRASES.notRemoved));
    }
    await removeEmptiedFolders(share.root, segments);
    return { index, status: 'removed', bytes: entry.size, ...entryChecksums(entry), error: null };
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.notRemoved));
  }
}
