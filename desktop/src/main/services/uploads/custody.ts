import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { HashAlgorithm, RecordedGeneration, RecordUploadGenerationBody } from '@rushes/shared';
import type { UploadCustodyState, UploadRecord } from './store';

/** What the generation's creatorinfo says made it. */
export interface CustodyCreator {
  hostName: string;
  toolVersion: string;
}

/**
 * The card folder a record belongs to: the top folder the user chose (`A002R2EC` of
 * `A002R2EC/CLIP/x.mov`) under the library folder it went to. A loose file has none: an MHL
 * generation describes a folder.
 */
export function cardRootOf(record: Pick<UploadRecord, 'folderPath' | 'relativePath'>): string | null {
  const slash = record.relativePath.indexOf('/');
  return slash > 0 ? `${record.folderPath}${record.relativePath.slice(0, slash + 1)}` : null;
}

/** The card's own folder on disk (`/Volumes/A002R2EC` for `A002R2EC/CLIP/x.mov`); none for a loose file. */
export function localCardRoot(record: Pick<UploadRecord, 'localPath' | 'relativePath'>): string | null {
  const depth = record.relativePath.split('/').length - 1;
  if (depth < 1) return null;
  let dir = record.localPath;
  for (let up = 0; up < depth; up += 1) dir = path.dirname(dir);
  return dir;
}

/**
 * What an upload reads of each file. SHA-256 always: the catalog's checksum, which copies to
 * an edit share are verified against. With custody, xxh64: what the generation lists (ASC MHL
 * has no SHA-256) and what offload tools write. MD5 (the slowest by far, about a third of
 * SHA-256's speed here) only for a card whose own ASC MHL lists MD5 hashes, so ours can be
 * checked against them.
 */
export async function uploadHashes(custody: boolean, cardRoot: string | null): Promise<HashAlgorithm[]> {
  if (!custody) return ['sha256'];
  return cardRoot !== null && (await listsMd5(cardRoot)) ? ['sha256', 'xxh64', 'md5'] : ['sha256', 'xxh64'];
}

/** Whether a manifest in the card's `ascmhl/` has an `<md5>` hash (the server reads them properly at upload). */
async function listsMd5(cardRoot: string): Promise<boolean> {
  const folder = path.join(cardRoot, 'ascmhl');
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.toLowerCase().endsWith('.mhl'))) {
    const text = await readFile(path.join(folder, name), 'utf8').catch(() => '');
    if (/<md5[\s>]/.test(text)) return true;
  }
  return false;
}

/** The generation to record for a card's files that arrived and were not recorded yet. */
export function generationBody(
  rootPath: string,
  records: readonly UploadRecord[],
  creator: CustodyCreator,
): RecordUploadGenerationBody | null {
  const files = records
    .filter((record) => record.key?.startsWith(rootPath) && record.assetId && record.xxh64 && record.sha256)
    .map((record) => ({
      assetId: record.assetId!,
      path: record.key!.slice(rootPath.length),
      size: record.size,
      lastModified: record.mtimeMs,
      hashes: { xxh64: record.xxh64!, sha256: record.sha256!, ...(record.md5 ? { md5: record.md5 } : {}) },
    }));
  if (files.every((file) => file.path.startsWith('ascmhl/'))) return null;
  return { rootPath, hostName: creator.hostName, toolVersion: creator.toolVersion, files };
}

/** Each record's part of what the server found: a mismatch names the file and both hashes. */
export function custodyOutcome(
  record: UploadRecord,
  rootPath: string,
  recorded: RecordedGeneration,
): { custodyState: UploadCustodyState; custodyMessage: string } {
  const path = record.key!.slice(rootPath.length);
  const { offload } = recorded;
  const mismatch = offload.mismatches.find((problem) => problem.path === path);
  if (mismatch) {
    return {
      custodyState: 'mismatch',
      custodyMessage:
        `${path} does not match the card's ASC MHL (${offload.tool ?? 'offload tool'}): ` +
        `${mismatch.format} on the card ${mismatch.expected}, Rushes read ${mismatch.actual}.`,
    };
  }
  if (offload.status === 'invalid')
    return { custodyState: 'invalid', custodyMessage: offload.message ?? "The card's ASC MHL could not be read." };
  const checked = offload.status === 'none' || offload.unchecked.includes(path) ? '' : `; matches the card's ASC MHL (${offload.tool})`;
  return { custodyState: 'recorded', custodyMessage: `Recorded in ascmhl/${recorded.manifestName}${checked}.` };
}
