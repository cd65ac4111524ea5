import type { AssetView, FolderView, TransferOperation } from '@rushes/shared';
import type { Entry } from '../library/entries';
import type { ExportSource } from '../review/markerExport';

/** Every dialog the window opens, by name, with what it needs to open. */
export interface DialogParams {
  newFolder: { parentPath: string };
  rename: { entry: Entry };
  move: { entries: Entry[] };
  delete: { entries: Entry[] };
  viewer: { assets: AssetView[]; index: number };
  download: { assets: AssetView[] };
  fsx: { operation: TransferOperation; assets: AssetView[]; folders: FolderView[] };
  permissions: { path: string };
  look: { path: string };
  settings: Record<string, never>;
  saveSearch: { text: string };
  upload: { folderPath: string; paths?: string[] };
  shortcuts: Record<string, never>;
  exportMarkers: { source: ExportSource };
}

export type DialogName = keyof DialogParams;

/** The dialog on screen: its name and its parameters, checked against each other. */
export type OpenedDialog = { [Name in DialogName]: { name: Name; params: DialogParams[Name] } }[DialogName];

export type OpenDialog = <Name extends DialogName>(name: Name, params: DialogParams[Name]) => void;
