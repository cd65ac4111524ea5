import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import type { FeedPage } from '../src/main/feed/feedPage';
import { FeedFollower, POLL_MS, SAFETY_POLL_MS, type Scheduler } from '../src/main/feed/follower';
import { BACKOFF_FIRST_MS, openWebSocket, type PushSocketOpener } from '../src/main/feed/pushChannel';
import { BackendClient } from '../src/main/services/backend';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { makeAsset, makeFolder } from '../../scripts/testing/assets';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The follower with the push channel against the real local API and its WebSocket. Time is
// the test's: timers of 0 ms run at once, every other timer (polls, reconnects, renewals)
// only when the test moves the clock, so no poll ever comes by itself and whatever arrives
// without a move came by a nudge.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editorA: { email: 'a@example.com', groups: ['editors', 'show-a'] },
  editorB: { email: 'b@example.com', groups: ['editors', 'show-b'] },
};
type Person = keyof typeof people;

/** Events as they happen, and a way to wait for the next one that matches. */
function recorder<T>() {
  const seen: T[] = [];
  const waiting = new Set<{ test: (event: T) => boolean; resolve: (event: T) => void }>();
  return {
    seen,
    add(event: T) {
      seen.push(event);
      for (const waiter of waiting) {
        if (!waiter.test(event)) continue;
        waiting.delete(waiter);
        waiter.resolve(event);
      }
    },
    /** The first event from index `from` on that passes `test`, already seen or still to come. */
    next(test: (event: T) => boolean, from = 0): Promise<T> {
      const found = seen.slice(from).find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiting.add({ test, resolve }));
    },
  };
}

function testClock() {
  const start = Date.now();
  let offset = 0;
  const timers = new Set<{ at: number; run: () => void }>();
  const scheduled = recorder<number>();
  const scheduler: Scheduler = (run, ms) => {
    scheduled.add(ms);
    if (ms <= 0) {
      let cancelled = false;
      setImmediate(() => cancelled || run());
      return () => (cancelled = true);
    }
    const timer = { at: offset + ms, run };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  return {
    scheduler,
    /** Every delay asked for, in order: what the follower will do next. */
    scheduled,
    now: () => start + offset,
    /** The delays still waiting, from now. */
    pending: () => [...timers].map((timer) => timer.at - offset).sort((a, b) => a - b),
    advance(ms: number) {
      offset += ms;
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at > offset) continue;
        timers.delete(timer);
        timer.run();
      }
    },
  };
}

type SocketEvent = { kind: 'open' | 'close' } | { kind: 'message'; text: string };

function followerFor(token: string) {
  const clock = testClock();
  const pages = recorder<FeedPage>();
  const socket = recorder<SocketEvent>();
  let live: { close(): void } | null = null;
  const network = { up: true };
  const open: PushSocketOpener = (url, protocols, events) => {
    if (!network.up) {
      // As a socket that cannot reach its server: it closes without opening.
      setImmediate(() => {
        socket.add({ kind: 'close' });
        events.closed();
      });
      return { close: () => undefined };
    }
    live = openWebSocket(url, protocols, {
      opened: () => {
        socket.add({ kind: 'open' });
        events.opened();
      },
      message: (text) => {
        socket.add({ kind: 'message', text });
        events.message(text);
      },
      closed: () => {
        socket.add({ kind: 'close' });
        events.closed();
      },
    });
    return live;
  };
  const backend = new BackendClient(
    stack.profile.apiUrl,
    async () => token,
    async () => undefined,
  );
  const follower = new FeedFollower(
    backend,
    [(page) => pages.add(page)],
    (message, error) => console.error(message, error),
    clock.scheduler,
    undefined,
    { url: stack.profile.pushUrl!, token: async () => token, now: clock.now, random: () => 0.5, open },
  );
  return {
    follower,
    clock,
    pages,
    socket,
    /** The network goes: the socket drops and cannot be opened again until `reconnectable`. */
    drop: () => {
      network.up = false;
      live?.close();
    },
    reconnectable: () => (network.up = true),
  };
}

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let signedIn: Awaited<ReturnType<typeof signInPeople<Person>>>;
let a: ReturnType<typeof followerFor>;
let b: ReturnType<typeof followerFor>;

const withAsset = (name: string) => (page: FeedPage) => [...page.rows.values()].some((row) => row.name === name);

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  signedIn = await signInPeople(stack, people, ['show-a', 'show-b']);
  await stack.catalog.createFolder(makeFolder('Show A/', ['show-a']));
  await stack.catalog.createFolder(makeFolder('Show B/', ['show-b']));
  a = followerFor(signedIn.tokens.editorA);
  b = followerFor(signedIn.tokens.editorB);
  a.follower.start();
  b.follower.start();
  await Promise.all([a.socket.next((e) => e.kind === 'open'), b.socket.next((e) => e.kind === 'open')]);
}, heavyTimeout(120_000));

afterAll(async () => {
  a?.follower.stop();
  b?.follower.stop();
  await stack?.stop();
  await data?.remove();
});

describe('the change feed follower with the push channel', () => {
  it('gets another user’s change at once, without a poll, and only the rare safety poll stays scheduled', async () => {
    expect(stack.profile.pushUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/push$/);
    const created = await signedIn.call('admin', 'createFolder', { body: { parentPath: 'Show A/', name: 'Day 1' } });
    expect(created).toMatchObject({ status: 200 });
    const asked = a.clock.scheduled.seen.length;
    const page = await a.pages.next((p) => p.changes.some((change) => change.target === 'Show A/Day 1/'));
    expect(page.changes.map((change) => change.kind)).toEqual(['folder.put']);
    // No time passed on the follower's clock: the page came from the nudge; the next poll is the safety net's.
    await a.clock.scheduled.next((ms) => ms > 0, asked);
    expect(a.clock.pending()).toContain(SAFETY_POLL_MS);
    expect(a.clock.pending()).not.toContain(POLL_MS);
  });

  it('does not nudge a user for a folder they may not read', async () => {
    const bSeen = b.socket.seen.length;
    await stack.catalog.createAsset(makeAsset('Show A/', 'A_ONLY.mov'));
    await a.pages.next(withAsset('A_ONLY.mov'));
    await stack.catalog.createAsset(makeAsset('Show B/', 'B_ONLY.mov'));
    await b.pages.next(withAsset('B_ONLY.mov'));
    const seq = (await stack.catalog.latestChange()) as number;
    // Nudges go out in the order of the feed: had B been told of Show A, it would come first.
    expect(b.socket.seen.slice(bSeen)).toEqual([{ kind: 'message', text: JSON.stringify({ type: 'changes', upTo: seq }) }]);
    expect(b.pages.seen.flatMap((p) => p.changes).map((change) => change.folderPath)).not.toContain('Show A/');
  });

  it('polls every second while the socket is down, and reconnects with backoff to nudges again', async () => {
    const count = (kind: SocketEvent['kind']) => a.socket.seen.filter((e) => e.kind === kind).length;
    const closes = count('close');
    a.drop();
    await a.socket.next((e) => e.kind === 'close', a.socket.seen.length);
    // Back to a poll every second; the first reconnect waits ¾ of BACKOFF_FIRST_MS (jitter 0.5).
    expect(a.clock.pending()).toEqual([BACKOFF_FIRST_MS * 0.75, POLL_MS]);
    await stack.catalog.createAsset(makeAsset('Show A/', 'WHILE_DOWN.mov'));
    const pagesBefore = a.pages.seen.length;

    a.clock.advance(BACKOFF_FIRST_MS * 0.75);
    await a.socket.next((e) => e.kind === 'close', a.socket.seen.length);
    expect(count('close')).toBe(closes + 2);
    // The second reconnect waits longer: ¾ of twice the first step, from now.
    expect(a.clock.pending()).toEqual([POLL_MS - BACKOFF_FIRST_MS * 0.75, BACKOFF_FIRST_MS * 1.5]);
    expect(a.pages.seen).toHaveLength(pagesBefore);
    a.clock.advance(POLL_MS - BACKOFF_FIRST_MS * 0.75);
    // The poll, not a nudge, brings the change made while the socket was down.
    await a.pages.next(withAsset('WHILE_DOWN.mov'), pagesBefore);

    a.reconnectable();
    const opened = a.socket.seen.length;
    a.clock.advance(BACKOFF_FIRST_MS * 1.5 - (POLL_MS - BACKOFF_FIRST_MS * 0.75));
    await a.socket.next((e) => e.kind === 'open', opened);
    await stack.catalog.createAsset(makeAsset('Show A/', 'AFTER_RECONNECT.mov'));
    const asked = a.clock.scheduled.seen.length;
    await a.pages.next(withAsset('AFTER_RECONNECT.mov'), pagesBefore);
    await a.clock.scheduled.next((ms) => ms === SAFETY_POLL_MS, asked);
    expect(a.clock.pending()).toContain(SAFETY_POLL_MS);
    expect(a.clock.pending()).not.toContain(POLL_MS);
  });
});
