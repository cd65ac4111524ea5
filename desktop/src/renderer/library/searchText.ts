import { quoteSearchValue, type SearchField } from '@rushes/shared';

/** The `field:value` pairs of a search text, and the text without them. */
export function splitFilters(text: string): { words: string; filters: Map<SearchField, string> } {
  const filters = new Map<SearchField, string>();
  const words = text
    .replace(/(?:^|\s)([a-z]+):(?:"([^"]*)"|(\S*))/gi, (_all, field: string, quoted: string | undefined, bare: string | undefined) => {
      filters.set(field.toLowerCase() as SearchField, quoted ?? bare ?? '');
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { words, filters };
}

/** The text with `field` set to `value` (or removed for null): filters are part of the one query text. */
export function withFilter(text: string, field: SearchField, value: string | null): string {
  const { words, filters } = splitFilters(text);
  if (value === null || value === '') filters.delete(field);
  else filters.set(field, value);
  return [words, ...[...filters].map(([name, v]) => `${name}:${quoteSearchValue(v)}`)].filter(Boolean).join(' ');
}
