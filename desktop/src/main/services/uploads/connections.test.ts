import { describe, expect, it } from 'vitest';
import { ConnectionPool, sleep } from './connections';

describe('ConnectionPool', () => {
  it('never runs more than its size at once, across callers', async () => {
    const pool = new ConnectionPool(3);
    let now = 0;
    let peak = 0;
    const work = async () => {
      now += 1;
      peak = Math.max(peak, now);
      await sleep(2, new AbortController().signal);
      now -= 1;
    };
    const signal = new AbortController().signal;
    await Promise.all([pool.each([1, 2, 3, 4, 5, 6], signal, work), pool.each([7, 8, 9, 10], signal, work), pool.with(signal, work)]);
    expect(peak).toBe(3);
  });

  it('stops taking items after the first failure and reports it', async () => {
    const pool = new ConnectionPool(1);
    const done: number[] = [];
    const run = pool.each([1, 2, 3], new AbortController().signal, async (item) => {
      if (item === 2) throw new Error('part 2 failed');
      done.push(item);
    });
    await expect(run).rejects.toThrow('part 2 failed');
    expect(done).toEqual([1]);
  });

  it('gives up waiting when aborted', async () => {
    const pool = new ConnectionPool(1);
    const busy = new AbortController();
    const holder = pool.with(busy.signal, () => sleep(50, busy.signal).catch(() => undefined));
    const waiter = new AbortController();
    const waiting = pool.with(waiter.signal, async () => 'ran');
    waiter.abort(new Error('paused'));
    await holder;
    await expect(waiting).rejects.toThrow('paused');
    await expect(pool.with(new AbortController().signal, async () => 'free again')).resolves.toBe('free again');
  });
});
