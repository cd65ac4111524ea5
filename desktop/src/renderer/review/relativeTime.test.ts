import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

const now = Date.parse('2026-12-06T12:00:00Z');

describe('how long ago a note was written', () => {
  it('reads as a person says it', () => {
    expect(relativeTime('2026-12-06T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-12-06T11:57:00Z', now)).toMatch(/3 minutes ago/);
    expect(relativeTime('2026-12-06T09:00:00Z', now)).toMatch(/3 hours ago/);
    expect(relativeTime('2026-12-05T11:00:00Z', now)).toMatch(/yesterday|1 day ago/);
  });
  it('says nothing for a time it cannot read', () => {
    expect(relativeTime('not a time', now)).toBe('');
  });
});
