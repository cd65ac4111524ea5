import { describe, expect, it } from 'vitest';
import type { AssetView } from '@rushes/shared';
import { assetEntry, type Entry } from './entries';
import { ingestNews, transfersNews } from './news';
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

const clip = (id: string, status: AssetView['status'], failureReason: string | null = null): Entry =>
  assetEntry({ id, name: `${id}.mov`, status, failureReason } as AssetView);

describe('what a screen reader hears of ingest', () => {
  it('names the files that became ready or failed, with the reason', () => {
    const before = [clip('A001', 'processing'), clip('A002', 'processing'), clip('A003', 'ready')];
    const now = [clip('A001', 'ready'), clip('A002', 'failed', 'Not a video file'), clip('A003', 'ready')];
    expect(ingestNews(before, now)).toBe('Ingest failed: A002.mov (Not a video file). Ready: A001.mov');
  });

  it('counts past three names', () => {
    const ids = ['A1', 'A2', 'A3', 'A4', 'A5'];
    expect(
      ingestNews(
        ids.map((id) => clip(id, 'processing')),
        ids.map((id) => clip(id, 'ready')),
      ),
    ).toBe('Ready: A1.mov, A2.mov, A3.mov and 2 more');
  });

  it('says nothing of files only just listed, or unchanged', () => {
    expect(ingestNews([], [clip('A001', 'ready')])).toBeNull();
    expect(ingestNews([clip('A001', 'processing')], [clip('A001', 'processing')])).toBeNull();
  });
});
