import { describe, expect, it } from 'vitest';
import { NO_REVIEW, type AssetView } from '@rushes/shared';
import { describeMarks, previousMarks } from './takeMarks';

const take = (id: string, review: Partial<AssetView['review']>) => ({ id, review: { ...NO_REVIEW, ...review } }) as unknown as AssetView;

describe('undoing a change to takes', () => {
  it('sends back each take’s own previous value of the fields changed, and only those', () => {
    const takes = [take('a', { circled: true, rating: 2 }), take('b', { rating: 5, status: 'approved' })];
    expect(previousMarks(takes, { rating: 4 })).toEqual([
      { id: 'a', rating: 2 },
      { id: 'b', rating: 5 },
    ]);
    expect(previousMarks(takes, { circled: false, status: 'rejected' })).toEqual([
      { id: 'a', circled: true, status: 'none' },
      { id: 'b', circled: false, status: 'approved' },
    ]);
  });
});

describe('what the toast says', () => {
  it('names the change and how many takes it touched', () => {
    expect(describeMarks({ circled: true }, 2)).toBe('Circled 2 takes');
    expect(describeMarks({ circled: false }, 1)).toBe('Uncircled 1 take');
    expect(describeMarks({ rating: 3 }, 3)).toBe('Rated 3 takes ★★★');
    expect(describeMarks({ rating: 0 }, 1)).toBe('Cleared the rating of 1 take');
    expect(describeMarks({ status: 'needs review' }, 4)).toBe('Needs review: 4 takes');
  });
});
