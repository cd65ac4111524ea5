import { describe, expect, it } from 'vitest';
import { JobQueue, exponentialBackoff } from './jobQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function queue(overrides: Partial<ConstructorParameters<typeof JobQueue>[0]> & Pick<ConstructorParameters<typeof JobQueue>[0], 'run'>) {
  const gaveUp: { id: string; attempts: number }[] = [];
  const q = new JobQueue({
    concurrency: 2,
    maxAttempts: 3,
    backoffMs: () => 1,
    onGiveUp: async (id, attempts) => void gaveUp.push({ id, attempts }),
    log: () => undefined,
    ...overrides,
  });
  return { q, gaveUp };
}

describe('JobQueue', () => {
  it('runs at most `concurrency` jobs at once', async () => {
    let running = 0;
    let peak = 0;
    const { q } = queue({
      run: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      },
    });
    for (let i = 0; i < 10; i += 1) q.add(`job-${i}`);
    await q.idle();
    expect(peak).toBe(2);
  });

  it('queues an id once, and runs it once more if it is added again while it runs', async () => {
    const runs: string[] = [];
    const gate = deferred();
    const { q } = queue({
      concurrency: 1,
      run: async (id) => {
        runs.push(id);
        if (runs.length === 1) await gate.promise;
      },
    });
    q.add('a');
    q.add('b');
    q.add('b'); // queued already: ignored
    q.add('a'); // running: once more afterwards
    q.add('a');
    gate.resolve();
    await q.idle();
    expect(runs.sort()).toEqual(['a', 'a', 'b']);
  });

  it('retries with backoff, then gives up with the number of tries', async () => {
    const attempts: number[] = [];
    const delays: number[] = [];
    const { q, gaveUp } = queue({
      run: async (_id, attempt) => {
        attempts.push(attempt);
        throw new Error('storage unreachable');
      },
      backoffMs: (attempt) => {
        delays.push(attempt);
        return 1;
      },
    });
    q.add('x');
    await q.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([1, 2]);
    expect(gaveUp).toEqual([{ id: 'x', attempts: 3 }]);
  });

  it('succeeds on a retry without giving up', async () => {
    let tries = 0;
    const { q, gaveUp } = queue({
      run: async () => {
        tries += 1;
        if (tries < 2) throw new Error('flaky');
      },
    });
    q.add('x');
    await q.idle();
    expect(tries).toBe(2);
    expect(gaveUp).toEqual([]);
  });

  it('stop aborts running jobs, drops queued ones and retries nothing', async () => {
    const started: string[] = [];
    const { q, gaveUp } = queue({
      concurrency: 1,
      run: (id, _attempt, signal) => {
        started.push(id);
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    });
    q.add('a');
    q.add('b');
    await new Promise((r) => setTimeout(r, 5));
    await q.stop();
    expect(started).toEqual(['a']);
    expect(gaveUp).toEqual([]);
    expect(q.size).toBe(0);
    q.add('c');
    expect(q.size).toBe(0);
  });

  it('refuses a concurrency below one', () => {
    expect(() => queue({ concurrency: 0, run: async () => undefined })).toThrow(/concurrency/);
  });
});

describe('exponentialBackoff', () => {
  it('grows by the factor, stays within ±20 %, and is capped', () => {
    const middle = exponentialBackoff(2_000, 4, 300_000, () => 0.5);
    expect([1, 2, 3, 4, 5, 6].map(middle)).toEqual([2_000, 8_000, 32_000, 128_000, 300_000, 300_000]);
    expect(exponentialBackoff(2_000, 4, 300_000, () => 0)(1)).toBe(1_600);
    expect(exponentialBackoff(2_000, 4, 300_000, () => 0.999999)(1)).toBeCloseTo(2_400, 0);
  });
});
