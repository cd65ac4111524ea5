import type { Entry } from './entries';
import type { TransferSummary } from './useTransfers';

/** What a screen reader should hear when transfers move on: their end and their failures, never each byte. */
export function transfersNews(before: TransferSummary, now: TransferSummary): string | null {
  const newlyFailed = now.failed - before.failed;
  const failedText = newlyFailed > 0 ? `${newlyFailed.toLocaleString()} failed` : '';
  if (before.active > 0 && now.active === 0) return failedText ? `Transfers finished, ${failedText}` : 'Transfers finished';
  if (newlyFailed > 0) return `Transfers: ${failedText}`;
  if (before.active === 0 && now.active > 0) return `${now.active.toLocaleString()} transferring`;
  return null;
}

/**
 * What a screen reader should hear when files listed here change state: ready once ingest has
 * made their proxies, or failed with the reason. Entries only just listed (another folder) say nothing.
 */
export function ingestNews(before: readonly Entry[], now: readonly Entry[]): string | null {
  const was = new Map(before.flatMap((entry) => (entry.type === 'asset' ? [[entry.key, entry.asset.status] as const] : [])));
  const ready: string[] = [];
  const failed: string[] = [];
  for (const entry of now) {
    if (entry.type !== 'asset') continue;
    const previous = was.get(entry.key);
    if (previous === undefined || previous === entry.asset.status) continue;
    if (entry.asset.status === 'ready') ready.push(entry.asset.name);
    else if (entry.asset.status === 'failed')
      failed.push(entry.asset.failureReason ? `${entry.asset.name} (${entry.asset.failureReason})` : entry.asset.name);
  }
  const told = [...(failed.length ? [`Ingest failed: ${named(failed)}`] : []), ...(ready.length ? [`Ready: ${named(ready)}`] : [])];
  return told.length ? told.join('. ') : null;
}

/** Up to three names, then how many more. */
function named(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${(names.length - 3).toLocaleString()} more`;
}
