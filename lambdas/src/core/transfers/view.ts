import type { Transfer, TransferJob, Workstation } from '@rushes/shared';
import type { TransferLaunch } from '../../ports';
import { endedBadly, isUnfinished } from './jobStates';

// What a stored job looks like to the people who asked for it, and to the executor that runs it.

/**
 * The job as the API answers it. `live` holds the bytes written per file index while the
 * job runs (local mode reports them; they are never stored), merged into pending files.
 */
export function jobView(job: Transfer, live: ReadonlyMap<number, number> | undefined, withFiles: boolean): TransferJob {
  const running = isUnfinished(job) ? live : undefined;
  const files = job.files.map((file, index) => {
    const bytes = running?.get(index);
    return bytes !== undefined && file.state === 'pending' ? { ...file, state: 'running' as const, bytesDone: bytes } : file;
  });
  return {
    id: job.id,
    operation: job.operation,
    workstationId: job.workstation.id,
    workstationName: job.workstation.name,
    requestedBy: job.requestedBy,
    state: job.state,
    reason: job.reason,
    fileCount: files.length,
    failedCount: files.filter(endedBadly).length,
    bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
    bytesDone: files.reduce((sum, file) => sum + file.bytesDone, 0),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    deadline: job.deadline,
    ...(withFiles
      ? {
          files: files.map((file) => ({
            assetId: file.assetId,
            key: file.key,
            path: file.path,
            size: file.size,
            state: file.state,
            bytesDone: file.bytesDone,
            reason: file.reason,
          })),
        }
      : {}),
  };
}

/** The workstation as the job keeps it: later edits of the workstation do not change a job already sent. */
export function snapshot(workstation: Workstation): Transfer['workstation'] {
  return {
    id: workstation.id,
    name: workstation.name,
    platform: workstation.platform,
    instanceId: workstation.instanceId,
    shareRoot: workstation.shareRoot,
  };
}

export function launchOf(job: Transfer, timeoutSeconds: number): TransferLaunch {
  return { jobId: job.id, operation: job.operation, workstation: job.workstation, manifest: job.manifest, timeoutSeconds };
}
