import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { toShownError } from '../errors';
import { queryKeys } from '../library/queries';

/**
 * Loads what a tab shows, cached under the tab's name, again on `reload()`; switching tabs
 * shows the last answer at once.
 */
export function useLoaded<T>(tab: string, load: () => Promise<T>): { value: T | null; error: string | null; reload(): void } {
  // Other admins change these and the feed does not carry them: each visit asks again, showing the last answer meanwhile.
  const answer = useQuery({ queryKey: queryKeys.admin(tab), queryFn: load, staleTime: 0 });
  const { refetch } = answer;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { value: answer.data ?? null, error: answer.isError ? toShownError(answer.error).message : null, reload };
}
