import type { CustodyEntry, Transfer, TransferResult } from '@rushes/shared';
import type { Catalog } from '../../ports';
import { RUSHES_TOOL_NAME, type Custody } from './custody';

/**
 * A copy to an edit share is a hop of its own: each file the workstation wrote is compared,
 * by the MD5 it computed of what landed where the upload recorded an MD5, else by the SHA-256,
 * with what the upload recorded, and every card folder the copy touched gets a generation: `verified` for a file
 * that matched, `failed` for one that did not. Files uploaded without a generation (loose
 * files, or before Rushes recorded MHL) have nothing to compare with and are left out.
 */
export async function recordShareCopy(
  deps: { catalog: Catalog; custody: Custody; now: Date; toolVersion: string },
  job: Transfer,
  result: TransferResult,
): Promise<void> {
  if (job.operation !== 'copy' || result.jobId !== job.id) return;
  const at = deps.now.toISOString();
  const byRoot = new Map<
    string,
    {
      files: { path: string; size: number; md5: string; ok: boolean; firstMd5: boolean }[];
      entries: Omit<CustodyEntry, 'sequence' | 'manifestName'>[];
    }
  >();
  for (const entry of result.entries) {
    const file = job.files[entry.index];
    // A file that arrived, or that arrived with other bytes; not one that never got there.
    if (!file || !entry.md5 || (entry.status !== 'copied' && !(entry.status === 'failed' && entry.sha256))) continue;
    const upload = (await deps.catalog.listAssetCustody(file.assetId)).filter((e) => e.hop === 'upload').at(-1);
    if (!upload) continue;
    // By MD5 where the upload read one; else by the SHA-256 both read (uploads read MD5 only for cards whose own MHL lists it).
    const compared = upload.hashes.md5
      ? { format: 'md5', value: upload.hashes.md5, now: entry.md5 }
      : upload.hashes.sha256 && entry.sha256
        ? { format: 'sha256', value: upload.hashes.sha256, now: entry.sha256 }
        : null;
    const matched = entry.status === 'copied' && compared !== null && compared.value === compared.now;
    const group = byRoot.get(upload.rootPath) ?? { files: [], entries: [] };
    byRoot.set(upload.rootPath, group);
    group.files.push({
      path: upload.path,
      size: entry.bytes ?? file.size,
      md5: entry.md5,
      ok: matched,
      firstMd5: compared?.format !== 'md5',
    });
    group.entries.push({
      assetId: file.assetId,
      rootPath: upload.rootPath,
      path: upload.path,
      hop: 'workstation',
      state: matched ? 'matched' : 'mismatch',
      hashes: { md5: entry.md5, ...(entry.sha256 ? { sha256: entry.sha256 } : {}) },
      expected: matched || !compared ? null : { format: compared.format, value: compared.value },
      by: job.workstation.name,
      detail: matched
        ? null
        : `${job.workstation.name} read ${compared?.format ?? 'md5'} ${compared?.now ?? entry.md5}; the upload recorded ${compared?.value ?? 'no md5 or sha256'}`,
      at,
    });
  }
  for (const [rootPath, group] of byRoot) {
    await deps.custody.appendGeneration({
      rootPath,
      at: deps.now,
      hop: 'workstation',
      by: job.workstation.name,
      transferId: job.id,
      creator: {
        hostName: job.workstation.name,
        tool: { name: RUSHES_TOOL_NAME, version: deps.toolVersion },
        authors: [{ name: job.requestedBy, email: job.requestedBy, role: 'editor' }],
        comment: `copy to ${job.workstation.shareRoot}`,
      },
      files: group.files.map((file) => ({
        path: file.path,
        size: file.size,
        lastModified: deps.now,
        hashes: { md5: file.md5 },
        // An MD5 no earlier generation lists is this file's first (its bytes matched the upload's SHA-256).
        action: !file.ok ? 'failed' : file.firstMd5 ? 'original' : 'verified',
      })),
      entries: (sequence, manifestName) => group.entries.map((entry) => ({ ...entry, sequence, manifestName })),
    });
    await deps.custody.markMismatch(group.entries.filter((entry) => entry.state === 'mismatch').map((entry) => entry.assetId));
  }
}
