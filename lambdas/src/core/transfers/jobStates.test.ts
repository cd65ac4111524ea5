import { describe, expect, it } from 'vitest';
import type { Transfer, TransferFile, TransferResult } from '@rushes/shared';
import { CHANGED_REASON, applyResult, cancelAll, failAll, isUnfinished } from './jobStates';

const NOW = '2026-12-07T05:00:00.000Z';

function file(index: number, state: TransferFile['state'] = 'pending'): TransferFile {
  return {
    assetId: `a${index}`,
    key: `Day/f${index}.mov`,
    path: `Day/f${index}.mov`,
    size: 1000 + index,
    sha256: 'a'.repeat(64),
    state,
    bytesDone: 0,
    reason: null,
  };
}

function job(files: TransferFile[]): Transfer {
  return {
    id: 'job-1',
    operation: 'copy',
    workstation: { id: 'ws', name: 'Bay 1', platform: 'linux', instanceId: null, shareRoot: '/share' },
    requestedBy: 'ed@example.com',
    requestedById: 'u1',
    state: 'running',
    reason: null,
    commandId: null,
    manifest: { bucket: 'derived', key: 'transfers/job-1/manifest.json' },
    files,
    createdAt: NOW,
    startedAt: NOW,
    finishedAt: null,
    deadline: NOW,
    version: 1,
  };
}

function result(
  entries: { index: number; status: TransferResult['entries'][number]['status']; error?: string; bytes?: number }[],
  jobId = 'job-1',
): TransferResult {
  return {
    version: 1,
    jobId,
    error: null,
    entries: entries.map((entry) => ({
      index: entry.index,
      status: entry.status,
      bytes: entry.bytes ?? null,
      sha256: null,
      error: entry.error ?? null,
    })),
  };
}

describe('applyResult', () => {
  it('succeeds when every file ended well, counting the bytes of copied and present files only', () => {
    const ended = applyResult(
      job([file(0), file(1)]),
      result([
        { index: 0, status: 'copied' },
        { index: 1, status: 'present' },
      ]),
      NOW,
      false,
    );
    expect(ended.state).toBe('succeeded');
    expect(ended.reason).toBeNull();
    expect(ended.finishedAt).toBe(NOW);
    expect(ended.files.map((f) => [f.state, f.bytesDone])).toEqual([
      ['copied', 1000],
      ['present', 1001],
    ]);
    expect(isUnfinished(ended)).toBe(false);
  });

  it('fails a file the workstation did not mention, and marks a changed one with its reason', () => {
    const ended = applyResult(job([file(0), file(1)]), result([{ index: 1, status: 'changed' }]), NOW, false);
    expect(ended.state).toBe('failed');
    expect(ended.files.map((f) => [f.state, f.reason])).toEqual([
      ['failed', 'the workstation did not report this file'],
      ['changed', CHANGED_REASON],
    ]);
  });

  it('fails every file when the result names another job', () => {
    const ended = applyResult(job([file(0)]), result([{ index: 0, status: 'copied' }], 'job-2'), NOW, false);
    expect(ended.state).toBe('failed');
    expect(ended.files[0]!.state).toBe('failed');
  });

  it('reads a file stopped by a cancel under way as cancelled, not failed', () => {
    const ended = applyResult(
      job([file(0), file(1)]),
      result([
        { index: 0, status: 'copied' },
        { index: 1, status: 'failed', error: 'cancelled', bytes: 7 },
      ]),
      NOW,
      true,
    );
    expect(ended.state).toBe('cancelled');
    expect(ended.files.map((f) => [f.state, f.bytesDone])).toEqual([
      ['copied', 1000],
      ['cancelled', 7],
    ]);
  });
});

describe('failAll and cancelAll', () => {
  it('end the files not yet ended and keep those that did', () => {
    const start = job([file(0, 'copied'), file(1, 'changed'), file(2, 'running'), file(3)]);
    expect(failAll(start, 'timed out', NOW).files.map((f) => [f.state, f.reason])).toEqual([
      ['copied', null],
      ['changed', null],
      ['failed', 'timed out'],
      ['failed', 'timed out'],
    ]);
    const cancelled = cancelAll(start, 'ed@example.com', NOW);
    expect([cancelled.state, cancelled.reason]).toEqual(['cancelled', 'cancelled by ed@example.com']);
    expect(cancelled.files.map((f) => f.state)).toEqual(['copied', 'changed', 'cancelled', 'cancelled']);
  });
});
