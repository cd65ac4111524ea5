import { describe, expect, it } from 'vitest';
import { parseSearch } from '@rushes/shared';
import { lastValue, splitFilters, withFilter } from './searchText';

describe('search text filters', () => {
  it('sets, replaces and removes a filter, keeping the words', () => {
    let text = withFilter('a001 c0', 'kind', ['video']);
    expect(text).toBe('a001 c0 kind:video');
    text = withFilter(text, 'in', ['Show A/Day 1/']);
    expect(text).toBe('a001 c0 kind:video in:"Show A/Day 1/"');
    text = withFilter(text, 'kind', ['audio']);
    expect(splitFilters(text).filters.get('kind')).toEqual(['audio']);
    text = withFilter(text, 'kind', []);
    expect(text).toBe('a001 c0 in:"Show A/Day 1/"');
    const parsed = parseSearch(text);
    expect(parsed.ok && parsed.value.folder).toBe('Show A/Day 1/');
  });

  it('keeps every value of a field when another field changes', () => {
    let text = 'a0 kind:video kind:audio tag:hero tag:"night shoot" codec:prores';
    text = withFilter(text, 'res', ['4k']);
    expect(splitFilters(text).filters.get('kind')).toEqual(['video', 'audio']);
    expect(splitFilters(text).filters.get('tag')).toEqual(['hero', 'night shoot']);
    text = withFilter(text, 'tag', ['hero']);
    expect(text).toBe('a0 kind:video kind:audio tag:hero codec:prores res:4k');
    const parsed = parseSearch(withFilter(text, 'codec', ['prores', 'dnxhd']));
    expect(parsed.ok && parsed.value.kinds).toEqual(['video', 'audio']);
    expect(parsed.ok && parsed.value.codecs).toEqual(['prores', 'dnxhd']);
    expect(parsed.ok && parsed.value.resolutions).toEqual(['4k']);
  });

  it('reads the last value of a single-valued field, as the search does', () => {
    const { filters } = splitFilters('loc:S3 dur:10..20 loc:S3_FSX');
    expect(lastValue(filters, 'loc')).toBe('S3_FSX');
    expect(lastValue(filters, 'dur')).toBe('10..20');
    expect(lastValue(filters, 'date')).toBe('');
    const parsed = parseSearch('loc:S3 loc:S3_FSX');
    expect(parsed.ok && parsed.value.location).toBe('S3_FSX');
  });

  it('drops empty values instead of writing a field with none', () => {
    expect(withFilter('clip', 'tag', ['', ''])).toBe('clip');
    expect(withFilter('clip tag:a', 'tag', ['a', ''])).toBe('clip tag:a');
  });
});
