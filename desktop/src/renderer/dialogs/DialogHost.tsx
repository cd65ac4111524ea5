import type { ReactNode } from 'react';
import type { AppInfo, AssetView, TransferJob, TransferView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { ShortcutsHelp } from '../commands/ShortcutsHelp';
import type { ViewMode } from '../components/LibraryToolbar';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { entryName, splitSelection, type Entry } from '../library/entries';
import { pluralItems } from '../library/format';
import { isJobActive, jobTitle } from '../library/fsxJobs';
import { describeFailures } from '../library/operations';
import { useOrganiseCommands } from '../library/useOrganiseCommands';
import { ExportMarkersDialog } from '../review/ExportMarkersDialog';
import { Viewer } from '../screens/Viewer';
import { ConfirmDialog } from './ConfirmDialog';
import type { DialogName, DialogParams, OpenedDialog } from './dialogTypes';
import { DownloadDialog } from './DownloadDialog';
import { FsxDialog } from './FsxDialog';
import { LookDialog } from './LookDialog';
import { MoveDialog } from './MoveDialog';
import { NameDialog } from './NameDialog';
import { PermissionsDialog } from './PermissionsDialog';
import { SettingsDialog } from './SettingsDialog';
import { UploadDialog } from './UploadDialog';

/** What the dialogs need from the window around them. */
export interface DialogEnvironment {
  appInfo: AppInfo | null;
  email: string;
  isAdmin: boolean;
  folderPath: string;
  view: ViewMode;
  onViewChange(view: ViewMode): void;
  /** The library changed here: re-list what is on screen. */
  afterChange(): void;
  saveSearch(name: string, text: string): void;
  /** Transfers started from a dialog: shown in the panel. */
  onTransfersStarted(started: TransferView[]): void;
  onFsxJobStarted(job: TransferJob): void;
  download(assets: AssetView[]): void;
  onViewerClosed(last: AssetView): void;
}

interface Props {
  dialog: OpenedDialog | null;
  environment: DialogEnvironment;
  onClose(): void;
}

interface Helpers {
  close(): void;
  toast: ReturnType<typeof useToast>;
  organise: ReturnType<typeof useOrganiseCommands>;
}

type Renderer<Name extends DialogName> = (params: DialogParams[Name], environment: DialogEnvironment, helpers: Helpers) => ReactNode;

function describeEntries(entries: Entry[]): string {
  return entries.length === 1 ? `“${entryName(entries[0]!)}”` : pluralItems(entries.length);
}

const renderers: { [Name in DialogName]: Renderer<Name> } = {
  newFolder: ({ parentPath }, { afterChange }, { close, toast }) => (
    <NameDialog
      title="New folder"
      label="Folder name"
      initial=""
      submitLabel="Create"
      hint={`In ${parentPath === '' ? 'Library' : parentPath}`}
      onClose={close}
      onSubmit={async (name) => {
        const created = await desktop.createFolder({ parentPath, name });
        close();
        afterChange();
        toast(`Created “${created.name}”`, 'success');
      }}
    />
  ),
  saveSearch: ({ text }, { saveSearch }, { close, toast }) => (
    <NameDialog
      title="Save search"
      label="Name"
      initial=""
      submitLabel="Save"
      hint={text}
      onClose={close}
      onSubmit={async (name) => {
        saveSearch(name, text);
        close();
        toast(`Saved “${name.trim()}” in the sidebar`, 'success');
      }}
    />
  ),
  rename: ({ entry }, { afterChange }, { close, toast }) => (
    <NameDialog
      title={entry.type === 'folder' ? 'Rename folder' : 'Rename file'}
      label="Name"
      initial={entryName(entry)}
      submitLabel="Rename"
      requireChange
      onClose={close}
      onSubmit={async (newName) => {
        const result =
          entry.type === 'folder'
            ? await desktop.renameFolder({ path: entry.folder.path, newName })
            : await desktop.renameAsset({ id: entry.asset.id, newName, version: entry.asset.version });
        close();
        afterChange();
        const key = entry.type === 'folder' ? entry.folder.path : entry.asset.id;
        const failed = describeFailures('rename', result, new Map([[key, entryName(entry)]]));
        if (failed) toast(failed, 'error');
      }}
    />
  ),
  move: ({ entries }, { folderPath }, { close, organise }) => (
    <MoveDialog
      what={describeEntries(entries)}
      startPath={folderPath}
      movingFolders={splitSelection(entries).folders.map((folder) => folder.path)}
      onClose={close}
      onMove={(toPath) => organise.moveTo(entries, toPath)}
    />
  ),
  delete: ({ entries }, { isAdmin }, { close, organise }) => (
    <ConfirmDialog
      open
      title={`Move ${describeEntries(entries)} to the trash?`}
      confirmLabel="Move to trash"
      destructive
      busy={organise.busy}
      onClose={close}
      onConfirm={() => void organise.trashEntries(entries)}
    >
      {splitSelection(entries).folders.length > 0 ? 'Folders go to the trash with everything in them. ' : ''}
      {isAdmin ? 'You can restore them from Trash until they are deleted forever.' : 'An admin can restore them from Trash.'}
    </ConfirmDialog>
  ),
  viewer: ({ assets, index }, { download, onViewerClosed }, { close }) => (
    <Viewer
      assets={assets}
      startIndex={index}
      onClose={(last) => {
        close();
        onViewerClosed(last);
      }}
      onDownload={(asset) => download([asset])}
    />
  ),
  permissions: ({ path }, { afterChange }, { close, toast }) => (
    <PermissionsDialog
      path={path}
      onClose={close}
      onSaved={(result, before) => {
        close();
        afterChange();
        const message =
          result.updatedFolders === 0 ? 'Permissions unchanged' : `Permissions saved on ${pluralItems(result.updatedFolders, 'folder')}`;
        const undo = () =>
          void desktop.setFolderAcl({ path: result.path, groups: before }).then(
            () => {
              afterChange();
              toast('Permissions restored', 'success');
            },
            (error: unknown) => toast(toShownError(error).message, 'error'),
          );
        toast(message, 'success', result.updatedFolders === 1 ? { label: 'Undo', run: undo } : undefined);
      }}
    />
  ),
  look: ({ path }, { afterChange }, { close, toast }) => (
    <LookDialog
      path={path}
      onClose={close}
      onSaved={(saved) => {
        afterChange();
        toast(saved.render?.total ? `Look saved: re-rendering ${pluralItems(saved.render.total, 'proxy')}` : 'Look saved', 'success');
      }}
    />
  ),
  settings: (_params, { appInfo, email, view, onViewChange }, { close }) => (
    <SettingsDialog appInfo={appInfo} email={email} view={view} onViewChange={onViewChange} onClose={close} />
  ),
  upload: ({ folderPath, paths }, { appInfo, afterChange, onTransfersStarted }, { close, toast }) => (
    <UploadDialog
      folderPath={folderPath}
      canBrowse={appInfo?.shell === 'electron'}
      {...(paths ? { initialPaths: paths } : {})}
      onClose={close}
      onStarted={(started, skipped) => {
        close();
        onTransfersStarted(started);
        afterChange();
        toast(`Uploading ${pluralItems(started.length, 'file')}${skipped > 0 ? ` · ${skipped.toLocaleString()} skipped` : ''}`, 'info');
      }}
    />
  ),
  fsx: ({ operation, assets, folders }, { email, onFsxJobStarted }, { close, toast }) => (
    <FsxDialog
      operation={operation}
      assets={assets}
      folders={folders}
      email={email}
      onClose={close}
      onStarted={(job) => {
        close();
        // A job refused at once (no share) is reported as it ends, by track; don't cover that.
        if (isJobActive(job.state)) toast(`${jobTitle(job)}: started`, 'info');
        onFsxJobStarted(job);
      }}
    />
  ),
  download: ({ assets }, { onTransfersStarted }, { close, toast }) => (
    <DownloadDialog
      assets={assets}
      onClose={close}
      onStarted={(started) => {
        close();
        onTransfersStarted(started);
        toast(started.length === 1 ? `Downloading “${started[0]!.name}”` : `Downloading ${pluralItems(started.length, 'file')}`, 'info');
      }}
    />
  ),
  shortcuts: (_params, _environment, { close }) => <ShortcutsHelp onClose={close} />,
  exportMarkers: ({ source }, _environment, { close }) => <ExportMarkersDialog source={source} onClose={close} />,
};

function render<Name extends DialogName>(
  dialog: { name: Name; params: DialogParams[Name] },
  environment: DialogEnvironment,
  helpers: Helpers,
) {
  const renderer = renderers[dialog.name] as Renderer<Name>;
  return renderer(dialog.params, environment, helpers);
}

/** Shows the one dialog open in the window, by name; nothing when none is. */
export function DialogHost({ dialog, environment, onClose }: Props) {
  const toast = useToast();
  const organise = useOrganiseCommands(environment.afterChange, onClose);
  if (!dialog) return null;
  return <>{render(dialog, environment, { close: onClose, toast, organise })}</>;
}
