import { describe, expect, it } from 'vitest';
import { parseRefreshSeconds, refreshDelayMs, refreshFailureEndsSession, retryDelayMs } from './refreshSchedule';

describe('refreshDelayMs', () => {
  const now = 1_000_000;
  it('refreshes five minutes before a one-hour token expires', () => {
    expect(refreshDelayMs(now + 60 * 60_000, now)).toBe(55 * 60_000);
  });
  it('refreshes halfway through a short-lived token', () => {
    expect(refreshDelayMs(now + 4 * 60_000, now)).toBe(2 * 60_000);
  });
  it('never schedules sooner than one second, even for an expired token', () => {
    expect(refreshDelayMs(now - 10_000, now)).toBe(1_000);
    expect(refreshDelayMs(now + 500, now)).toBe(1_000);
  });
  it('refreshes at most the chosen interval apart, never later than the default', () => {
    expect(refreshDelayMs(now + 60 * 60_000, now, 30_000)).toBe(30_000);
    expect(refreshDelayMs(now + 4 * 60_000, now, 10 * 60_000)).toBe(2 * 60_000);
    expect(refreshDelayMs(now + 60 * 60_000, now, 0)).toBe(1_000);
  });
});

describe('parseRefreshSeconds', () => {
  it('leaves the default alone when unset, and takes 10 to 3600 seconds', () => {
    expect(parseRefreshSeconds(undefined)).toBeUndefined();
    expect(parseRefreshSeconds(' ')).toBeUndefined();
    expect(parseRefreshSeconds('10')).toBe(10);
    expect(parseRefreshSeconds('3600')).toBe(3_600);
  });
  it('refuses anything else, naming the setting', () => {
    for (const bad of ['9', '3601', '1.5', 'soon', '-20']) expect(() => parseRefreshSeconds(bad)).toThrow(/RUSHES_REFRESH_SECONDS/);
  });
});

describe('retryDelayMs', () => {
  it('waits 2 s after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });
  it('stops growing at one minute, however long the outage', () => {
    expect(retryDelayMs(6)).toBe(60_000);
    expect(retryDelayMs(50)).toBe(60_000);
    expect(retryDelayMs(5_000)).toBe(60_000);
  });
  it('never answers zero, so a failing refresh cannot spin', () => {
    expect(retryDelayMs(0)).toBe(2_000);
    expect(retryDelayMs(-3)).toBe(2_000);
  });
});

describe('refreshFailureEndsSession', () => {
  it('signs out only on a definitive refusal', () => {
    for (const code of ['SESSION_EXPIRED', 'WRONG_CREDENTIALS', 'USER_DISABLED', 'FORBIDDEN'] as const) {
      expect(refreshFailureEndsSession(code)).toBe(true);
    }
  });
  it('keeps the session through transient failures', () => {
    for (const code of ['NETWORK', 'RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'] as const) {
      expect(refreshFailureEndsSession(code)).toBe(false);
    }
  });
});
