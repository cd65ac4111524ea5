import { quoteSearchValue, type SearchField } from '@rushes/shared';

/**
 * A field of the query text: the library's own, or a review one (`circled`, `rating`,
 * `review`, `has`, `note`), which the search parses as well.
 */
export type FilterField = SearchField | ReviewFilterField;
export type ReviewFilterField = 'circled' | 'rating' | 'review' | 'has' | 'note';

/**
 * The `field:value` pairs of a search text, every value of a field in the order written
 * (`kind:video kind:audio` is either kind, `tag:a tag:b` both tags), and the text without them.
 */
export function splitFilters(text: string): { words: string; filters: Map<FilterField, string[]> } {
  const filters = new Map<FilterField, string[]>();
  const words = text
    .replace(/(?:^|\s)([a-z]+):(?:"([^"]*)"|(\S*))/gi, (_all, field: string, quoted: string | undefined, bare: string | undefined) => {
      const name = field.toLowerCase() as FilterField;
      filters.set(name, [...(filters.get(name) ?? []), quoted ?? bare ?? '']);
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { words, filters };
}

/** The value a single-valued field (range, location, scope) has: the last one written wins, as in parseSearch. */
export function lastValue(filters: ReadonlyMap<FilterField, readonly string[]>, field: FilterField): string {
  return filters.get(field)?.at(-1) ?? '';
}

/**
 * The text with `field` holding exactly `values` (none removes it), every other filter and
 * word kept: filters are part of the one query text.
 */
export function withFilter(text: string, field: FilterField, values: readonly string[]): string {
  const { words, filters } = splitFilters(text);
  const kept = values.filter((value) => value !== '');
  if (kept.length === 0) filters.delete(field);
  else filters.set(field, [...kept]);
  const written = [...filters].flatMap(([name, list]) => list.map((value) => `${name}:${quoteSearchValue(value)}`));
  return [words, ...written].filter(Boolean).join(' ');
}
