import { describe, expect, it } from 'vitest';
import { parseRange } from './sink';

describe('parseRange', () => {
  it('reads the three forms of a byte range as [start, end)', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 100 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 1000 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 1000 });
  });

  it('clips a range that runs past the end, as S3 does', () => {
    expect(parseRange('bytes=990-2000', 1000)).toEqual({ start: 990, end: 1000 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 1000 });
  });

  it.each(['bytes=1000-', 'bytes=5-4', 'bytes=-0', 'bytes=-', 'items=0-9', 'bytes=0-9,20-29'])(
    'refuses %j: past the end, empty, or a form the sink does not read',
    (header) => {
      expect(parseRange(header, 1000)).toBeNull();
    },
  );
});
