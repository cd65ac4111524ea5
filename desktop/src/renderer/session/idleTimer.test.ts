import { describe, expect, it } from 'vitest';
import { IdleTimer, type TimerClock } from './idleTimer';

/** A clock that moves only when the test says, firing due timers in order. */
function manualClock(): TimerClock & { advance(ms: number): void; pending(): number } {
  let now = 1_000_000;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = end;
    },
  };
}

const MINUTE = 60_000;

function start(clock = manualClock()) {
  const events: string[] = [];
  const timer = new IdleTimer({
    idleMs: 30 * MINUTE,
    warnMs: MINUTE,
    clock,
    onWarn: (at) => events.push(`warn until +${(at - 1_000_000) / MINUTE}m`),
    onIdle: () => events.push('idle'),
  });
  return { clock, events, timer };
}

describe('IdleTimer', () => {
  it('warns a minute before the idle time and signs out at it', () => {
    const { clock, events } = start();
    clock.advance(29 * MINUTE - 1);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['warn until +30m']);
    clock.advance(MINUTE - 1);
    expect(events).toEqual(['warn until +30m']);
    clock.advance(1);
    expect(events).toEqual(['warn until +30m', 'idle']);
    expect(clock.pending()).toBe(0);
  });

  it('counts from the last input', () => {
    const { clock, events, timer } = start();
    clock.advance(20 * MINUTE);
    timer.input();
    clock.advance(28 * MINUTE);
    expect(events).toEqual([]);
    clock.advance(MINUTE);
    expect(events).toEqual(['warn until +50m']);
  });

  it('ignores input once warned; only "Stay signed in" starts the time again', () => {
    const { clock, events, timer } = start();
    clock.advance(29 * MINUTE + 10_000);
    timer.input();
    clock.advance(50_000);
    expect(events).toEqual(['warn until +30m', 'idle']);

    const second = start();
    second.clock.advance(29 * MINUTE + 30_000);
    second.timer.stay();
    second.clock.advance(28 * MINUTE);
    expect(second.events).toEqual(['warn until +30m']);
    second.clock.advance(MINUTE + 30_000);
    expect(second.events).toEqual(['warn until +30m', 'warn until +59.5m']);
  });

  it('does nothing once stopped (signed out by hand)', () => {
    const { clock, events, timer } = start();
    timer.stop();
    clock.advance(60 * MINUTE);
    expect(events).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
