import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../src/main/feed/follower';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, PushChannel, RENEW_BEFORE_EXPIRY_MS, type PushSocketEvents } from '../src/main/feed/pushChannel';

const NOW = 1_800_000_000_000;
const tokenExpiringIn = (ms: number, name = 't') =>
  `h.${Buffer.from(JSON.stringify({ exp: (NOW + ms) / 1000, name })).toString('base64url')}.s`;

/** A channel over fake sockets and hand-run timers: what it opens, with which token, and when. */
function harness(token: () => Promise<string>, random = 0.5) {
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const schedule: Scheduler = (run, ms) => {
    const timer = { ms, run, cancelled: false };
    timers.push(timer);
    return () => (timer.cancelled = true);
  };
  const sockets: { protocols: string[]; events: PushSocketEvents; closed: boolean }[] = [];
  const heard: string[] = [];
  const channel = new PushChannel(
    {
      url: 'wss://push.example.com/live',
      token,
      schedule,
      now: () => NOW,
      random: () => random,
      open: (_url, protocols, events) => {
        const socket = { protocols, events, closed: false };
        sockets.push(socket);
        return { close: () => (socket.closed = true) };
      },
    },
    { up: () => heard.push('up'), down: () => heard.push('down'), nudge: (upTo) => heard.push(`nudge ${upTo}`) },
  );
  const live = () => timers.filter((timer) => !timer.cancelled);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** Runs the one timer waiting, as its time had come. */
  const fire = () => {
    const [timer, ...more] = live();
    if (!timer || more.length > 0) throw new Error(`expected one timer, found ${live().length}`);
    timer.cancelled = true;
    timer.run();
  };
  return { channel, sockets, heard, live, settle, fire };
}

describe('PushChannel', () => {
  it('backs off from the first step, doubling to the cap, half fixed and half jittered', () => {
    const low = harness(async () => '', 0).channel;
    const high = harness(async () => '', 0.999999).channel;
    expect([1, 2, 3, 6, 7, 20].map((n) => low.backoffMs(n))).toEqual([500, 1000, 2000, 15000, 15000, 15000]);
    expect(low.backoffMs(1)).toBe(BACKOFF_FIRST_MS / 2);
    expect(high.backoffMs(20)).toBe(BACKOFF_MAX_MS);
  });

  it('offers the token, hands on nudges, ignores anything else, and reopens with a fresh token before expiry', async () => {
    const tokens = [tokenExpiringIn(3_600_000, 'first'), tokenExpiringIn(3_600_000, 'second')];
    const h = harness(async () => tokens.shift()!);
    h.channel.start();
    await h.settle();
    expect(h.sockets[0]!.protocols[0]).toBe('rushes.push.v1');
    expect(h.sockets[0]!.protocols[1]).toContain('.');
    h.sockets[0]!.events.opened();
    h.sockets[0]!.events.message('{"type":"changes","upTo":7}');
    h.sockets[0]!.events.message('{"type":"changes","upTo":8,"name":"Show A"}');
    h.sockets[0]!.events.message('garbage');
    expect(h.heard).toEqual(['up', 'nudge 7']);
    expect(h.live().map((timer) => timer.ms)).toEqual([3_600_000 - RENEW_BEFORE_EXPIRY_MS]);
    h.fire();
    await h.settle();
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.sockets).toHaveLength(2);
    expect(h.sockets[1]!.protocols[1]).not.toBe(h.sockets[0]!.protocols[1]);
    // The old socket's close, after the renewal, is not a drop.
    h.sockets[0]!.events.closed();
    expect(h.heard).toEqual(['up', 'nudge 7']);
    h.channel.stop();
    expect(h.sockets[1]!.closed).toBe(true);
  });

  it('treats a refusal, a failed token and a token about to expire as down, and retries with growing delays', async () => {
    const answers: (() => string)[] = [
      () => tokenExpiringIn(3_600_000),
      () => {
        throw new Error('offline');
      },
      () => tokenExpiringIn(RENEW_BEFORE_EXPIRY_MS),
    ];
    const h = harness(async () => answers.shift()!());
    h.channel.start();
    await h.settle();
    h.sockets[0]!.events.closed(); // refused before it opened
    expect(h.heard).toEqual(['down']);
    expect(h.live().map((timer) => timer.ms)).toEqual([750]);
    h.fire();
    await h.settle();
    expect(h.heard).toEqual(['down', 'down']);
    expect(h.live().map((timer) => timer.ms)).toEqual([1500]);
    h.fire();
    await h.settle();
    expect(h.sockets).toHaveLength(1);
    expect(h.heard).toEqual(['down', 'down', 'down']);
    expect(h.live().map((timer) => timer.ms)).toEqual([3000]);
    h.channel.stop();
    expect(h.live()).toEqual([]);
  });
});
