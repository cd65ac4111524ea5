import type { RefObject } from 'react';
import type { AssetView } from '@rushes/shared';
import type { BrowserViewProps } from '../components/browserView';
import type { OpenDialog } from '../dialogs/dialogTypes';
import { useToast } from '../components/Toasts';
import { entryName, splitSelection, type Entry } from '../library/entries';
import type { ExportSource } from '../review/markerExport';
import { exportMhlHistory } from '../library/exportMhl';
import type { useSelection } from '../library/useSelection';
import { commandForKey, runCommand, type CommandActions, type CommandContext } from './registry';
import { useWindowCommands } from './useWindowCommands';

interface Options extends Omit<CommandContext, 'targets' | 'primary' | 'actions'> {
  entries: Entry[];
  selection: ReturnType<typeof useSelection>;
  openDialog: OpenDialog;
  goTo(path: string): void;
  download(assets: AssetView[]): void;
  reloadWorkstations(): void;
  searchRef: RefObject<HTMLInputElement | null>;
  signOut(): void;
  setTakes: CommandActions['setTakes'];
  /** The search typed, when the listing shows its results; '' otherwise. */
  searchText: string;
  undo: CommandActions['undo'];
}

/**
 * The library's side of the registry: the actions commands run, their context for any set of
 * targets, the listing's key handler and the window's keys.
 */
export function useLibraryCommands(options: Options) {
  const { entries, selection, openDialog, searchRef } = options;
  const { selected } = selection;
  const toast = useToast();
  const actions: CommandContext['actions'] = {
    openEntry: (entry) => {
      if (entry.type === 'folder') return options.goTo(entry.folder.path);
      // The viewer steps through the folder's files in the order shown.
      const assets = entries.flatMap((item) => (item.type === 'asset' ? [item.asset] : []));
      openDialog('viewer', {
        assets,
        index: Math.max(
          0,
          assets.findIndex((asset) => asset.id === entry.asset.id),
        ),
      });
    },
    download: options.download,
    openDialog,
    goTo: options.goTo,
    reloadWorkstations: options.reloadWorkstations,
    exportMhl: (folderPath) =>
      void exportMhlHistory(folderPath).then(
        (count) =>
          toast(`Saved ${count} ASC MHL files of ${folderPath.slice(0, -1)}: put them in an ascmhl folder beside its media.`, 'success'),
        (error: unknown) => toast((error as Error).message, 'error'),
      ),
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    clearSelection: selection.clear,
    signOut: options.signOut,
    setTakes: options.setTakes,
    undo: options.undo,
    exportMarkers: (targets) => openDialog('exportMarkers', { source: exportSource(targets) }),
  };
  /** What an export reads: the entries given, else the search's results, else the folder listed with its subfolders. */
  const exportSource = (targets: readonly Entry[]): ExportSource => {
    if (targets.length > 0) {
      const { assets, folders } = splitSelection(targets);
      const title = targets.length === 1 ? entryName(targets[0]!) : `${options.folderPath.replace(/\/$/, '') || 'Library'} selection`;
      return { title, assets, folders: folders.map((folder) => folder.path) };
    }
    if (options.searchText) {
      const assets = entries.flatMap((entry) => (entry.type === 'asset' ? [entry.asset] : []));
      return { title: `Search ${options.searchText}`, assets, folders: [] };
    }
    return { title: options.folderPath.replace(/\/$/, '') || 'Library', assets: [], folders: [options.folderPath] };
  };
  const contextFor = (targets: readonly Entry[], primary = targets.length === 1 ? targets[0]! : null): CommandContext => ({
    targets,
    primary,
    place: options.place,
    inFolder: options.inFolder,
    dialogOpen: options.dialogOpen,
    folderPath: options.folderPath,
    folderWritable: options.folderWritable,
    isAdmin: options.isAdmin,
    mayChange: options.mayChange,
    actions,
  });
  useWindowCommands(() => contextFor(selected));

  /** Keys on the listing: a command when one is bound, else moving the focus and selection. */
  const onKey: BrowserViewProps['onKey'] = (event, viewLayout) => {
    const id = commandForKey('library', event);
    if (!id) return selection.onNavigationKey(event, viewLayout.columns, viewLayout.pageRows);
    event.preventDefault();
    const focused = selection.focusIndex >= 0 ? entries[selection.focusIndex] : undefined;
    const targets = selected.length > 0 ? selected : focused ? [focused] : [];
    const primary = focused && selected.includes(focused) ? focused : targets.length === 1 || focused ? (targets[0] ?? null) : null;
    runCommand(id, contextFor(targets, primary));
    return null;
  };
  return { actions, contextFor, onKey };
}
