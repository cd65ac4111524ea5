import type { CustodyEntry, Transfer, TransferResult } from '@rushes/shared';
import type { Catalog } from '../../ports';
import { RUSHES_TOOL_NAME, type Custody } from './custody';

/**
 * A copy to an edit share is a hop of its own: each file the workstation wrote is compared,
 * by the hash it computed of what landed, with what the upload recorded: the xxh64 where both
 * have one, else the MD5, else (an upload that read no MD5, a workstation without xxh64) the
 * SHA-256 both read. Every card folder the copy touched gets a generation: `verified` for a file
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
      files: { path: string; size: number; hashes: { md5: string } | { xxh64: string }; ok: boolean; first: boolean }[];
      entries: Omit<CustodyEntry, 'sequence' | 'manifestName'>[];
    }
  >();
  for (const entry of result.entries) {
    const file = job.files[entry.index];
    // A file that arrived, or that arrived with other bytes; not one that never got there.
    // What the workstation read of what landed: the xxh64 it verified with, else the MD5 beside its SHA-256.
    const read = entry.xxh64 ? { xxh64: entry.xxh64 } : entry.md5 ? { md5: entry.md5 } : null;
    if (!file || !read || (entry.status !== 'copied' && !(entry.status === 'failed' && (entry.sha256 || entry.xxh64)))) continue;
    const upload = (await deps.catalog.listAssetCustody(file.assetId)).filter((e) => e.hop === 'upload').at(-1);
    if (!upload) continue;
    const [format, now] = 'xxh64' in read ? (['xxh64', read.xxh64] as const) : (['md5', read.md5] as const);
    const recorded = upload.hashes[format];
    const compared = recorded
      ? { format, value: recorded, now }
      : upload.hashes.sha256 && entry.sha256
        ? { format: 'sha256' as const, value: upload.hashes.sha256, now: entry.sha256 }
        : null;
    const matched = entry.status === 'copied' && compared !== null && compared.value === compared.now;
    const group = byRoot.get(upload.rootPath) ?? { files: [], entries: [] };
    byRoot.set(upload.rootPath, group);
    // Matched by the SHA-256, the hash it lists is one no earlier generation has: its first.
    group.files.push({
      path: upload.path,
      size: entry.bytes ?? file.size,
      hashes: read,
      ok: matched,
      first: compared?.format === 'sha256',
    });
    group.entries.push({
      assetId: file.assetId,
      rootPath: upload.rootPath,
      path: upload.path,
      hop: 'workstation',
      state: matched ? 'matched' : 'mismatch',
      hashes: { ...read, ...(entry.sha256 ? { sha256: entry.sha256 } : {}) },
      expected: matched || !compared ? null : { format: compared.format, value: compared.value },
      by: job.workstation.name,
      detail: matched
        ? null
        : `${job.workstation.name} read ${compared?.format ?? format} ${compared?.now ?? now}; the upload recorded ${compared?.value ?? `no ${format} or sha256`}`,
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
        hashes: file.hashes,
        action: !file.ok ? 'failed' : file.first ? 'original' : 'verified',
      })),
      entries: (sequence, manifestName) => group.entries.map((entry) => ({ ...entry, sequence, manifestName })),
    });
    await deps.custody.markMismatch(group.entries.filter((entry) => entry.state === 'mismatch').map((entry) => entry.assetId));
  }
}
