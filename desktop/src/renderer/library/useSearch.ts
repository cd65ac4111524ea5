import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { assetEntry, type Entry } from './entries';
import { queryKeys } from './queries';

/** Typing pauses this long before a query is sent: as-you-type without one call per key. */
const DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 500;

/**
 * Search as you type: results of the latest text only; empty text means no search. The
 * results are cached per text and searched again when the change feed invalidates them.
 */
export function useSearch(text: string) {
  const query = text.trim();
  const [sent, setSent] = useState(query);
  useEffect(() => {
    if (sent === query) return;
    const timer = setTimeout(() => setSent(query), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, sent]);
  const answer = useQuery({
    queryKey: queryKeys.search(sent),
    queryFn: () => desktop.searchAssets({ q: sent, limit: SEARCH_LIMIT }),
    enabled: sent !== '',
    // The last results stay on screen while the next text is searched.
    placeholderData: keepPreviousData,
  });
  const results = answer.data ?? null;
  const entries = useMemo<Entry[]>(() => (results ? results.assets.map(assetEntry) : []), [results]);
  const fresh = sent === query && !answer.isPlaceholderData && !answer.isPending;
  return {
    active: query !== '',
    loading: query !== '' && !fresh,
    entries: query === '' ? [] : entries,
    error: fresh && answer.isError ? toShownError(answer.error).message : null,
    truncated: results?.truncated ?? false,
    source: results?.source ?? null,
  };
}
