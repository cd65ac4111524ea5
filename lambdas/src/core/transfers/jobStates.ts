import type { Transfer, TransferFile, TransferResult } from '@rushes/shared';

// How a transfer job and its files end: pure functions from a job and what was reported
// to the ended job. The use case (core/transfers.ts) stores what they answer.

/** What a file left on the share because it no longer matches what was sent says. */
export const CHANGED_REASON = 'changed on the workstation since it was sent; left in place';

export function isUnfinished(job: Transfer): boolean {
  return job.state === 'queued' || job.state === 'running';
}

export function endedBadly(file: TransferFile): boolean {
  return file.state === 'failed' || file.state === 'changed';
}

function endedWell(file: TransferFile): boolean {
  return file.state === 'copied' || file.state === 'present' || file.state === 'removed' || file.state === 'absent';
}

/** Every file still pending ends failed with `reason`, and so does the job (cancelled while a cancel is under way). */
export function failAll(job: Transfer, reason: string, now: string, cancelled = false): Transfer {
  return {
    ...job,
    state: cancelled ? 'cancelled' : 'failed',
    reason,
    finishedAt: now,
    files: job.files.map((file) =>
      endedWell(file) || endedBadly(file)
        ? file
        : { ...file, state: cancelled ? 'cancelled' : 'failed', reason: cancelled ? null : reason },
    ),
  };
}

/** The job cancelled by `email`: files not yet done are cancelled, those that ended keep their state. */
export function cancelAll(job: Transfer, email: string, now: string): Transfer {
  return {
    ...job,
    state: 'cancelled',
    reason: `cancelled by ${email}`,
    finishedAt: now,
    files: job.files.map((file) => (file.state === 'pending' || file.state === 'running' ? { ...file, state: 'cancelled' } : file)),
  };
}

/** The workstation's result, file by file; a file it does not mention failed. */
export function applyResult(job: Transfer, result: TransferResult, now: string, cancelled: boolean): Transfer {
  if (result.jobId !== job.id) return failAll(job, 'the workstation reported the result of another job', now, cancelled);
  const entries = new Map(result.entries.map((entry) => [entry.index, entry]));
  const files = job.files.map((file, index): TransferFile => {
    const entry = entries.get(index);
    if (!entry) return { ...file, state: 'failed', reason: result.error ?? 'the workstation did not report this file' };
    if (entry.status === 'failed') {
      // A file the cancel stopped was cancelled, not failed.
      if (cancelled && entry.error === 'cancelled') return { ...file, state: 'cancelled', bytesDone: entry.bytes ?? 0, reason: null };
      return {
        ...file,
        state: 'failed',
        bytesDone: entry.bytes ?? 0,
        reason: entry.error ?? 'the workstation reported a failure without a reason',
      };
    }
    if (entry.status === 'changed') return { ...file, state: 'changed', bytesDone: 0, reason: CHANGED_REASON };
    const moved = entry.status === 'copied' || entry.status === 'present' ? file.size : 0;
    return { ...file, state: entry.status, bytesDone: moved, reason: null };
  });
  const allWell = files.every(endedWell);
  return {
    ...job,
    state: allWell ? 'succeeded' : cancelled ? 'cancelled' : 'failed',
    reason: allWell ? null : result.error,
    finishedAt: now,
    files,
  };
}
