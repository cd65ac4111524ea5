import { useCallback, useEffect, useMemo, useState } from 'react';
import { isFinished, type TransferView } from '@rushes/shared';
import { desktop, onDesktopEvent } from '../bridge/desktop';

export interface TransferSummary {
  active: number;
  failed: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/**
 * Every transfer main is running for this window, kept current from main's events. Uploads
 * will report here in the same shape (shared/src/transfers.ts).
 */
export function useTransfers() {
  const [byId, setById] = useState<ReadonlyMap<string, TransferView>>(new Map());

  const merge = useCallback((changed: readonly TransferView[], replace = false) => {
    setById((previous) => {
      const next = new Map(replace ? [] : previous);
      for (const transfer of changed) next.set(transfer.id, transfer);
      return next;
    });
  }, []);

  useEffect(() => {
    const off = [onDesktopEvent('downloads', (changed) => merge(changed)), onDesktopEvent('uploads', (changed) => merge(changed))];
    void Promise.all([desktop.listDownloads(), desktop.listUploads()]).then(
      ([downloads, uploads]) => merge([...downloads, ...uploads], true),
      () => undefined,
    );
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [merge]);

  const transfers = useMemo(() => [...byId.values()], [byId]);
  const summary = useMemo<TransferSummary>(() => summarise(transfers), [transfers]);

  /** Runs an action on uploads and downloads alike; an empty id list means every transfer. */
  const act = useCallback(
    async (action: 'pause' | 'resume' | 'cancel' | 'retry', ids: string[]) => {
      const downloads = {
        pause: desktop.pauseDownloads,
        resume: desktop.resumeDownloads,
        cancel: desktop.cancelDownloads,
        retry: desktop.retryDownloads,
      }[action];
      const uploads = {
        pause: desktop.pauseUploads,
        resume: desktop.resumeUploads,
        cancel: desktop.cancelUploadTransfers,
        retry: desktop.retryUploads,
      }[action];
      const kindOf = (id: string) => byId.get(id)?.kind;
      const downloadIds = ids.filter((id) => kindOf(id) === 'download');
      const uploadIds = ids.filter((id) => kindOf(id) === 'upload');
      const results = await Promise.all([
        ids.length === 0 || downloadIds.length > 0 ? downloads({ ids: downloadIds }) : [],
        ids.length === 0 || uploadIds.length > 0 ? uploads({ ids: uploadIds }) : [],
      ]);
      merge(results.flat());
    },
    [byId, merge],
  );
  const clearFinished = useCallback(async () => {
    const [downloads, uploads] = await Promise.all([desktop.clearFinishedDownloads(), desktop.clearFinishedUploads()]);
    merge([...downloads, ...uploads], true);
  }, [merge]);

  return { transfers, summary, merge, act, clearFinished };
}

export function summarise(transfers: readonly TransferView[]): TransferSummary {
  let active = 0;
  let failed = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  let bytesPerSecond = 0;
  for (const transfer of transfers) {
    if (transfer.state === 'failed') failed++;
    if (isFinished(transfer.state) || transfer.state === 'paused') continue;
    active++;
    bytesDone += transfer.bytesDone;
    bytesTotal += transfer.bytesTotal;
    bytesPerSecond += transfer.bytesPerSecond;
  }
  const etaSeconds = bytesPerSecond > 0 ? Math.ceil((bytesTotal - bytesDone) / bytesPerSecond) : null;
  return { active, failed, bytesDone, bytesTotal, bytesPerSecond, etaSeconds };
}

/** `42 s`, `3 min`, `1 h 5 min`: how long is left, as a person would say it. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${Math.max(1, seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
