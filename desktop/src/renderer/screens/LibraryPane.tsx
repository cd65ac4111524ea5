import { useCallback, useMemo, type MouseEvent } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { Announcer } from '../components/Announcer';
import { AssetCards } from '../components/AssetCards';
import { AssetTable } from '../components/AssetTable';
import type { BrowserViewProps } from '../components/browserView';
import { EmptyFolder } from '../components/EmptyLibrary';
import type { Place } from '../components/FolderSidebar';
import { PathBar } from '../components/PathBar';
import { SearchFilters } from '../components/SearchFilters';
import { folderNameOf, type Entry } from '../library/entries';
import { pluralItems } from '../library/format';
import { ingestNews } from '../library/news';
import type { useFolderListing } from '../library/useFolderListing';
import type { useSearch } from '../library/useSearch';
import type { useSelection } from '../library/useSelection';
import type { useViewPreferences } from '../library/useViewPreferences';
import { TrashView } from './TrashView';

interface Props {
  place: Place;
  folderPath: string;
  /** A folder is listed, not the trash. */
  inFolder: boolean;
  searching: boolean;
  searchText: string;
  onSearchTextChange(text: string): void;
  filtersOpen: boolean;
  listing: ReturnType<typeof useFolderListing>;
  search: ReturnType<typeof useSearch>;
  entries: Entry[];
  selection: ReturnType<typeof useSelection>;
  preferences: ReturnType<typeof useViewPreferences>;
  folderWritable: boolean;
  isAdmin: boolean;
  onKey: BrowserViewProps['onKey'];
  onItemOpen(index: number): void;
  onItemContextMenu(event: MouseEvent, index: number): void;
  onBackgroundContextMenu(event: MouseEvent): void;
  onNewFolder(): void;
  onNavigate(path: string): void;
  /** The trash restored or deleted something. */
  onTrashChanged(): void;
}

function Spinner({ label }: { label: string }) {
  return (
    <Box sx={{ flex: 1, display: 'grid', placeItems: 'center' }}>
      <CircularProgress size={22} aria-label={label} />
    </Box>
  );
}

/** The folder listed (as a table or cards), search results, or the trash, under the path bar. */
export function LibraryPane(props: Props) {
  const { place, folderPath, searching, searchText, listing, search, entries, selection, preferences, folderWritable } = props;
  const { selected } = selection;
  const { loadMore } = listing;
  const onNearEnd = useCallback(() => void loadMore(), [loadMore]);

  const empty = searching ? (
    search.loading ? (
      <Spinner label="Searching" />
    ) : search.error ? (
      <EmptyFolder title="That search cannot be run" detail={search.error} />
    ) : (
      <EmptyFolder title="No files match" detail="Try fewer words, or clear some filters." />
    )
  ) : listing.loading ? (
    <Spinner label="Loading folder" />
  ) : listing.error ? (
    <EmptyFolder title="This folder could not be listed" detail={listing.error} />
  ) : (
    <EmptyFolder
      title={folderPath === '' ? 'The library is empty' : 'This folder is empty'}
      detail={folderWritable ? 'Create a folder, or upload camera cards here.' : 'Nothing here yet.'}
      onNewFolder={folderWritable ? props.onNewFolder : undefined}
    />
  );

  const viewProps: BrowserViewProps = {
    entries,
    selectedKeys: selection.selection.keys,
    focusIndex: selection.focusIndex,
    resetKey: searching ? `search|${searchText}` : `${folderPath}|${preferences.sort.field}|${preferences.sort.direction}`,
    hasMore: searching ? false : listing.hasMore,
    onNearEnd,
    onItemClick: selection.onItemClick,
    onItemOpen: props.onItemOpen,
    onItemContextMenu: props.onItemContextMenu,
    onBackgroundContextMenu: props.onBackgroundContextMenu,
    onBackgroundClick: selection.clear,
    onKey: props.onKey,
    empty,
    label: searching ? 'Search results' : `Contents of ${folderNameOf(folderPath)}`,
    showFolder: searching,
  };

  const counts = useMemo(() => {
    const folders = entries.filter((entry) => entry.type === 'folder').length;
    return { folders, assets: entries.length - folders };
  }, [entries]);
  const selectedCount = selected.length > 0 && `${selected.length.toLocaleString()} selected · `;
  const summary =
    place.kind === 'trash' ? null : searching ? (
      <span aria-live="polite">
        {selectedCount}
        {search.loading
          ? 'Searching…'
          : `${pluralItems(counts.assets, 'result')}${search.truncated ? '+ (showing the first; narrow the search)' : ''}`}
      </span>
    ) : (
      <>
        {listing.loadingMore && <CircularProgress size={11} color="inherit" aria-label="Loading more" />}
        <span>
          {selectedCount}
          {counts.folders > 0 && `${pluralItems(counts.folders, 'folder')} · `}
          {pluralItems(counts.assets, 'file')}
          {listing.hasMore ? '+' : ''}
        </span>
      </>
    );

  return (
    <>
      <Announcer value={entries} tell={ingestNews} />
      {props.filtersOpen && props.inFolder && (
        <SearchFilters text={searchText} onChange={props.onSearchTextChange} folderPath={folderPath} />
      )}
      <PathBar
        path={props.inFolder && !searching ? folderPath : null}
        title={searching ? 'Search results' : 'Trash'}
        onNavigate={props.onNavigate}
        summary={summary}
      />
      {place.kind === 'trash' ? (
        <TrashView isAdmin={props.isAdmin} onChanged={props.onTrashChanged} />
      ) : preferences.view === 'table' ? (
        <AssetTable
          {...viewProps}
          layout={preferences.layout}
          onLayoutChange={preferences.changeLayout}
          sort={preferences.sort}
          onSort={preferences.changeSort}
        />
      ) : (
        <AssetCards {...viewProps} />
      )}
    </>
  );
}
