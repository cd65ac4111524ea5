import { useCallback, useEffect, useState } from 'react';
import { toShownError } from '../errors';

/**
 * Loads what a tab shows, again on `reload()`; an answer that arrives after the tab closed or
 * after a newer load is dropped. `load` must keep its identity (define it at module level).
 */
export function useLoaded<T>(load: () => Promise<T>): { value: T | null; error: string | null; reload(): void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => {
        if (!live) return;
        setValue(loaded);
        setError(null);
      },
      (failure: unknown) => live && setError(toShownError(failure).message),
    );
    return () => {
      live = false;
    };
  }, [load, version]);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { value, error, reload };
}
