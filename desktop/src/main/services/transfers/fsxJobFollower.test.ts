import { describe, expect, it } from 'vitest';
import { DomainError, type FsxJobsUpdate, type TransferJob, type TransferJobState } from '@rushes/shared';
import { ManualClock } from './clock';
import { FSX_POLL_MS, FsxJobFollower } from './fsxJobFollower';

function job(id: string, state: TransferJobState, bytesDone = 0): TransferJob {
  return {
    id,
    operation: 'copy',
    workstationId: 'ws-1',
    workstationName: 'Edit 1',
    requestedBy: 'mm@example.com',
    state,
    reason: null,
    fileCount: 1,
    failedCount: 0,
    bytesTotal: 100,
    bytesDone,
    createdAt: '2026-12-06T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    deadline: '2026-12-06T11:00:00.000Z',
  };
}

/** A fake API whose jobs the test moves on; it counts what it is asked. */
function setup() {
  const clock = new ManualClock();
  const server = new Map<string, TransferJob>();
  const asked: string[] = [];
  let failing: Error | null = null;
  const pushed: FsxJobsUpdate[] = [];
  const follower = new FsxJobFollower(
    {
      list: async () => {
        asked.push('list');
        if (failing) throw failing;
        return { jobs: [...server.values()].map(({ files: _files, ...listed }) => listed) };
      },
      detail: async (id) => {
        asked.push(`detail ${id}`);
        return { ...server.get(id)!, files: [] };
      },
    },
    clock,
    (update) => pushed.push(update),
  );
  /** One poll interval, and the asking it starts. */
  const tick = async () => {
    clock.advance(FSX_POLL_MS);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { clock, server, asked, pushed, follower, tick, fail: (error: Error | null) => (failing = error) };
}

describe('FsxJobFollower', () => {
  it('asks nothing until a running job is noted, pushes the list each second, and stops with the last job', async () => {
    const { clock, server, asked, pushed, follower, tick } = setup();
    server.set('j1', job('j1', 'succeeded'));
    follower.note([server.get('j1')!]);
    expect(clock.pending()).toBe(0);

    server.set('j2', job('j2', 'running', 10));
    follower.note([server.get('j2')!]);
    expect(clock.pending()).toBe(1);
    await tick();
    expect(asked).toEqual(['list']);
    expect(pushed).toEqual([{ jobs: [job('j1', 'succeeded'), job('j2', 'running', 10)], listed: true, error: null }]);

    server.set('j2', job('j2', 'succeeded', 100));
    await tick();
    // The end comes with the job's files, before the list that shows it over.
    expect(asked).toEqual(['list', 'list', 'detail j2']);
    expect(pushed.slice(1)).toEqual([
      { jobs: [{ ...job('j2', 'succeeded', 100), files: [] }], listed: false, error: null },
      { jobs: [job('j1', 'succeeded'), job('j2', 'succeeded', 100)], listed: true, error: null },
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('follows the files of a job someone opened, picks up jobs started elsewhere, and goes on after a failure', async () => {
    const { clock, server, asked, pushed, follower, tick, fail } = setup();
    server.set('j1', job('j1', 'running'));
    follower.note([server.get('j1')!], true);
    await tick();
    expect(asked).toEqual(['list', 'detail j1']);

    server.set('j3', job('j3', 'queued'));
    fail(new DomainError('NETWORK', 'Cannot reach the Rushes API.'));
    await tick();
    expect(pushed.at(-1)).toEqual({ jobs: [], listed: false, error: 'Cannot reach the Rushes API.' });

    fail(null);
    server.set('j1', job('j1', 'cancelled'));
    await tick();
    // j1 ended (its detail once more), j3 was listed running: it is followed now.
    expect(asked.slice(3)).toEqual(['list', 'detail j1']);
    server.set('j3', job('j3', 'failed'));
    await tick();
    expect(asked.slice(5)).toEqual(['list', 'detail j3']);
    expect(clock.pending()).toBe(0);
  });

  it('asks nothing more once stopped (signed out)', async () => {
    const { clock, server, asked, follower, tick } = setup();
    server.set('j1', job('j1', 'running'));
    follower.note([server.get('j1')!]);
    follower.stop();
    await tick();
    expect(asked).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
