import { describe, expect, it } from 'vitest';
import { BlockPool } from './blockPool';

describe('BlockPool', () => {
  it('gives a released block out again, only once its last holder let go', () => {
    const pool = new BlockPool(1024, 4);
    const first = pool.take();
    first.hold();
    first.release();
    expect(pool.idle).toBe(0);
    first.release();
    expect(pool.idle).toBe(1);
    first.release(); // a second release of the same holder changes nothing
    expect(pool.idle).toBe(1);
    expect(pool.take().buffer).toBe(first.buffer);
    expect(pool.idle).toBe(0);
    expect(() => first.hold()).toThrow(/released/);
  });

  it('keeps at most `keep` free blocks, and none after a trim', () => {
    const pool = new BlockPool(16, 2);
    const blocks = [pool.take(), pool.take(), pool.take()];
    expect(new Set(blocks.map((block) => block.buffer)).size).toBe(3);
    for (const block of blocks) block.release();
    expect(pool.idle).toBe(2);
    pool.trim();
    expect(pool.idle).toBe(0);
  });

  it('names a bad size', () => {
    expect(() => new BlockPool(0, 1)).toThrow(/blockSize/);
    expect(() => new BlockPool(8, -1)).toThrow(/keep/);
  });
});
