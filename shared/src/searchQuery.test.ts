import { describe, expect, it } from 'vitest';
import { matchesSearch, type Searchable } from './searchMatch';
import { parseSearch, resolutionClass, searchWords, type SearchQuery } from './searchQuery';
import { cameraTechnical } from '../../scripts/testing/technical';

function parsed(text: string): SearchQuery {
  const result = parseSearch(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const clip: Searchable = {
  name: 'A001_C002_0301AB.mov',
  folderPath: 'Show A/Day 1/',
  kind: 'video',
  status: 'ready',
  locations: {},
  createdAt: '2026-03-01T10:00:00.000Z',
  tags: ['Hero', 'Night shoot'],
  technical: cameraTechnical({ width: 4096, durationSeconds: 95, pixelAspectRatio: null }),
};

describe('parseSearch', () => {
  it('splits words as FTS5 unicode61 does', () => {
    expect(searchWords('A001_C002 Épisode-3')).toEqual(['a001', 'c002', 'episode', '3']);
    expect(parsed('A001_C0 "day 1"').words).toEqual(['a001', 'c0', 'day', '1']);
  });

  it('reads every filter', () => {
    const q = parsed(
      'kind:video codec:ProRes res:4k fps:23.976 dur:1m..2m date:2026-03-01..2026-03-02 status:ready loc:s3_fsx in:"Show A/Day 1"',
    );
    expect(q.kinds).toEqual(['video']);
    expect(q.codecs).toEqual(['prores']);
    expect(q.resolutions).toEqual(['4k']);
    expect(q.duration).toEqual({ min: 60, max: 120 });
    expect(q.created).toEqual({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-03-03T00:00:00Z') - 1 });
    expect(q.statuses).toEqual(['ready']);
    expect(q.location).toBe('S3_FSX');
    expect(q.folder).toBe('Show A/Day 1/');
  });

  it('reads the review filters', () => {
    const q = parsed('circled:yes rating:>=4 review:approved review:"Needs  Review" has:notes note:"Soft focus" note:focus');
    expect(q.circled).toBe(true);
    expect(q.rating).toEqual({ min: 4, max: 5 });
    expect(q.reviewStatuses).toEqual(['approved', 'needs review']);
    expect(q.hasNotes).toBe(true);
    expect(q.noteWords).toEqual(['soft', 'focus']);
    expect(parsed('circled:no').circled).toBe(false);
    expect(parsed('').circled).toBeNull();
    expect(['rating:3', 'rating:=3', 'rating:<=2', 'rating:>3', 'rating:<1', 'rating:>4'].map((text) => parsed(text).rating)).toEqual([
      { min: 3, max: 3 },
      { min: 3, max: 3 },
      { min: 0, max: 2 },
      { min: 4, max: 5 },
      { min: 0, max: 0 },
      { min: 5, max: 5 },
    ]);
  });

  it('reads tags whole, ignoring case and spacing, each one required', () => {
    expect(parsed('tag:Hero tag:"Night  Shoot" tag:hero').tags).toEqual(['hero', 'night shoot']);
  });

  it.each([
    ['fps:fast', 'fps'],
    ['dur:10..5', 'dur'],
    ['date:2026-02-30', 'date'],
    ['kind:movie', 'kind'],
    ['loc:nas', 'loc'],
    ['in:../x', 'in'],
    ['colour:red', 'colour'],
    ['status:', 'status'],
    ['tag:""', 'tag'],
    [`tag:${'x'.repeat(41)}`, 'tag'],
    ['"unclosed', 'q'],
    ['circled:maybe', 'circled'],
    ['rating:6', 'rating'],
    ['rating:>5', 'rating'],
    ['rating:<0', 'rating'],
    ['rating:four', 'rating'],
    ['rating:>=-1', 'rating'],
    ['review:done', 'review'],
    ['has:tags', 'has'],
    ['note:"…"', 'note'],
  ])('refuses %s naming %s', (text, field) => {
    const result = parseSearch(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it('classes resolutions by width', () => {
    expect([720, 1280, 1920, 2048, 3840, 4096, 5760, 8192].map(resolutionClass)).toEqual([
      'sd',
      'hd',
      'fullhd',
      'fullhd',
      '4k',
      '4k',
      '6k',
      '8k',
    ]);
  });
});

describe('matchesSearch', () => {
  it.each([
    ['a001 c00', true],
    ['c003', false],
    ['day', true],
    ['prores 422', true],
    ['fps:23.976', true],
    ['fps:24', false],
    ['fps:23..24', true],
    ['res:4k codec:prores', true],
    ['codec:dnxhd', false],
    ['dur:..90', false],
    ['date:2026-03-01', true],
    ['date:2026-03-02..', false],
    ['loc:S3', true],
    ['loc:S3_FSX', false],
    ['in:"Show A"', true],
    ['in:"Show B"', false],
    ['kind:audio', false],
    ['tag:hero', true],
    ['tag:HERO tag:"night shoot"', true],
    ['tag:night', false],
    ['tag:hero tag:wide', false],
    ['circled:no', true],
    ['circled:yes', false],
    ['rating:0', true],
    ['review:none', true],
    ['has:notes', false],
    ['note:focus', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesSearch(clip, parsed(text))).toBe(expected);
  });

  const reviewed: Searchable = {
    ...clip,
    review: { circled: true, rating: 4, status: 'approved', setBy: 'dir@example.com', setAt: null, noteCount: 2, openNoteCount: 1 },
    noteText: 'Soft focus on the pull\nBoom dips in at the end',
  };

  it.each([
    ['circled:yes', true],
    ['circled:no', false],
    ['rating:>=4', true],
    ['rating:>4', false],
    ['rating:<=4 rating:>=4', true],
    ['rating:<4', false],
    ['review:approved', true],
    ['review:rejected review:approved', true],
    ['review:"needs review"', false],
    ['has:notes', true],
    ['note:"soft focus"', true],
    ['note:foc note:boo', true],
    ['note:"sharp focus"', false],
    // Bare words do not search the notes: only note: does.
    ['boom', false],
    ['circled:yes rating:>=4 review:approved has:notes note:pull a001', true],
  ])('reviewed: %s → %s', (text, expected) => {
    expect(matchesSearch(reviewed, parsed(text))).toBe(expected);
  });
});
