import { describe, expect, it } from 'vitest';
import { transfersNews } from './transfersNews';
import type { TransferSummary } from './useTransfers';

const summary = (active: number, failed: number): TransferSummary => ({
  active,
  failed,
  bytesDone: 0,
  bytesTotal: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
});

describe('what a screen reader hears of transfers', () => {
  it('tells when transfers start and when they all finish', () => {
    expect(transfersNews(summary(0, 0), summary(3, 0))).toBe('3 transferring');
    expect(transfersNews(summary(1, 0), summary(0, 0))).toBe('Transfers finished');
  });

  it('counts the failures that came with the end, or on their own', () => {
    expect(transfersNews(summary(2, 1), summary(0, 3))).toBe('Transfers finished, 2 failed');
    expect(transfersNews(summary(3, 0), summary(2, 1))).toBe('Transfers: 1 failed');
  });

  it('stays quiet while bytes move and when failures are cleared', () => {
    expect(transfersNews(summary(2, 0), summary(2, 0))).toBeNull();
    expect(transfersNews(summary(0, 2), summary(0, 0))).toBeNull();
  });
});
