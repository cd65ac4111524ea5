import { describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS, SignInLockout, lockedMessage } from './signInLockout';

function clockAt(start: number) {
  let now = start;
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms) };
}

describe('SignInLockout', () => {
  it('locks on the fifth wrong attempt in a row, for fifteen minutes, whatever the case of the name', () => {
    const { clock, advance } = clockAt(Date.UTC(2026, 11, 6, 23, 0));
    const book = new SignInLockout(clock);
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) expect(book.failed('Ed@Example.com')).toBeNull();
    expect(book.lockedUntil('ed@example.com')).toBeNull();
    const until = book.failed('ed@example.com ');
    expect(until).toEqual(new Date(Date.UTC(2026, 11, 6, 23, 15)));
    expect(book.lockedUntil('ED@example.com')).toEqual(until);
    expect(lockedMessage(until!)).toBe('Password attempts exceeded. Try again after 2026-12-06T23:15:00.000Z.');
    advance(LOCKOUT_MS - 1);
    expect(book.lockedUntil('ed@example.com')).toEqual(until);
    advance(1);
    expect(book.lockedUntil('ed@example.com')).toBeNull();
    // After the lock, the count starts again from one.
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) expect(book.failed('ed@example.com')).toBeNull();
    expect(book.failed('ed@example.com')).not.toBeNull();
  });

  it('forgives earlier mistakes after a success, and keeps accounts apart', () => {
    const { clock } = clockAt(0);
    const book = new SignInLockout(clock);
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) book.failed('a@example.com');
    book.succeeded('a@example.com');
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) expect(book.failed('a@example.com')).toBeNull();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) book.failed('b@example.com');
    expect(book.lockedUntil('a@example.com')).toBeNull();
    expect(book.failed('b@example.com')).not.toBeNull();
    expect(book.lockedUntil('a@example.com')).toBeNull();
  });
});
