import { useCallback, useState } from 'react';
import type { ViewMode } from '../components/LibraryToolbar';
import { loadColumnLayout, saveColumnLayout, type ColumnLayout, type ColumnSpec } from './columns';
import { readPreference, writePreference } from './storage';
import type { SortOrder } from './useFolderListing';

const viewKey = 'rushes.library.view';
const isViewMode = (value: unknown): value is ViewMode => value === 'table' || value === 'cards';

/** How the library is shown: table or cards (kept), the sort order, the table's columns (kept). */
export function useViewPreferences() {
  const [view, setView] = useState<ViewMode>(() => readPreference(viewKey, 'table', isViewMode));
  const [sort, setSort] = useState<SortOrder>({ field: 'name', direction: 'asc' });
  const [layout, setLayout] = useState<ColumnLayout>(loadColumnLayout);
  const changeView = useCallback((next: ViewMode) => {
    setView(next);
    writePreference(viewKey, next);
  }, []);
  const changeLayout = useCallback((next: ColumnLayout, persist: boolean) => {
    setLayout(next);
    if (persist) saveColumnLayout(next);
  }, []);
  const changeSort = useCallback((column: ColumnSpec) => {
    if (!column.sort) return;
    const field = column.sort;
    setSort((previous) => ({ field, direction: previous.field === field && previous.direction === 'asc' ? 'desc' : 'asc' }));
  }, []);
  return { view, changeView, sort, changeSort, layout, changeLayout };
}
