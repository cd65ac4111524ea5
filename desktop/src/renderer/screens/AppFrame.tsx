import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import {
  canCreateTopLevelFolder,
  type AppInfo,
  type AssetView,
  type FolderView,
  type MeResponse,
  type SessionUser,
  type TransferJob,
  type TransferOperation,
} from '@rushes/shared';
import { desktop, droppedPaths, onDesktopEvent } from '../bridge/desktop';
import { AssetCards } from '../components/AssetCards';
import { AssetTable } from '../components/AssetTable';
import type { BrowserViewProps } from '../components/browserView';
import { EmptyFolder } from '../components/EmptyLibrary';
import { FolderSidebar, type Place } from '../components/FolderSidebar';
import { FsxJobList } from '../components/FsxJobList';
import { ItemMenu, type ItemCommand, type MenuTarget } from '../components/ItemMenu';
import { LibraryToolbar, type ViewMode } from '../components/LibraryToolbar';
import { PathBar } from '../components/PathBar';
import { SearchFilters } from '../components/SearchFilters';
import { StatusBar, type BackendState } from '../components/StatusBar';
import { TransferPanel, type TransferTab } from '../components/TransferPanel';
import { useToast } from '../components/Toasts';
import { UserMenu } from '../components/UserMenu';
import { DownloadDialog } from '../dialogs/DownloadDialog';
import { FsxDialog, isCopyToFsxShortcut } from '../dialogs/FsxDialog';
import { PermissionsDialog } from '../dialogs/PermissionsDialog';
import { SettingsDialog } from '../dialogs/SettingsDialog';
import { UploadDialog } from '../dialogs/UploadDialog';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { MoveDialog } from '../dialogs/MoveDialog';
import { NameDialog } from '../dialogs/NameDialog';
import { toShownError } from '../errors';
import { loadColumnLayout, saveColumnLayout, type ColumnLayout, type ColumnSpec } from '../library/columns';
import { entryName, folderNameOf, parentPath, splitSelection, type Entry } from '../library/entries';
import { pluralItems } from '../library/format';
import { isJobActive, jobStateText, jobTitle } from '../library/fsxJobs';
import { describeFailures } from '../library/operations';
import { useOrganiseCommands } from '../library/useOrganiseCommands';
import { readPreference, writePreference } from '../library/storage';
import { useFolderListing, type SortOrder } from '../library/useFolderListing';
import { useSavedSearches } from '../library/savedSearches';
import { useSearch } from '../library/useSearch';
import { useSelection } from '../library/useSelection';
import { useFsxJobs } from '../library/useFsxJobs';
import { useTransfers } from '../library/useTransfers';
import { useWorkstations } from '../library/workstations';
import { surface } from '../theme';
import { AdminScreen } from './AdminScreen';
import { TrashView } from './TrashView';
import { Viewer } from './Viewer';

interface Props {
  user: SessionUser;
  appInfo: AppInfo | null;
  onSignOut(): void;
}

type Dialog =
  | { kind: 'newFolder'; parentPath: string }
  | { kind: 'rename'; entry: Entry }
  | { kind: 'move'; entries: Entry[] }
  | { kind: 'delete'; entries: Entry[] }
  | { kind: 'viewer'; assets: AssetView[]; index: number }
  | { kind: 'download'; assets: AssetView[] }
  | { kind: 'fsx'; operation: TransferOperation; assets: AssetView[]; folders: FolderView[] }
  | { kind: 'permissions'; path: string }
  | { kind: 'settings' }
  | { kind: 'saveSearch'; text: string }
  | { kind: 'upload'; folderPath: string; paths?: string[] };

const viewKey = 'rushes.library.view';
const isViewMode = (value: unknown): value is ViewMode => value === 'table' || value === 'cards';

function isSignOutShortcut(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'q';
}

function describeEntries(entries: Entry[]): string {
  return entries.length === 1 ? `“${entryName(entries[0]!)}”` : pluralItems(entries.length);
}

/** The signed-in window: toolbar, folder tree, the current folder, status bar. */
export function AppFrame({ user, appInfo, onSignOut }: Props) {
  const toast = useToast();
  const [me, setMe] = useState<MeResponse | null>(null);
  const [backend, setBackend] = useState<BackendState>({ kind: 'checking' });
  const [place, setPlace] = useState<Place>({ kind: 'folder', path: '' });
  // The folder listed; kept while the trash is open so coming back lands where the user was.
  const [folderPath, setFolderPath] = useState('');
  const [view, setView] = useState<ViewMode>(() => readPreference(viewKey, 'table', isViewMode));
  const [sort, setSort] = useState<SortOrder>({ field: 'name', direction: 'asc' });
  const [layout, setLayout] = useState<ColumnLayout>(loadColumnLayout);
  const [treeVersion, setTreeVersion] = useState(0);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [adminOpen, setAdminOpen] = useState(false);
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [trashVersion, setTrashVersion] = useState(0);
  const mainRef = useRef<HTMLElement>(null);

  const who = me ?? user;
  const admin = who.isAdmin;
  const listing = useFolderListing(folderPath, sort);
  const [searchText, setSearchText] = useState('');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [searchVersion, setSearchVersion] = useState(0);
  const search = useSearch(searchText, searchVersion);
  const savedSearches = useSavedSearches(user.email);
  const searching = search.active && place.kind === 'folder';
  const entries = searching ? search.entries : listing.entries;
  const selection = useSelection(entries);
  const { selected } = selection;
  const folderWritable = listing.folder ? listing.folder.canWrite : canCreateTopLevelFolder(who);
  // Search results come from many folders: the server checks each change and says no where it must.
  const mayChange = useCallback(
    (entry: Entry) => (searching ? entry.type === 'asset' : folderWritable && (entry.type === 'asset' || entry.folder.canWrite)),
    [folderWritable, searching],
  );

  // Who the backend says we are; also the connection check shown in the status bar.
  const checkBackend = useCallback(
    () =>
      desktop.getMe().then(
        (value) => {
          setMe(value);
          setBackend({ kind: 'connected', checkedAt: new Date() });
        },
        (error: unknown) => {
          const { message } = toShownError(error);
          setBackend({ kind: 'unreachable', message });
          toast(message, 'error');
        },
      ),
    [toast],
  );
  useEffect(() => {
    void checkBackend();
  }, [checkBackend]);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!isSignOutShortcut(event)) return;
      event.preventDefault();
      onSignOut();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onSignOut]);

  const { reload } = listing;
  // A refreshed session can carry other groups (an admin changed them): what this user may
  // see changes with it, so ask again who we are and re-list what is on screen.
  const groupsKey = user.groups.join('\n');
  const seenGroups = useRef(groupsKey);
  useEffect(() => {
    if (seenGroups.current === groupsKey) return;
    seenGroups.current = groupsKey;
    void checkBackend();
    void reload();
    setTreeVersion((value) => value + 1);
  }, [groupsKey, checkBackend, reload]);
  // Live updates: others' changes (or storage events) in this folder re-list it in place.
  useEffect(
    () =>
      onDesktopEvent('library', (changes) => {
        if (place.kind === 'folder' && changes.folders.includes(folderPath)) void reload();
        // Any change may touch a result: the search cache says so once it has taken changes in.
        setSearchVersion((value) => value + 1);
        if (place.kind === 'trash') setTrashVersion((value) => value + 1);
      }),
    [folderPath, place.kind, reload],
  );

  // Keyboard focus follows navigation, so arrows and Backspace work straight away.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  }, [place, view]);

  const navigate = useCallback(
    (next: Place) => {
      setMenu(null);
      selection.clear();
      setPlace(next);
      if (next.kind !== 'folder') return;
      // Back from the trash to the folder listed under it: changes made meanwhile (a restore)
      // were not listed, since live updates only re-list the folder on screen.
      if (next.path === folderPath && place.kind !== 'folder') void reload();
      setFolderPath(next.path);
    },
    [selection, folderPath, place.kind, reload],
  );
  const goTo = useCallback((path: string) => navigate({ kind: 'folder', path }), [navigate]);

  const changeView = (next: ViewMode) => {
    setView(next);
    writePreference(viewKey, next);
  };
  const changeLayout = useCallback((next: ColumnLayout, persist: boolean) => {
    setLayout(next);
    if (persist) saveColumnLayout(next);
  }, []);
  const changeSort = useCallback((column: ColumnSpec) => {
    if (!column.sort) return;
    const field = column.sort;
    setSort((previous) => ({ field, direction: previous.field === field && previous.direction === 'asc' ? 'desc' : 'asc' }));
  }, []);

  async function refresh() {
    setRefreshing(true);
    await Promise.all([listing.reload(), checkBackend()]);
    setTreeVersion((value) => value + 1);
    setTrashVersion((value) => value + 1);
    setRefreshing(false);
  }

  const afterChange = useCallback(() => {
    void reload();
    setSearchVersion((value) => value + 1);
    setTreeVersion((value) => value + 1);
  }, [reload]);
  const closeDialog = useCallback(() => setDialog(null), []);
  const { busy, trashEntries, moveTo } = useOrganiseCommands(afterChange, closeDialog);
  const transfers = useTransfers();
  const workstations = useWorkstations();
  const [transfersOpen, setTransfersOpen] = useState(false);
  const [transferTab, setTransferTab] = useState<TransferTab>('files');
  const onFsxJobFinished = useCallback(
    (job: TransferJob) => {
      // Badges change with the job; the change feed brings them too, this makes it immediate.
      afterChange();
      if (job.state === 'succeeded') toast(`${jobTitle(job)}: ${jobStateText(job).toLowerCase()}`, 'success');
      else if (job.state === 'failed') toast(`${jobTitle(job)}: ${jobStateText(job)}`, 'error');
    },
    [afterChange, toast],
  );
  const fsx = useFsxJobs(onFsxJobFinished);
  const transferSummary = useMemo(
    () => ({
      ...transfers.summary,
      active: transfers.summary.active + fsx.summary.active,
      failed: transfers.summary.failed + fsx.summary.failed,
      bytesDone: transfers.summary.bytesDone + fsx.summary.bytesDone,
      bytesTotal: transfers.summary.bytesTotal + fsx.summary.bytesTotal,
      // Edit-share jobs report no speed: a time left would leave them out.
      etaSeconds: fsx.summary.active > 0 ? null : transfers.summary.etaSeconds,
    }),
    [transfers.summary, fsx.summary],
  );
  const [dropping, setDropping] = useState(false);
  const download = useCallback((assets: AssetView[]) => {
    if (assets.length > 0) setDialog({ kind: 'download', assets });
  }, []);

  // Commands ------------------------------------------------------------------------------

  const open = useCallback(
    (entry: Entry) => {
      if (entry.type === 'folder') return goTo(entry.folder.path);
      // The viewer steps through the folder's files in the order shown.
      const assets = entries.flatMap((item) => (item.type === 'asset' ? [item.asset] : []));
      setDialog({
        kind: 'viewer',
        assets,
        index: Math.max(
          0,
          assets.findIndex((asset) => asset.id === entry.asset.id),
        ),
      });
    },
    [entries, goTo],
  );

  const runCommand = (command: ItemCommand, targets: Entry[]) => {
    const writable = targets.length > 0 && targets.every(mayChange);
    switch (command) {
      case 'open':
        if (targets[0]) open(targets[0]);
        return;
      case 'download':
        download(splitSelection(targets).assets);
        return;
      case 'rename':
        if (targets.length === 1 && writable) setDialog({ kind: 'rename', entry: targets[0]! });
        return;
      case 'move':
        if (writable) setDialog({ kind: 'move', entries: targets });
        return;
      case 'delete':
        if (writable) setDialog({ kind: 'delete', entries: targets });
        return;
      case 'newFolder':
        if (folderWritable) setDialog({ kind: 'newFolder', parentPath: folderPath });
        return;
      case 'upload':
        if (folderWritable) setDialog({ kind: 'upload', folderPath });
        return;
      case 'copyToFsx':
      case 'removeFromFsx': {
        const { assets, folders } = splitSelection(targets);
        if (assets.length + folders.length === 0) return;
        // An admin may have added a workstation (or a group) since the list was loaded.
        workstations.reload();
        setDialog({ kind: 'fsx', operation: command === 'copyToFsx' ? 'copy' : 'remove', assets, folders });
        return;
      }
      case 'permissions':
        if (admin && targets.length === 1 && targets[0]!.type === 'folder')
          setDialog({ kind: 'permissions', path: targets[0]!.folder.path });
        return;
    }
  };

  // Gestures on the view ------------------------------------------------------------------

  const onKey: BrowserViewProps['onKey'] = (event: KeyboardEvent, viewLayout) => {
    const focused = selection.focusIndex >= 0 ? entries[selection.focusIndex] : undefined;
    const targets = selected.length > 0 ? selected : focused ? [focused] : [];
    switch (event.key) {
      case 'Enter':
        if (targets.length === 1 || focused) {
          event.preventDefault();
          open(focused && selected.includes(focused) ? focused : targets[0]!);
        }
        return null;
      case 'Delete':
        event.preventDefault();
        runCommand('delete', targets);
        return null;
      case 'F2':
        event.preventDefault();
        if (targets.length === 1) runCommand('rename', targets);
        return null;
      case 'Backspace':
        event.preventDefault();
        if (place.kind === 'folder' && place.path !== '') goTo(parentPath(place.path));
        return null;
      case 'Escape':
        selection.clear();
        return null;
    }
    if (event.key === 'ArrowUp' && event.altKey) {
      event.preventDefault();
      if (place.kind === 'folder' && place.path !== '') goTo(parentPath(place.path));
      return null;
    }
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'u') {
      event.preventDefault();
      runCommand('upload', []);
      return null;
    }
    if (isCopyToFsxShortcut(event)) {
      event.preventDefault();
      runCommand('copyToFsx', targets);
      return null;
    }
    if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'n') {
      event.preventDefault();
      runCommand('newFolder', []);
      return null;
    }
    return selection.onNavigationKey(event, viewLayout.columns, viewLayout.pageRows);
  };

  const onItemContextMenu = useCallback(
    (event: MouseEvent, index: number) => {
      const entry = entries[index];
      if (!entry) return;
      selection.onItemContext(index);
      const targets = selection.selection.keys.has(entry.key) ? selected : [entry];
      setMenu({ x: event.clientX, y: event.clientY, entries: targets });
    },
    [entries, selected, selection],
  );
  const onItemOpen = useCallback((index: number) => entries[index] && open(entries[index]), [entries, open]);
  const { loadMore } = listing;
  const onNearEnd = useCallback(() => void loadMore(), [loadMore]);

  const empty = searching ? (
    search.loading ? (
      <Box sx={{ flex: 1, display: 'grid', placeItems: 'center' }}>
        <CircularProgress size={22} aria-label="Searching" />
      </Box>
    ) : search.error ? (
      <EmptyFolder title="That search cannot be run" detail={search.error} />
    ) : (
      <EmptyFolder title="No files match" detail="Try fewer words, or clear some filters." />
    )
  ) : listing.loading ? (
    <Box sx={{ flex: 1, display: 'grid', placeItems: 'center' }}>
      <CircularProgress size={22} aria-label="Loading folder" />
    </Box>
  ) : listing.error ? (
    <EmptyFolder title="This folder could not be listed" detail={listing.error} />
  ) : (
    <EmptyFolder
      title={folderPath === '' ? 'The library is empty' : 'This folder is empty'}
      detail={folderWritable ? 'Create a folder, or upload camera cards here.' : 'Nothing here yet.'}
      onNewFolder={folderWritable ? () => runCommand('newFolder', []) : undefined}
    />
  );

  const viewProps: BrowserViewProps = {
    entries,
    selectedKeys: selection.selection.keys,
    focusIndex: selection.focusIndex,
    resetKey: searching ? `search|${searchText}` : `${folderPath}|${sort.field}|${sort.direction}`,
    hasMore: searching ? false : listing.hasMore,
    onNearEnd,
    onItemClick: selection.onItemClick,
    onItemOpen,
    onItemContextMenu,
    onBackgroundContextMenu: (event) => setMenu({ x: event.clientX, y: event.clientY, entries: [] }),
    onBackgroundClick: selection.clear,
    onKey,
    empty,
    label: searching ? 'Search results' : `Contents of ${folderNameOf(folderPath)}`,
    showFolder: searching,
  };

  const counts = useMemo(() => {
    const folders = entries.filter((entry) => entry.type === 'folder').length;
    return { folders, assets: entries.length - folders };
  }, [entries]);
  const summary =
    place.kind === 'trash' ? null : searching ? (
      <span aria-live="polite">
        {selected.length > 0 && `${selected.length.toLocaleString()} selected · `}
        {search.loading
          ? 'Searching…'
          : `${pluralItems(counts.assets, 'result')}${search.truncated ? '+ (showing the first; narrow the search)' : ''}`}
      </span>
    ) : (
      <>
        {listing.loadingMore && <CircularProgress size={11} color="inherit" aria-label="Loading more" />}
        <span>
          {selected.length > 0 && `${selected.length.toLocaleString()} selected · `}
          {counts.folders > 0 && `${pluralItems(counts.folders, 'folder')} · `}
          {pluralItems(counts.assets, 'file')}
          {listing.hasMore ? '+' : ''}
        </span>
      </>
    );

  const selectedAssets = splitSelection(selected).assets;
  const inFolder = place.kind === 'folder' && !adminOpen;

  return (
    <Box sx={{ height: '100%', display: 'flex', flexDirection: 'column', backgroundColor: surface.canvas }}>
      <LibraryToolbar
        refreshing={refreshing}
        onRefresh={() => void refresh()}
        canUpload={inFolder && folderWritable}
        onUpload={() => runCommand('upload', [])}
        canCreateFolder={inFolder && folderWritable}
        onNewFolder={() => runCommand('newFolder', [])}
        canDownload={inFolder && selectedAssets.length > 0}
        onDownload={() => download(selectedAssets)}
        canDelete={inFolder && selected.length > 0 && selected.every(mayChange)}
        onDelete={() => runCommand('delete', selected)}
        canSendToFsx={inFolder && selected.length > 0}
        onCopyToFsx={() => runCommand('copyToFsx', selected)}
        onRemoveFromFsx={() => runCommand('removeFromFsx', selected)}
        view={view}
        onViewChange={changeView}
        search={searchText}
        onSearchChange={(text) => {
          selection.clear();
          setSearchText(text);
          if (place.kind !== 'folder') navigate({ kind: 'folder', path: folderPath });
        }}
        filtersOpen={filtersOpen}
        onToggleFilters={() => setFiltersOpen((open) => !open)}
        onSaveSearch={() => setDialog({ kind: 'saveSearch', text: searchText.trim() })}
        trailing={
          <UserMenu
            user={who}
            onSignOut={onSignOut}
            onOpenSettings={() => setDialog({ kind: 'settings' })}
            onOpenAdmin={admin ? () => setAdminOpen(true) : undefined}
          />
        }
      />
      {adminOpen && admin ? (
        <AdminScreen
          me={who.email}
          onClose={() => {
            setAdminOpen(false);
            // Permissions may have changed meanwhile; the folder on screen is listed again.
            void reload();
            setTreeVersion((value) => value + 1);
          }}
        />
      ) : (
        <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
          <FolderSidebar
            place={place}
            openPath={folderPath}
            onNavigate={(next) => {
              setSearchText('');
              navigate(next);
            }}
            version={treeVersion}
            savedSearches={savedSearches.saved}
            activeSearch={searchText}
            onOpenSearch={(text) => {
              selection.clear();
              setSearchText(text);
              if (place.kind !== 'folder') navigate({ kind: 'folder', path: folderPath });
            }}
            onRemoveSearch={savedSearches.remove}
          />
          <Box
            ref={mainRef}
            component="main"
            aria-label="Library"
            sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', position: 'relative' }}
            onDragOver={(event) => {
              if (!inFolder || !event.dataTransfer.types.includes('Files')) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = folderWritable ? 'copy' : 'none';
              if (!dropping) setDropping(true);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
            }}
            onDrop={(event) => {
              if (!event.dataTransfer.types.includes('Files')) return;
              event.preventDefault();
              setDropping(false);
              if (!inFolder || !folderWritable) {
                toast('You cannot upload into this folder.', 'error');
                return;
              }
              const paths = droppedPaths(event.dataTransfer.files);
              if (paths === null) {
                toast('Dropping files needs the desktop app: in web mode, use Upload and type the paths.', 'info');
                setDialog({ kind: 'upload', folderPath });
                return;
              }
              if (paths.length > 0) setDialog({ kind: 'upload', folderPath, paths });
            }}
          >
            {dropping && (
              <Box
                aria-hidden="true"
                sx={{
                  position: 'absolute',
                  inset: 8,
                  zIndex: 5,
                  pointerEvents: 'none',
                  border: '2px dashed',
                  borderColor: folderWritable ? 'primary.light' : 'error.light',
                  borderRadius: 1.5,
                  backgroundColor: 'rgba(47, 111, 223, 0.08)',
                  display: 'grid',
                  placeItems: 'center',
                }}
              >
                <Box sx={{ px: 2, py: 1, borderRadius: 1, backgroundColor: surface.raised, typography: 'body2' }}>
                  {folderWritable ? `Drop to upload into ${folderNameOf(folderPath)}` : 'You cannot upload into this folder'}
                </Box>
              </Box>
            )}
            {filtersOpen && inFolder && <SearchFilters text={searchText} onChange={setSearchText} folderPath={folderPath} />}
            <PathBar
              path={inFolder && !searching ? folderPath : null}
              title={searching ? 'Search results' : 'Trash'}
              onNavigate={goTo}
              summary={summary}
            />
            {place.kind === 'trash' ? (
              <TrashView isAdmin={admin} version={trashVersion} onChanged={() => setTreeVersion((value) => value + 1)} />
            ) : view === 'table' ? (
              <AssetTable {...viewProps} layout={layout} onLayoutChange={changeLayout} sort={sort} onSort={changeSort} />
            ) : (
              <AssetCards {...viewProps} />
            )}
          </Box>
        </Box>
      )}
      {transfersOpen && (
        <TransferPanel
          transfers={transfers.transfers}
          summary={transfers.summary}
          onAction={(action, ids) => void transfers.act(action, ids).catch((error: unknown) => toast(toShownError(error).message, 'error'))}
          onClearFinished={() => void transfers.clearFinished().catch((error: unknown) => toast(toShownError(error).message, 'error'))}
          onClose={() => setTransfersOpen(false)}
          tab={transferTab}
          onTabChange={setTransferTab}
          fsxSummary={fsx.summary}
          fsxCount={fsx.jobs.length}
          fsx={
            <FsxJobList
              jobs={fsx.jobs}
              details={fsx.details}
              expanded={fsx.expanded}
              error={fsx.error}
              onToggle={fsx.toggle}
              onCancel={(id) => void fsx.cancel(id).catch((error: unknown) => toast(toShownError(error).message, 'error'))}
            />
          }
        />
      )}
      <StatusBar
        appInfo={appInfo}
        backend={backend}
        transfers={transferSummary}
        transfersOpen={transfersOpen}
        onToggleTransfers={() => setTransfersOpen((open) => !open)}
      />

      <ItemMenu
        target={menu}
        canWrite={menu ? (menu.entries.length === 0 ? folderWritable : menu.entries.every(mayChange)) : false}
        isAdmin={admin}
        onClose={() => setMenu(null)}
        onCommand={(command) => menu && runCommand(command, menu.entries)}
      />
      {dialog?.kind === 'newFolder' && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create"
          hint={`In ${dialog.parentPath === '' ? 'Library' : dialog.parentPath}`}
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            const created = await desktop.createFolder({ parentPath: dialog.parentPath, name });
            setDialog(null);
            afterChange();
            toast(`Created “${created.name}”`, 'success');
          }}
        />
      )}
      {dialog?.kind === 'saveSearch' && (
        <NameDialog
          title="Save search"
          label="Name"
          initial=""
          submitLabel="Save"
          hint={dialog.text}
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            savedSearches.save(name, dialog.text);
            setDialog(null);
            toast(`Saved “${name.trim()}” in the sidebar`, 'success');
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={dialog.entry.type === 'folder' ? 'Rename folder' : 'Rename file'}
          label="Name"
          initial={entryName(dialog.entry)}
          submitLabel="Rename"
          requireChange
          onClose={() => setDialog(null)}
          onSubmit={async (newName) => {
            const { entry } = dialog;
            const result =
              entry.type === 'folder'
                ? await desktop.renameFolder({ path: entry.folder.path, newName })
                : await desktop.renameAsset({ id: entry.asset.id, newName, version: entry.asset.version });
            setDialog(null);
            afterChange();
            const failed = describeFailures(
              'rename',
              result,
              new Map([[entry.type === 'folder' ? entry.folder.path : entry.asset.id, entryName(entry)]]),
            );
            if (failed) toast(failed, 'error');
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveDialog
          what={describeEntries(dialog.entries)}
          startPath={folderPath}
          movingFolders={splitSelection(dialog.entries).folders.map((folder) => folder.path)}
          onClose={() => setDialog(null)}
          onMove={(toPath) => moveTo(dialog.entries, toPath)}
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={dialog?.kind === 'delete' ? `Move ${describeEntries(dialog.entries)} to the trash?` : ''}
        confirmLabel="Move to trash"
        destructive
        busy={busy}
        onClose={() => setDialog(null)}
        onConfirm={() => dialog?.kind === 'delete' && void trashEntries(dialog.entries)}
      >
        {dialog?.kind === 'delete' && splitSelection(dialog.entries).folders.length > 0
          ? 'Folders go to the trash with everything in them. '
          : ''}
        {admin ? 'You can restore them from Trash until they are deleted forever.' : 'An admin can restore them from Trash.'}
      </ConfirmDialog>
      {dialog?.kind === 'viewer' && (
        <Viewer
          assets={dialog.assets}
          startIndex={dialog.index}
          onClose={(last) => {
            setDialog(null);
            // Back in the library on the file last viewed.
            const index = entries.findIndex((entry) => entry.type === 'asset' && entry.asset.id === last.id);
            if (index >= 0) selection.onItemContext(index);
            requestAnimationFrame(() => mainRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true }));
          }}
          onDownload={(asset) => download([asset])}
        />
      )}
      {dialog?.kind === 'permissions' && (
        <PermissionsDialog
          path={dialog.path}
          onClose={() => setDialog(null)}
          onSaved={(result, before) => {
            setDialog(null);
            afterChange();
            const message =
              result.updatedFolders === 0
                ? 'Permissions unchanged'
                : `Permissions saved on ${pluralItems(result.updatedFolders, 'folder')}`;
            const single = result.updatedFolders === 1;
            toast(
              message,
              'success',
              single
                ? {
                    label: 'Undo',
                    run: () =>
                      void desktop.setFolderAcl({ path: result.path, groups: before }).then(
                        () => {
                          afterChange();
                          toast('Permissions restored', 'success');
                        },
                        (error: unknown) => toast(toShownError(error).message, 'error'),
                      ),
                  }
                : undefined,
            );
          }}
        />
      )}
      {dialog?.kind === 'settings' && (
        <SettingsDialog appInfo={appInfo} email={who.email} view={view} onViewChange={changeView} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'upload' && (
        <UploadDialog
          folderPath={dialog.folderPath}
          canBrowse={appInfo?.shell === 'electron'}
          {...(dialog.paths ? { initialPaths: dialog.paths } : {})}
          onClose={() => setDialog(null)}
          onStarted={(started, skipped) => {
            setDialog(null);
            transfers.merge(started);
            setTransfersOpen(true);
            afterChange();
            toast(`Uploading ${pluralItems(started.length, 'file')}${skipped > 0 ? ` · ${skipped.toLocaleString()} skipped` : ''}`, 'info');
          }}
        />
      )}
      {dialog?.kind === 'fsx' && (
        <FsxDialog
          operation={dialog.operation}
          assets={dialog.assets}
          folders={dialog.folders}
          email={who.email}
          onClose={() => setDialog(null)}
          onStarted={(job) => {
            setDialog(null);
            setTransferTab('fsx');
            setTransfersOpen(true);
            // A job refused at once (no share) is reported as it ends, by track; don't cover that.
            if (isJobActive(job.state)) toast(`${jobTitle(job)}: started`, 'info');
            fsx.track(job);
          }}
        />
      )}
      {dialog?.kind === 'download' && (
        <DownloadDialog
          assets={dialog.assets}
          onClose={() => setDialog(null)}
          onStarted={(started) => {
            setDialog(null);
            transfers.merge(started);
            setTransfersOpen(true);
            toast(
              started.length === 1 ? `Downloading “${started[0]!.name}”` : `Downloading ${pluralItems(started.length, 'file')}`,
              'info',
            );
          }}
        />
      )}
    </Box>
  );
}
