import type { TransferJob, TransferJobFileState, TransferJobState } from '@rushes/shared';
import { pluralItems } from './format';

/** How S3 ↔ edit-share jobs read in the Transfers panel: pure rules, tested beside. */

export function isJobActive(state: TransferJobState): boolean {
  return state === 'queued' || state === 'running';
}

/** The jobs known so far with `changed` merged in by id, newest first. */
export function mergeJobs(previous: readonly TransferJob[], changed: readonly TransferJob[]): TransferJob[] {
  const byId = new Map(previous.map((job) => [job.id, job]));
  for (const job of changed) {
    // The list answer leaves out files; keep the per-file detail a job already has.
    const known = byId.get(job.id);
    byId.set(job.id, job.files === undefined && known?.files !== undefined ? { ...job, files: known.files } : job);
  }
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export interface FsxSummary {
  active: number;
  failed: number;
  bytesDone: number;
  bytesTotal: number;
}

export function summariseJobs(jobs: readonly TransferJob[]): FsxSummary {
  const summary: FsxSummary = { active: 0, failed: 0, bytesDone: 0, bytesTotal: 0 };
  for (const job of jobs) {
    if (job.state === 'failed') summary.failed += 1;
    if (!isJobActive(job.state)) continue;
    summary.active += 1;
    summary.bytesDone += job.bytesDone;
    summary.bytesTotal += job.bytesTotal;
  }
  return summary;
}

/** `Copy 2 files to Edit 1`, `Remove “A001.mov” from Edit 1` (a single file is named once its files are known). */
export function jobTitle(job: Pick<TransferJob, 'operation' | 'fileCount' | 'workstationName' | 'files'>): string {
  const only = job.fileCount === 1 ? job.files?.[0]?.path.split('/').pop() : undefined;
  const what = only ? `“${only}”` : pluralItems(job.fileCount, 'file');
  return job.operation === 'copy' ? `Copy ${what} to ${job.workstationName}` : `Remove ${what} from ${job.workstationName}`;
}

/** The job's state in a word or two; a failure carries its reason, and how many files failed. */
export function jobStateText(job: Pick<TransferJob, 'operation' | 'state' | 'reason' | 'failedCount' | 'fileCount'>): string {
  switch (job.state) {
    case 'queued':
      return 'Waiting for the workstation';
    case 'running':
      return job.operation === 'copy' ? 'Copying and verifying…' : 'Checking and removing…';
    case 'succeeded':
      return job.operation === 'copy' ? 'Copied and verified' : 'Removed';
    case 'cancelled':
      return 'Cancelled';
    case 'failed': {
      const files = job.failedCount > 0 ? `${job.failedCount.toLocaleString()} of ${pluralItems(job.fileCount, 'file')} failed` : 'Failed';
      return job.reason ? `${files}: ${job.reason}` : files;
    }
  }
}

export type Tone = 'neutral' | 'active' | 'good' | 'warning' | 'bad';

export const fileStateLook: Record<TransferJobFileState, { label: string; tone: Tone }> = {
  pending: { label: 'Waiting', tone: 'neutral' },
  running: { label: 'In progress', tone: 'active' },
  copied: { label: 'Copied, verified', tone: 'good' },
  present: { label: 'Already there, verified', tone: 'good' },
  removed: { label: 'Removed', tone: 'good' },
  absent: { label: 'Was not there', tone: 'neutral' },
  changed: { label: 'Changed on the share: kept', tone: 'warning' },
  failed: { label: 'Failed', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};
