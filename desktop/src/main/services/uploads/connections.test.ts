import { describe, expect, it } from 'vitest';
import { ConnectionPool } from './connections';

/** A promise the test resolves when it chooses: work that holds a connection until told. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('ConnectionPool', () => {
  it('never runs more than its size at once, across callers', async () => {
    const pool = new ConnectionPool(3);
    let now = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    let wake = () => undefined as void;
    const started = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (gates.length >= count ? resolve() : void (wake = check));
        check();
      });
    const work = async () => {
      now += 1;
      peak = Math.max(peak, now);
      const held = gate();
      gates.push(held.open);
      wake();
      await held.promise;
      now -= 1;
    };
    const signal = new AbortController().signal;
    const all = Promise.all([pool.each([1, 2, 3, 4, 5, 6], signal, work), pool.each([7, 8, 9, 10], signal, work), pool.with(signal, work)]);
    // Let each holder go one at a time, once the pool has filled up behind it.
    for (let released = 0; released < 11; released += 1) {
      await started(released + 1);
      expect(now).toBeLessThanOrEqual(3);
      gates[released]!();
    }
    await all;
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
    const busy = gate();
    const holder = pool.with(new AbortController().signal, () => busy.promise);
    const waiter = new AbortController();
    const waiting = pool.with(waiter.signal, async () => 'ran');
    waiter.abort(new Error('paused'));
    busy.open();
    await holder;
    await expect(waiting).rejects.toThrow('paused');
    await expect(pool.with(new AbortController().signal, async () => 'free again')).resolves.toBe('free again');
  });
});
