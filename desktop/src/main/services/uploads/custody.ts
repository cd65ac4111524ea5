import type { RecordedGeneration, RecordUploadGenerationBody } from '@rushes/shared';
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

/** The generation to record for a card's files that arrived and were not recorded yet. */
export function generationBody(
  rootPath: string,
  records: readonly UploadRecord[],
  creator: CustodyCreator,
): RecordUploadGenerationBody | null {
  const files = records
    .filter((record) => record.key?.startsWith(rootPath) && record.assetId && record.xxh64 && record.md5 && record.sha256)
    .map((record) => ({
      assetId: record.assetId!,
      path: record.key!.slice(rootPath.length),
      size: record.size,
      lastModified: record.mtimeMs,
      hashes: { xxh64: record.xxh64!, md5: record.md5!, sha256: record.sha256! },
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
