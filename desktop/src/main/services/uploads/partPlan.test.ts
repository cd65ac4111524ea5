import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_SIZE, MAX_PARTS, MAX_PART_SIZE, MIB, MIN_PART_SIZE, partCount, partRange, partSizeFor } from './partPlan';

const GIB = 1024 * MIB;

describe('partSizeFor', () => {
  it('keeps 8 MiB parts up to 78.125 GiB, then grows them', () => {
    expect(partSizeFor(0)).toBe(8 * MIB);
    expect(partSizeFor(4 * GIB)).toBe(8 * MIB);
    expect(partCount(4 * GIB, 8 * MIB)).toBe(512);
    expect(partSizeFor(8 * MIB * 10_000)).toBe(8 * MIB);
    expect(partSizeFor(8 * MIB * 10_000 + 1)).toBe(9 * MIB);
  });

  it('cuts a 200 GiB file into fewer than 10,000 parts even with small preferred parts', () => {
    const size = 200 * GIB;
    const part = partSizeFor(size, 5 * MIB);
    expect(part).toBe(21 * MIB);
    expect(partCount(size, part)).toBe(9753);
    expect(partRange(size, part, 9753)).toEqual({ start: 9752 * 21 * MIB, end: size });
    expect(partCount(size, partSizeFor(size))).toBe(9753);
  });

  it("reaches S3's 5 TiB limit within 10,000 parts of at most 5 GiB", () => {
    const part = partSizeFor(MAX_OBJECT_SIZE);
    expect(part).toBe(525 * MIB);
    expect(partCount(MAX_OBJECT_SIZE, part)).toBeLessThanOrEqual(MAX_PARTS);
    expect(() => partSizeFor(MAX_OBJECT_SIZE + 1)).toThrow(/5 TiB/);
    expect(() => partSizeFor(-1)).toThrow();
  });

  it("for any size: at most 10,000 parts, each within S3's bounds, covering every byte once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_OBJECT_SIZE }), fc.integer({ min: 0, max: 6 * GIB }), (size, preferred) => {
        const part = partSizeFor(size, preferred);
        const count = partCount(size, part);
        expect(part).toBeGreaterThanOrEqual(MIN_PART_SIZE);
        expect(part).toBeLessThanOrEqual(MAX_PART_SIZE);
        expect(count).toBeLessThanOrEqual(MAX_PARTS);
        expect(partRange(size, part, count).end).toBe(size);
        if (count > 1) expect(partRange(size, part, count).start).toBeLessThan(size);
      }),
    );
  });
});
