import { describe, expect, it } from 'vitest';
import type { TransferJob } from '@rushes/shared';
import { jobStateText, jobTitle, mergeJobs, summariseJobs } from './fsxJobs';

function job(overrides: Partial<TransferJob>): TransferJob {
  return {
    id: 'job-00000001',
    operation: 'copy',
    workstationId: 'ws-edit-1',
    workstationName: 'Edit 1',
    requestedBy: 'ed@example.com',
    state: 'running',
    reason: null,
    fileCount: 2,
    failedCount: 0,
    bytesTotal: 1000,
    bytesDone: 250,
    createdAt: '2026-11-22T09:00:00.000Z',
    startedAt: '2026-11-22T09:00:01.000Z',
    finishedAt: null,
    deadline: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

describe('FSx jobs in the Transfers panel', () => {
  it('merges answers by id, newest first, keeping per-file detail the list answer leaves out', () => {
    const file = {
      assetId: 'a1',
      key: 'Show/A001.mov',
      path: 'Show/A001.mov',
      size: 1000,
      state: 'running' as const,
      bytesDone: 250,
      reason: null,
    };
    const older = job({ id: 'job-00000001', createdAt: '2026-11-22T09:00:00.000Z', files: [file] });
    const newer = job({ id: 'job-00000002', createdAt: '2026-11-22T09:05:00.000Z' });
    const merged = mergeJobs([older], [newer, job({ id: 'job-00000001', bytesDone: 900 })]);
    expect(merged.map((item) => item.id)).toEqual(['job-00000002', 'job-00000001']);
    expect(merged[1]!.bytesDone).toBe(900);
    expect(merged[1]!.files).toEqual([file]);
  });

  it('counts only queued and running jobs as active, and failed ones apart', () => {
    const summary = summariseJobs([
      job({ state: 'queued', bytesDone: 0, bytesTotal: 10 }),
      job({ state: 'running', bytesDone: 5, bytesTotal: 20 }),
      job({ state: 'failed', bytesDone: 7, bytesTotal: 7 }),
      job({ state: 'succeeded', bytesDone: 100, bytesTotal: 100 }),
    ]);
    expect(summary).toEqual({ active: 2, failed: 1, bytesDone: 5, bytesTotal: 30 });
  });

  it('words a job as an editor reads it, a failure with its reason and count', () => {
    expect(jobTitle(job({}))).toBe('Copy 2 files to Edit 1');
    const only = {
      assetId: 'a1',
      key: 'Show/Day 1/A001.mov',
      path: 'Show/Day 1/A001.mov',
      size: 1,
      state: 'removed' as const,
      bytesDone: 0,
      reason: null,
    };
    expect(jobTitle(job({ operation: 'remove', fileCount: 1, files: [only] }))).toBe('Remove “A001.mov” from Edit 1');
    expect(jobTitle(job({ operation: 'remove', fileCount: 1 }))).toBe('Remove 1 file from Edit 1');
    expect(jobStateText(job({ state: 'failed', failedCount: 1, reason: 'The share is full.' }))).toBe(
      '1 of 2 files failed: The share is full.',
    );
    expect(jobStateText(job({ state: 'failed', failedCount: 0, reason: 'Timed out: the workstation did not answer.' }))).toBe(
      'Failed: Timed out: the workstation did not answer.',
    );
    expect(jobStateText(job({ state: 'succeeded', operation: 'remove' }))).toBe('Removed');
  });
});
