import { describe, expect, it } from 'vitest';
import { refreshDelayMs } from './refreshSchedule';

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
});
