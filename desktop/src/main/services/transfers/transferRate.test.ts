import { describe, expect, it } from 'vitest';
import { TransferRate } from './transferRate';

describe('TransferRate', () => {
  it('knows nothing before two samples, then smooths towards the steady rate', () => {
    let now = 0;
    const rate = new TransferRate(() => now, 3_000, 200);
    expect(rate.bytesPerSecond()).toBe(0);
    expect(rate.etaSeconds(1_000)).toBeNull();
    rate.sample(0);
    for (let i = 1; i <= 100; i++) {
      now += 250;
      rate.sample(i * 250_000); // 1 MB/s
    }
    expect(rate.bytesPerSecond()).toBe(1_000_000);
    expect(rate.etaSeconds(5_000_000)).toBe(5);
  });

  it('ignores samples closer than the minimum interval, and a speed change moves it gradually', () => {
    let now = 0;
    const rate = new TransferRate(() => now, 3_000, 200);
    rate.sample(0);
    now += 1_000;
    rate.sample(1_000_000);
    now += 50;
    rate.sample(9_000_000); // too soon: ignored
    expect(rate.bytesPerSecond()).toBe(1_000_000);
    now += 1_000;
    rate.sample(3_000_000); // 2 MB/s for one second
    expect(rate.bytesPerSecond()).toBeGreaterThan(1_000_000);
    expect(rate.bytesPerSecond()).toBeLessThan(2_000_000);
    rate.reset();
    expect(rate.bytesPerSecond()).toBe(0);
  });
});
