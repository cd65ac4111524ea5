import { describe, expect, it } from 'vitest';
import type { TransferState, TransferView } from '@rushes/shared';
import { ManualClock, sleep } from './clock';
import { TransferQueue, exponentialBackoff, withRetry, type ActiveTransfer, type QueuedTransfer, type RunOutcome } from './queue';

interface Item extends QueuedTransfer {
  bytes: number;
  note: string | null;
}

/** A run the test ends by hand: finish it, fail it, or watch it be aborted. */
interface Held {
  active: ActiveTransfer;
  finish: () => void;
  fail: (error: Error) => void;
}

function setup(options: { concurrency?: number; open?: boolean } = {}) {
  const clock = new ManualClock(1_000_000);
  const held = new Map<string, Held>();
  const outcomes: [string, RunOutcome['kind'], string?][] = [];
  const events: TransferView[][] = [];
  const persisted: [string, Partial<Item>][] = [];
  const queue: TransferQueue<Item> = new TransferQueue<Item>(
    {
      concurrency: options.concurrency ?? 2,
      clock,
      notifyMs: 250,
      run: (item, active) =>
        new Promise<void>((resolve, reject) => {
          held.set(item.id, { active, finish: resolve, fail: reject });
          active.signal.addEventListener('abort', () => reject(active.signal.reason as Error));
        }),
      settle: (item, outcome) => {
        outcomes.push([item.id, outcome.kind, outcome.kind === 'stopped' ? outcome.as : undefined]);
        held.delete(item.id);
        if (outcome.kind === 'succeeded') queue.update(item, { state: 'succeeded' });
        else if (outcome.kind === 'failed') queue.update(item, { state: 'failed', note: (outcome.error as Error).message });
        else if (outcome.as !== 'disposed') queue.update(item, { state: outcome.as });
      },
      cancelIdle: (item) => queue.update(item, { state: 'cancelled' }),
      retryPatch: (item) => (item.note === 'do not retry' ? null : { note: null }),
      persist: (item, patch) => persisted.push([item.id, patch]),
      view: (item, active) => ({
        id: item.id,
        kind: 'download',
        name: item.id,
        destination: '/tmp',
        bytesDone: item.bytes,
        bytesTotal: 100,
        state: item.state,
        error: item.note,
        bytesPerSecond: active ? active.rate.bytesPerSecond() : 0,
        etaSeconds: active ? active.rate.etaSeconds(100 - item.bytes) : null,
        startedAt: null,
        finishedAt: null,
      }),
      onChange: (changed) => events.push(changed),
    },
    { open: options.open ?? true },
  );
  const item = (id: string, state: TransferState = 'queued'): Item => ({ id, state, bytes: 0, note: null });
  const states = () => Object.fromEntries(queue.all().map((i) => [i.id, i.state]));
  return { clock, queue, held, outcomes, events, persisted, item, states };
}

/** Lets the queue's promise callbacks run (settle, the next start): no timers involved. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TransferQueue', () => {
  it('runs at most `concurrency` at once, in order, starting the next as one ends', async () => {
    const { queue, held, item, states } = setup({ concurrency: 2 });
    queue.add([item('a'), item('b'), item('c')]);
    expect(states()).toEqual({ a: 'running', b: 'running', c: 'queued' });
    held.get('b')!.finish();
    await settled();
    expect(states()).toEqual({ a: 'running', b: 'succeeded', c: 'running' });
    held.get('a')!.fail(new Error('disk full'));
    held.get('c')!.finish();
    await queue.idle();
    expect(states()).toEqual({ a: 'failed', b: 'succeeded', c: 'succeeded' });
    expect(queue.get('a')!.note).toBe('disk full');
  });

  it('pauses a running transfer where it is, resumes it, and cancels a waiting one without running it', async () => {
    const { queue, held, outcomes, item, states } = setup({ concurrency: 1 });
    queue.add([item('a'), item('b')]);
    queue.pause(['a']);
    expect(held.get('a')!.active.signal.aborted).toBe(true);
    await settled();
    expect(outcomes).toContainEqual(['a', 'stopped', 'paused']);
    expect(states()).toEqual({ a: 'paused', b: 'running' });
    queue.resume(['a']);
    expect(states()).toEqual({ a: 'queued', b: 'running' });
    queue.cancel(['a']);
    expect(states()).toEqual({ a: 'cancelled', b: 'running' });
    held.get('b')!.finish();
    await queue.idle();
    expect(outcomes.map(([id]) => id)).toEqual(['a', 'b']);
  });

  it('retries only what the manager allows, and forgets finished transfers on request', async () => {
    const { queue, held, item, states } = setup({ concurrency: 1 });
    queue.add([item('a'), item('b')]);
    held.get('a')!.fail(new Error('do not retry'));
    await settled();
    held.get('b')!.fail(new Error('network'));
    await queue.idle();
    queue.retry([]);
    expect(states()).toEqual({ a: 'failed', b: 'running' });
    expect(queue.get('b')!.note).toBeNull();
    expect(queue.clearFinished().map((i) => i.id)).toEqual(['a']);
    expect(queue.all().map((i) => i.id)).toEqual(['b']);
  });

  it('starts nothing while closed, and closing puts running transfers back in the queue', async () => {
    const { queue, held, item, states } = setup({ open: false });
    queue.add([item('a')]);
    expect(states()).toEqual({ a: 'queued' });
    await queue.idle(); // closed: nothing could start, so it is idle already
    queue.setOpen(true);
    expect(states()).toEqual({ a: 'running' });
    queue.setOpen(false);
    await queue.idle();
    expect(states()).toEqual({ a: 'queued' });
    expect(held.size).toBe(0);
  });

  it('batches changes into one event per interval, with the speed of what runs', async () => {
    const { clock, queue, held, events, persisted, item } = setup();
    queue.add([item('a')]);
    const a = queue.get('a')!;
    const { rate } = held.get('a')!.active;
    expect(events).toEqual([]);
    for (let i = 1; i <= 10; i += 1) {
      clock.advance(100);
      a.bytes = i * 5;
      rate.sample(a.bytes);
      queue.touch('a');
    }
    // Ten touches over a second: the first armed the timer, each 250 ms sends what changed.
    expect(events).toHaveLength(3);
    expect(events.flat().every((view) => view.id === 'a' && view.state === 'running')).toBe(true);
    clock.advance(250);
    expect(events).toHaveLength(4);
    const last = events.at(-1)![0]!;
    expect(last).toMatchObject({ bytesDone: 50 });
    expect(last.bytesPerSecond).toBeGreaterThan(0);
    expect(last.etaSeconds).toBeGreaterThan(0);
    expect(persisted).toContainEqual(['a', { state: 'running' }]);
    queue.dispose();
    await queue.idle();
    expect(a.state).toBe('running'); // disposed: left as it was, for the next start
  });
});

describe('withRetry', () => {
  it('waits doubling, jittered backoffs on the clock, retries at once when told, and gives up after `attempts`', async () => {
    const clock = new ManualClock();
    const waits: number[] = [];
    const after = clock.after.bind(clock);
    clock.after = (ms, run) => {
      waits.push(ms);
      return after(ms, run);
    };
    const tries: number[] = [];
    const answers: ('wait' | 'now')[] = ['wait', 'now', 'wait'];
    let outcome: unknown = null;
    void withRetry(
      async (attempt) => {
        tries.push(clock.now());
        throw new Error(`try ${attempt}`);
      },
      {
        attempts: 4,
        backoffMs: exponentialBackoff(100),
        clock,
        signal: new AbortController().signal,
        classify: () => answers.shift() ?? 'wait',
        jitter: 0.5,
        random: () => 1, // the top of the spread: 125% of each wait
      },
    ).catch((error: unknown) => (outcome = error));
    while (outcome === null) {
      await settled();
      if (clock.pending() > 0) clock.advance(waits.at(-1)!);
    }
    expect((outcome as Error).message).toBe('try 4');
    // After try 1: 100 ms × 1.25; try 3 goes at once; after try 3: 400 ms × 1.25; try 4 is the last.
    expect(waits).toEqual([125, 500]);
    expect(tries).toEqual([0, 125, 125, 625]);
  });

  it('stops waiting the moment its signal aborts, and does not retry what the policy stops', async () => {
    const clock = new ManualClock();
    const abort = new AbortController();
    let calls = 0;
    const done = withRetry(
      async () => {
        calls += 1;
        throw new Error('down');
      },
      { attempts: 5, backoffMs: () => 60_000, clock, signal: abort.signal, classify: () => 'wait' },
    );
    await settled();
    expect(clock.pending()).toBe(1);
    abort.abort(new Error('paused'));
    await expect(done).rejects.toThrow('paused');
    expect(calls).toBe(1);
    const stopped = withRetry(
      async () => {
        calls += 1;
        throw new Error('forbidden');
      },
      { attempts: 5, backoffMs: () => 1, clock, signal: new AbortController().signal, classify: () => 'stop' },
    );
    await expect(stopped).rejects.toThrow('forbidden');
    expect(calls).toBe(2);
  });

  it('sleep resolves only when the clock reaches its time', async () => {
    const clock = new ManualClock();
    let woke = false;
    const waiting = sleep(clock, 500, new AbortController().signal).then(() => (woke = true));
    clock.advance(499);
    await settled();
    expect(woke).toBe(false);
    clock.advance(1);
    await waiting;
    expect(woke).toBe(true);
  });
});
