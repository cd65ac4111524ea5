import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import Box from '@mui/material/Box';
import { canCreateTopLevelFolder, type AppInfo, type AssetView, type SessionUser } from '@rushes/shared';
import { isEnabled, runCommand } from '../commands/registry';
import { useLibraryCommands } from '../commands/useLibraryCommands';
import { DropTarget } from '../components/DropTarget';
import { FolderSidebar, type Place } from '../components/FolderSidebar';
import { ItemMenu, type MenuTarget } from '../components/ItemMenu';
import { LibraryToolbar } from '../components/LibraryToolbar';
import { StatusBar } from '../components/StatusBar';
import { TransferDock, useTransferDock } from '../components/TransferDock';
import { UserMenu } from '../components/UserMenu';
import { DialogHost, type DialogEnvironment } from '../dialogs/DialogHost';
import type { OpenDialog, OpenedDialog } from '../dialogs/dialogTypes';
import { folderEntry, type Entry } from '../library/entries';
import { useSavedSearches } from '../library/savedSearches';
import { useBackend } from '../library/useBackend';
import { useFolderListing } from '../library/useFolderListing';
import { useLibraryRefresh } from '../library/useLibraryRefresh';
import { useSearch } from '../library/useSearch';
import { useSelection } from '../library/useSelection';
import { useViewPreferences } from '../library/useViewPreferences';
import { useWorkstations } from '../library/workstations';
import { useTakes } from '../review/useTakes';
import { surface } from '../theme';
import { AdminScreen } from './AdminScreen';
import { LibraryPane } from './LibraryPane';

interface Props {
  user: SessionUser;
  appInfo: AppInfo | null;
  onSignOut(): void;
  /** Where the user may add an authenticator app and has none yet. */
  onSetUpTwoStep?: (() => void) | undefined;
}

const focusGrid = (main: HTMLElement | null) => main?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });

/** The signed-in window: toolbar, folder tree, the current folder, status bar. */
export function AppFrame({ user, appInfo, onSignOut, onSetUpTwoStep }: Props) {
  const { me, backend, check } = useBackend();
  const [place, setPlace] = useState<Place>({ kind: 'folder', path: '' });
  // The folder listed; kept while the trash is open so coming back lands where the user was.
  const [folderPath, setFolderPath] = useState('');
  const preferences = useViewPreferences();
  const [dialog, setDialog] = useState<OpenedDialog | null>(null);
  const [adminOpen, setAdminOpen] = useState(false);
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const who = me ?? user;
  const admin = who.isAdmin;
  const listing = useFolderListing(folderPath, preferences.sort);
  const [searchText, setSearchText] = useState('');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const search = useSearch(searchText);
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

  const { reload } = listing;
  const { afterChange, refresh, refreshing, invalidate } = useLibraryRefresh({
    place,
    folderPath,
    reloadListing: reload,
    checkBackend: check,
    groups: user.groups,
  });

  // Keyboard focus follows navigation, so arrows and Backspace work straight away.
  useEffect(() => focusGrid(mainRef.current), [place, preferences.view]);

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
  const openSearch = (text: string) => {
    selection.clear();
    setSearchText(text);
    if (place.kind !== 'folder') navigate({ kind: 'folder', path: folderPath });
  };

  const closeDialog = useCallback(() => setDialog(null), []);
  const openDialog = useCallback<OpenDialog>((name, params) => setDialog({ name, params } as OpenedDialog), []);
  const dock = useTransferDock(afterChange);
  const workstations = useWorkstations();
  const download = (assets: AssetView[]) => assets.length > 0 && openDialog('download', { assets });

  const takes = useTakes(afterChange);
  const inFolder = place.kind === 'folder' && !adminOpen;
  const { actions, contextFor, onKey } = useLibraryCommands({
    entries,
    selection,
    place,
    inFolder,
    dialogOpen: dialog !== null,
    folderPath,
    folderWritable,
    isAdmin: admin,
    mayChange,
    openDialog,
    goTo,
    download,
    reloadWorkstations: workstations.reload,
    searchRef,
    signOut: onSignOut,
    setTakes: takes.setTakes,
    undo: takes.undo,
    searchText: searching ? searchText : '',
  });
  const onItemContextMenu = (event: MouseEvent, index: number) => {
    const entry = entries[index];
    if (!entry) return;
    selection.onItemContext(index);
    const targets = selection.selection.keys.has(entry.key) ? selected : [entry];
    setMenu({ x: event.clientX, y: event.clientY, entries: targets });
  };

  // A folder right-clicked in the tree is a folder to act on even while the trash is listed.
  const menuContext = menu ? { ...contextFor(menu.entries), inFolder: inFolder || menu.inTree === true } : null;
  const dialogEnvironment: DialogEnvironment = {
    appInfo,
    email: who.email,
    isAdmin: admin,
    folderPath,
    view: preferences.view,
    onViewChange: preferences.changeView,
    afterChange,
    saveSearch: savedSearches.save,
    onTransfersStarted: dock.onTransfersStarted,
    onFsxJobStarted: dock.onFsxJobStarted,
    download,
    onViewerClosed: (last) => {
      // Back in the library on the file last viewed.
      const index = entries.findIndex((entry) => entry.type === 'asset' && entry.asset.id === last.id);
      if (index >= 0) selection.onItemContext(index);
      requestAnimationFrame(() => focusGrid(mainRef.current));
    },
  };

  return (
    <Box sx={{ height: '100%', display: 'flex', flexDirection: 'column', backgroundColor: surface.canvas }}>
      <LibraryToolbar
        refreshing={refreshing}
        onRefresh={() => void refresh()}
        isEnabled={(id) => isEnabled(id, contextFor(selected))}
        onCommand={(id) => runCommand(id, contextFor(selected))}
        view={preferences.view}
        onViewChange={preferences.changeView}
        search={searchText}
        searchRef={searchRef}
        onSearchChange={openSearch}
        filtersOpen={filtersOpen}
        onToggleFilters={() => setFiltersOpen((open) => !open)}
        onSaveSearch={() => openDialog('saveSearch', { text: searchText.trim() })}
        trailing={
          <UserMenu
            user={who}
            onSignOut={onSignOut}
            onOpenSettings={() => openDialog('settings', {})}
            onOpenShortcuts={() => openDialog('shortcuts', {})}
            onOpenAdmin={admin ? () => setAdminOpen(true) : undefined}
            onSetUpTwoStep={onSetUpTwoStep}
          />
        }
      />
      {adminOpen && admin ? (
        <AdminScreen
          me={who.email}
          onClose={() => {
            setAdminOpen(false);
            // Permissions may have changed meanwhile; the folder on screen is listed again.
            afterChange();
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
            savedSearches={savedSearches.saved}
            activeSearch={searchText}
            onOpenSearch={openSearch}
            onRemoveSearch={savedSearches.remove}
            onFolderMenu={(event, folder) => setMenu({ x: event.clientX, y: event.clientY, entries: [folderEntry(folder)], inTree: true })}
          />
          <DropTarget
            ref={mainRef}
            accepting={inFolder}
            folderPath={folderPath}
            writable={folderWritable}
            onDropPaths={(paths) => openDialog('upload', paths ? { folderPath, paths } : { folderPath })}
          >
            <LibraryPane
              {...{ place, folderPath, inFolder, searching, searchText, filtersOpen, listing, search, entries, selection, preferences }}
              onSearchTextChange={setSearchText}
              folderWritable={folderWritable}
              isAdmin={admin}
              onKey={onKey}
              onItemOpen={(index) => entries[index] && actions.openEntry(entries[index])}
              onItemContextMenu={onItemContextMenu}
              onBackgroundContextMenu={(event) => setMenu({ x: event.clientX, y: event.clientY, entries: [] })}
              onNewFolder={() => runCommand('newFolder', contextFor([]))}
              onNavigate={goTo}
              onTrashChanged={invalidate}
            />
          </DropTarget>
        </Box>
      )}
      <TransferDock dock={dock} />
      <StatusBar
        appInfo={appInfo}
        backend={backend}
        transfers={dock.summary}
        transfersOpen={dock.open}
        onToggleTransfers={() => dock.setOpen((open) => !open)}
      />
      <ItemMenu
        target={menu}
        context={menuContext}
        onClose={() => setMenu(null)}
        onCommand={(id) => menuContext && runCommand(id, menuContext)}
      />
      <DialogHost dialog={dialog} environment={dialogEnvironment} onClose={closeDialog} />
    </Box>
  );
}
