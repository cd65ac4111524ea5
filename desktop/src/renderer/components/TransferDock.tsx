import { useCallback, useMemo, useState } from 'react';
import type { TransferJob, TransferView } from '@rushes/shared';
import { toShownError } from '../errors';
import { jobStateText, jobTitle } from '../library/fsxJobs';
import { useFsxJobs } from '../library/useFsxJobs';
import { useTransfers } from '../library/useTransfers';
import { FsxJobList } from './FsxJobList';
import { useToast } from './Toasts';
import { TransferPanel, type TransferTab } from './TransferPanel';

/** Uploads, downloads and edit-share jobs, and whether their panel is open on which tab. */
export function useTransferDock(afterChange: () => void) {
  const toast = useToast();
  const transfers = useTransfers();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<TransferTab>('files');
  const onFsxJobFinished = useCallback(
    (job: TransferJob) => {
      // Badges change with the job; the change feed brings them too, this makes it immediate.
      afterChange();
      if (job.state === 'succeeded') toast(`${jobTitle(job)}: ${jobStateText(job).toLowerCase()}`, 'success');
      else if (job.state === 'failed') toast(`${jobTitle(job)}: ${jobStateText(job)}`, 'error');
    },
    [afterChange, toast],
  );
  const fsx = useFsxJobs(onFsxJobFinished);
  const summary = useMemo(
    () => ({
      ...transfers.summary,
      active: transfers.summary.active + fsx.summary.active,
      failed: transfers.summary.failed + fsx.summary.failed,
      bytesDone: transfers.summary.bytesDone + fsx.summary.bytesDone,
      bytesTotal: transfers.summary.bytesTotal + fsx.summary.bytesTotal,
      // Edit-share jobs report no speed: a time left would leave them out.
      etaSeconds: fsx.summary.active > 0 ? null : transfers.summary.etaSeconds,
    }),
    [transfers.summary, fsx.summary],
  );
  const { merge } = transfers;
  const { track } = fsx;
  const onTransfersStarted = useCallback(
    (started: TransferView[]) => {
      merge(started);
      setOpen(true);
    },
    [merge],
  );
  const onFsxJobStarted = useCallback(
    (job: TransferJob) => {
      setTab('fsx');
      setOpen(true);
      track(job);
    },
    [track],
  );
  return { transfers, fsx, open, setOpen, tab, setTab, summary, onTransfersStarted, onFsxJobStarted };
}

export type TransferDockState = ReturnType<typeof useTransferDock>;

/** The transfer panel over the status bar, when open. */
export function TransferDock({ dock }: { dock: TransferDockState }) {
  const toast = useToast();
  const { transfers, fsx } = dock;
  if (!dock.open) return null;
  const report = (error: unknown) => toast(toShownError(error).message, 'error');
  return (
    <TransferPanel
      transfers={transfers.transfers}
      summary={transfers.summary}
      onAction={(action, ids) => void transfers.act(action, ids).catch(report)}
      onClearFinished={() => void transfers.clearFinished().catch(report)}
      onClose={() => dock.setOpen(false)}
      tab={dock.tab}
      onTabChange={dock.setTab}
      fsxSummary={fsx.summary}
      fsxCount={fsx.jobs.length}
      fsx={
        <FsxJobList
          jobs={fsx.jobs}
          details={fsx.details}
          expanded={fsx.expanded}
          error={fsx.error}
          onToggle={fsx.toggle}
          onCancel={(id) => void fsx.cancel(id).catch(report)}
        />
      }
    />
  );
}
