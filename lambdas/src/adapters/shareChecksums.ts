import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { addAbortSignal } from 'node:stream';
import { createHasher, type TransferEntry } from '@rushes/shared';

/**
 * How a file on an edit share is checked against its manifest entry: every byte, with the
 * xxh64 the upload recorded for the chain of custody when the entry has one, else with the
 * SHA-256 (and an MD5 beside it for the MHL generation). xxh64 costs about a tenth of the
 * CPU of SHA-256 plus MD5, and CPU is what bounds a copy on a busy workstation. The
 * workstation scripts choose the same way.
 */
export interface ShareChecksums {
  /** Of the bytes read; null when the xxh64 was what was checked. */
  sha256: string | null;
  /** Beside the SHA-256, for the MHL generation; null when the xxh64 was checked. */
  md5: string | null;
  /** Of the bytes read; null when the entry had none to check against. */
  xxh64: string | null;
}

/** The hashes one pass over a file's bytes computes for an entry. */
export interface ChecksumPass {
  update(chunk: Uint8Array): void;
  digest(): ShareChecksums;
}

type Expected = Pick<TransferEntry, 'sha256' | 'xxh64'>;

export async function checksumPass(entry: Expected): Promise<ChecksumPass> {
  if (entry.xxh64) {
    const hasher = await createHasher(['xxh64']);
    return {
      update: (chunk) => hasher.update(chunk),
      digest: () => ({ sha256: null, md5: null, xxh64: hasher.digest().xxh64! }),
    };
  }
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  return {
    update(chunk) {
      sha256.update(chunk);
      md5.update(chunk);
    },
    digest: () => ({ sha256: sha256.digest('hex'), md5: md5.digest('hex'), xxh64: null }),
  };
}

/** Do these hashes of a file's bytes say it is the entry's file? */
export function matchesEntry(entry: Expected, sums: ShareChecksums): boolean {
  return entry.xxh64 ? sums.xxh64 === entry.xxh64 : sums.sha256 === entry.sha256;
}

/** The hashes a result line reports for an entry that was checked and matched, without reading anything. */
export function entryChecksums(entry: Expected): { sha256: string | null; xxh64?: string } {
  return entry.xxh64 ? { sha256: null, xxh64: entry.xxh64 } : { sha256: entry.sha256 };
}

/** Reads a file once and answers its hashes for `entry`. Never follows a link in the last step. */
export async function checksumsOfFile(file: string, entry: Expected, signal: AbortSignal): Promise<ShareChecksums> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  const pass = await checksumPass(entry);
  // 1 MiB reads: few system calls for large media, and one read for most small files.
  const stream = addAbortSignal(signal, handle.createReadStream({ highWaterMark: 1024 * 1024 }));
  for await (const chunk of stream) pass.update(chunk as Buffer);
  return pass.digest();
}
