import type { AssetReview, AssetView } from '@rushes/shared';
import type { Place } from '../components/FolderSidebar';
import type { OpenDialog } from '../dialogs/dialogTypes';
import type { Entry } from '../library/entries';
import type { KeyBinding } from './keymap';

/** The shapes of the command table (registry.ts) and the small helpers its entries share. */
export type CommandGroup = 'Library' | 'Takes' | 'Selection' | 'Folder tree' | 'Viewer' | 'Transport' | 'Window';
export const commandGroups: readonly CommandGroup[] = ['Library', 'Takes', 'Selection', 'Folder tree', 'Viewer', 'Transport', 'Window'];

/** A change to the takes' marks; fields left out keep their value. */
export type TakeMarks = Partial<Pick<AssetReview, 'circled' | 'rating' | 'status'>>;

/** What the window can do for a command; AppFrame provides it. */
export interface CommandActions {
  openEntry(entry: Entry): void;
  download(assets: AssetView[]): void;
  openDialog: OpenDialog;
  goTo(path: string): void;
  reloadWorkstations(): void;
  /** Saves the folder's ASC MHL history (`ascmhl/`). */
  exportMhl(folderPath: string): void;
  focusSearch(): void;
  clearSelection(): void;
  signOut(): void;
  /** Opens the marker export for the entries given; none: the folder listed, or the search's results. */
  exportMarkers(targets: readonly Entry[]): void;
  /** Sets the marks of every asset given, in one request, with an Undo. */
  setTakes(assets: AssetView[], marks: TakeMarks): void;
  /** Sends back what the last undoable change replaced; null when there is nothing to undo. */
  undo: (() => void) | null;
}

/** What a command sees: the entries it acts on, where the user is and what they may do. */
export interface CommandContext {
  /** The selection, or the entries right-clicked; empty for the folder itself. */
  targets: readonly Entry[];
  /** The one entry Enter opens: the focused entry when it is selected, else the first target. */
  primary: Entry | null;
  place: Place;
  /** A folder is listed (not the trash, not the admin screen). */
  inFolder: boolean;
  /** A dialog is open over the window: window keys other than sign-out leave it alone. */
  dialogOpen: boolean;
  folderPath: string;
  folderWritable: boolean;
  isAdmin: boolean;
  mayChange(entry: Entry): boolean;
  actions: CommandActions;
}

interface CommandBase {
  label: string;
  group: CommandGroup;
  keys: readonly KeyBinding[];
  /** Said in the help after the keys ("again for faster"). */
  note?: string;
}
/** Run from a menu, the toolbar or a key: `library` keys work while the listing has focus, `window` keys anywhere outside text fields. */
export interface RunnableCommand extends CommandBase {
  scope: 'library' | 'window';
  when(context: CommandContext): boolean;
  run(context: CommandContext): void;
}
/** Keys a component handles itself (the player's transport, list navigation); declared so the help lists them. */
export interface LocalCommand extends CommandBase {
  scope: 'local';
}
export type Command = RunnableCommand | LocalCommand;

export const mod = (key: string, extra: Omit<KeyBinding, 'key' | 'mod'> = {}): KeyBinding => ({ key, mod: true, ...extra });
export const plain = (...keys: string[]): KeyBinding[] => keys.map((key) => ({ key }));

export const writableTargets = (context: CommandContext) => context.targets.length > 0 && context.targets.every(context.mayChange);
export const canAddHere = (context: CommandContext) => context.inFolder && context.folderWritable;
export const hasTargets = (context: CommandContext) => context.inFolder && context.targets.length > 0;
export const canGoUp = (context: CommandContext) => context.place.kind === 'folder' && context.place.path !== '';
