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
