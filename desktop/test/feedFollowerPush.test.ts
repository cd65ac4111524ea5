import { describe, expect, it } from 'vitest';
import { FeedFollower, POLL_MS, SAFETY_POLL_MS, type Scheduler } from '../src/main/feed/follower';
import type { PushSocketEvents } from '../src/main/feed/pushChannel';
import type { BackendClient } from '../src/main/services/backend';

const token = `h.${Buffer.from(JSON.stringify({ exp: 4_000_000_000 })).toString('base64url')}.s`;

/** A follower over a feed that never changes, whose feed reads the test answers by hand. */
function harness() {
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const schedule: Scheduler = (run, ms) => {
    const timer = { ms, run, cancelled: false };
    timers.push(timer);
    return () => (timer.cancelled = true);
  };
  const reads: ((latest: number) => void)[] = [];
  const backend = {
    call: (async (_name: string, input: { query: { since?: number } }) =>
      new Promise((resolve) => reads.push((latest) => resolve({ changes: [], latest: input.query.since ?? latest })))) as unknown,
  } as Pick<BackendClient, 'call'>;
  const sockets: PushSocketEvents[] = [];
  const follower = new FeedFollower(backend, [], () => undefined, schedule, undefined, {
    url: 'ws://127.0.0.1:1/v1/push',
    token: async () => token,
    now: () => 0,
    open: (_url, _protocols, events) => {
      sockets.push(events);
      return { close: () => undefined };
    },
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** The poll timers waiting (the push channel's reconnect and renewal timers are far longer or not polls). */
  const waiting = () => timers.filter((timer) => !timer.cancelled);
  const fire = (ms: number) => {
    const timer = waiting().find((t) => t.ms === ms)!;
    timer.cancelled = true;
    timer.run();
  };
  return { follower, reads, sockets, settle, waiting, fire };
}

describe('FeedFollower with a push channel', () => {
  it('goes back to polling every second when the socket drops during a poll', async () => {
    const h = harness();
    h.follower.start();
    h.fire(0);
    h.reads.shift()!(5); // the head
    await h.settle();
    expect(h.sockets).toHaveLength(1);
    h.sockets[0]!.opened(); // up: read at once, then only the safety poll
    h.fire(0);
    h.reads.shift()!(5);
    await h.settle();
    expect(h.waiting().map((t) => t.ms)).toContain(SAFETY_POLL_MS);

    h.fire(SAFETY_POLL_MS);
    h.sockets[0]!.closed(); // drops while that poll is in flight
    h.reads.shift()!(5);
    await h.settle();
    const polls = h.waiting().filter((t) => t.ms === POLL_MS || t.ms === SAFETY_POLL_MS);
    expect(polls.map((t) => t.ms)).toEqual([POLL_MS]);
    h.follower.stop();
    expect(h.waiting()).toEqual([]);
  });
});
