import { useCallback, useState } from 'react';
import { DomainError } from '@rushes/shared';
import { readPreference, writePreference } from './storage';

export interface SavedSearch {
  name: string;
  /** The query text, filters included (shared/searchQuery.ts). */
  text: string;
}

const MAX_NAME = 60;
const MAX_SAVED = 50;

function isSavedList(value: unknown): value is SavedSearch[] {
  return Array.isArray(value) && value.every((item) => typeof item?.name === 'string' && typeof item?.text === 'string');
}

/** The user's saved searches on this computer, by name; saving under a used name replaces it. */
export function useSavedSearches(email: string) {
  const key = `rushes.savedSearches.${email.toLowerCase()}`;
  const [saved, setSaved] = useState<SavedSearch[]>(() => readPreference(key, [], isSavedList));
  const commit = useCallback(
    (next: SavedSearch[]) => {
      setSaved(next);
      writePreference(key, next);
    },
    [key],
  );
  const save = useCallback(
    (name: string, text: string) => {
      const trimmed = name.trim();
      if (trimmed === '') throw new DomainError('VALIDATION_FAILED', 'Give the search a name.', 'name');
      if (trimmed.length > MAX_NAME) throw new DomainError('VALIDATION_FAILED', `At most ${MAX_NAME} characters.`, 'name');
      const others = saved.filter((item) => item.name !== trimmed);
      if (others.length >= MAX_SAVED)
        throw new DomainError('VALIDATION_FAILED', `At most ${MAX_SAVED} saved searches; remove one first.`, 'name');
      commit([...others, { name: trimmed, text }].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })));
    },
    [commit, saved],
  );
  const remove = useCallback((name: string) => commit(saved.filter((item) => item.name !== name)), [commit, saved]);
  return { saved, save, remove };
}
