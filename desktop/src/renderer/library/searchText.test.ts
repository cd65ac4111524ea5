import { describe, expect, it } from 'vitest';
import { parseSearch } from '@rushes/shared';
import { splitFilters, withFilter } from './searchText';

describe('search text filters', () => {
  it('sets, replaces and removes a filter, keeping the words', () => {
    let text = withFilter('a001 c0', 'kind', 'video');
    expect(text).toBe('a001 c0 kind:video');
    text = withFilter(text, 'in', 'Show A/Day 1/');
    expect(text).toBe('a001 c0 kind:video in:"Show A/Day 1/"');
    text = withFilter(text, 'kind', 'audio');
    expect(splitFilters(text).filters.get('kind')).toBe('audio');
    text = withFilter(text, 'kind', null);
    expect(text).toBe('a001 c0 in:"Show A/Day 1/"');
    const parsed = parseSearch(text);
    expect(parsed.ok && parsed.value.folder).toBe('Show A/Day 1/');
  });
});
