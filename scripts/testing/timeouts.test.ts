import { describe, expect, it } from 'vitest';
import { slowdown } from './timeouts';

describe('slowdown', () => {
  it('is the load per core, from 1 on an idle machine up to 8', () => {
    expect(slowdown({}, 0.3, 2)).toBe(1);
    expect(slowdown({}, 6, 2)).toBe(3);
    expect(slowdown({}, 50, 2)).toBe(8);
  });

  it('takes RUSHES_TEST_SLOWDOWN over the load, and names it when it is not a number from 1 to 100', () => {
    expect(slowdown({ RUSHES_TEST_SLOWDOWN: '4' }, 50, 2)).toBe(4);
    expect(() => slowdown({ RUSHES_TEST_SLOWDOWN: 'fast' }, 0, 2)).toThrow(
      /RUSHES_TEST_SLOWDOWN must be a number from 1 to 100, not "fast"/,
    );
    expect(() => slowdown({ RUSHES_TEST_SLOWDOWN: '0.5' }, 0, 2)).toThrow(/RUSHES_TEST_SLOWDOWN/);
  });
});
