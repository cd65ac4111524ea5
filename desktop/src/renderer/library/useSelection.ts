import { useCallback, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { matchesCommand } from '../commands/registry';
import type { Entry } from './entries';

export interface SelectionState {
  /** Selected entry keys. */
  keys: ReadonlySet<string>;
  /** The entry keyboard focus sits on (the "current" row), by key. */
  focusKey: string | null;
  /** Where a Shift range starts. */
  anchorKey: string | null;
}

const empty: SelectionState = { keys: new Set(), focusKey: null, anchorKey: null };

function isToggle(event: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.ctrlKey || event.metaKey;
}

/**
 * File-manager selection over an ordered list of entries: click, Shift range, Ctrl/Cmd
 * toggle, Ctrl/Cmd+A, arrows (by `columns` for a grid). Kept by key, so a re-list keeps it.
 */
export function useSelection(entries: readonly Entry[]) {
  const [state, setState] = useState<SelectionState>(empty);

  const indexByKey = useMemo(() => {
    const map = new Map<string, number>();
    entries.forEach((entry, index) => map.set(entry.key, index));
    return map;
  }, [entries]);

  // Keys that left the listing (moved, trashed by someone else) drop out of the selection.
  const live = useMemo<SelectionState>(() => {
    let changed = false;
    const keys = new Set<string>();
    for (const key of state.keys) {
      if (indexByKey.has(key)) keys.add(key);
      else changed = true;
    }
    const focusKey = state.focusKey && indexByKey.has(state.focusKey) ? state.focusKey : null;
    const anchorKey = state.anchorKey && indexByKey.has(state.anchorKey) ? state.anchorKey : null;
    if (!changed && focusKey === state.focusKey && anchorKey === state.anchorKey) return state;
    return { keys, focusKey, anchorKey };
  }, [indexByKey, state]);

  const focusIndex = live.focusKey === null ? -1 : (indexByKey.get(live.focusKey) ?? -1);

  const selectRange = useCallback(
    (fromKey: string | null, toIndex: number, additive: boolean, base: ReadonlySet<string>) => {
      const from = fromKey === null ? toIndex : (indexByKey.get(fromKey) ?? toIndex);
      const [lo, hi] = from <= toIndex ? [from, toIndex] : [toIndex, from];
      const keys = new Set(additive ? base : []);
      for (let i = lo; i <= hi; i += 1) keys.add(entries[i]!.key);
      return keys;
    },
    [entries, indexByKey],
  );

  const onItemClick = useCallback(
    (event: MouseEvent, index: number) => {
      const entry = entries[index];
      if (!entry) return;
      setState((previous) => {
        if (event.shiftKey) {
          const anchor = previous.anchorKey ?? entry.key;
          return { keys: selectRange(anchor, index, isToggle(event), previous.keys), focusKey: entry.key, anchorKey: anchor };
        }
        if (isToggle(event)) {
          const keys = new Set(previous.keys);
          if (keys.has(entry.key)) keys.delete(entry.key);
          else keys.add(entry.key);
          return { keys, focusKey: entry.key, anchorKey: entry.key };
        }
        return { keys: new Set([entry.key]), focusKey: entry.key, anchorKey: entry.key };
      });
    },
    [entries, selectRange],
  );

  /** Right-click: keep a selection that already holds the item, otherwise select just it. */
  const onItemContext = useCallback(
    (index: number) => {
      const entry = entries[index];
      if (!entry) return;
      setState((previous) =>
        previous.keys.has(entry.key)
          ? { ...previous, focusKey: entry.key }
          : { keys: new Set([entry.key]), focusKey: entry.key, anchorKey: entry.key },
      );
    },
    [entries],
  );

  const selectAll = useCallback(() => {
    setState((previous) => ({ ...previous, keys: new Set(entries.map((entry) => entry.key)) }));
  }, [entries]);

  const clear = useCallback(() => setState(empty), []);

  const selectKeys = useCallback((keys: string[]) => {
    setState({ keys: new Set(keys), focusKey: keys[0] ?? null, anchorKey: keys[0] ?? null });
  }, []);

  /**
   * Arrow keys, Home/End, PageUp/PageDown, Ctrl/Cmd+A. Returns the index focus moved to
   * (so the view can scroll it into sight), or null when the key was not ours.
   */
  const onNavigationKey = useCallback(
    (event: KeyboardEvent, columns: number, pageRows: number): number | null => {
      if (entries.length === 0) return null;
      if (matchesCommand('selectAll', event)) {
        event.preventDefault();
        selectAll();
        return focusIndex < 0 ? 0 : focusIndex;
      }
      const step: Record<string, number> = {
        ArrowDown: columns,
        ArrowUp: -columns,
        ArrowRight: columns > 1 ? 1 : 0,
        ArrowLeft: columns > 1 ? -1 : 0,
        PageDown: pageRows * columns,
        PageUp: -pageRows * columns,
      };
      let target: number;
      if (event.key === 'Home') target = 0;
      else if (event.key === 'End') target = entries.length - 1;
      else if (event.key in step) {
        if (step[event.key] === 0) return null;
        target = focusIndex < 0 ? 0 : focusIndex + step[event.key]!;
      } else return null;
      event.preventDefault();
      target = Math.max(0, Math.min(entries.length - 1, target));
      const entry = entries[target]!;
      setState((previous) => {
        if (event.shiftKey) {
          const anchor = previous.anchorKey ?? previous.focusKey ?? entry.key;
          return { keys: selectRange(anchor, target, false, previous.keys), focusKey: entry.key, anchorKey: anchor };
        }
        if (isToggle(event)) return { ...previous, focusKey: entry.key };
        return { keys: new Set([entry.key]), focusKey: entry.key, anchorKey: entry.key };
      });
      return target;
    },
    [entries, focusIndex, selectAll, selectRange],
  );

  const selected = useMemo(() => entries.filter((entry) => live.keys.has(entry.key)), [entries, live.keys]);

  return { selection: live, selected, focusIndex, onItemClick, onItemContext, onNavigationKey, selectAll, selectKeys, clear };
}
