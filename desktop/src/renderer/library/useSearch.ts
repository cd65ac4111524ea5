import { useEffect, useMemo, useState } from 'react';
import type { SearchResults } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { assetEntry, type Entry } from './entries';

/** Typing pauses this long before a query is sent: as-you-type without one call per key. */
const DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 500;

/** Search as you type: results of the latest text only; empty text means no search. */
export function useSearch(text: string, version: number) {
  const query = text.trim();
  const [state, setState] = useState<{ query: string; results: SearchResults | null; error: string | null }>({
    query: '',
    results: null,
    error: null,
  });
  useEffect(() => {
    if (query === '') return;
    let current = true;
    const timer = setTimeout(() => {
      desktop.searchAssets({ q: query, limit: SEARCH_LIMIT }).then(
        (results) => current && setState({ query, results, error: null }),
        (error: unknown) => current && setState({ query, results: null, error: toShownError(error).message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, version]);
  const entries = useMemo<Entry[]>(() => (state.results ? state.results.assets.map(assetEntry) : []), [state.results]);
  const fresh = state.query === query;
  return {
    active: query !== '',
    loading: query !== '' && !fresh,
    entries: query === '' ? [] : entries,
    error: fresh ? state.error : null,
    truncated: state.results?.truncated ?? false,
    source: state.results?.source ?? null,
  };
}
