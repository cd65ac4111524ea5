import type { FolderView } from '@rushes/shared';
import { parentPath, splitSelection } from '../library/entries';
import {
  canAddHere,
  canGoUp,
  commandGroups,
  hasTargets,
  mod,
  plain,
  writableTargets,
  type Command,
  type CommandContext,
  type CommandGroup,
  type RunnableCommand,
} from './commandTypes';
import { formatBinding, matchesBinding, platform, type KeyEventLike, type Platform } from './keymap';
import { takeCommands } from './takeCommands';

/**
 * Every command the window offers, declared once: its label, its keys on each platform, when
 * it applies and what it runs. Menus, the toolbar, tooltips, the key handlers and the
 * shortcuts help all read this table.
 */
export type { Command, CommandActions, CommandContext, CommandGroup, TakeMarks } from './commandTypes';
export { commandGroups } from './commandTypes';

/** The one folder right-clicked or selected, if that is the whole selection. */
function onlyFolder(context: CommandContext): FolderView | null {
  const [target] = context.targets;
  return context.targets.length === 1 && target!.type === 'folder' ? target!.folder : null;
}

/** The folder Export MHL acts on: the one folder right-clicked or selected, else the folder shown. */
function mhlFolder(context: CommandContext): string | null {
  const folder = onlyFolder(context);
  if (folder) return folder.path;
  return context.targets.length === 0 && context.inFolder && context.folderPath !== '' ? context.folderPath : null;
}

/** Runs a dialog about the first target's folder settings (permissions, look), if it is a folder. */
function folderSettingsDialog(name: 'permissions' | 'look') {
  return (context: CommandContext) => {
    const target = context.targets[0];
    if (target?.type === 'folder') context.actions.openDialog(name, { path: target.folder.path });
  };
}

function sendToFsx(context: CommandContext, operation: 'copy' | 'remove') {
  const { assets, folders } = splitSelection(context.targets);
  // An admin may have added a workstation (or a group) since the list was loaded.
  context.actions.reloadWorkstations();
  context.actions.openDialog('fsx', { operation, assets, folders });
}

export const commands = {
  open: {
    label: 'Open',
    group: 'Library',
    scope: 'library',
    keys: plain('Enter'),
    when: (context) => context.primary !== null,
    run: (context) => context.primary && context.actions.openEntry(context.primary),
  },
  download: {
    label: 'Download',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: (context) => context.inFolder && splitSelection(context.targets).assets.length > 0,
    run: (context) => context.actions.download(splitSelection(context.targets).assets),
  },
  upload: {
    label: 'Upload here…',
    group: 'Library',
    scope: 'library',
    keys: [mod('u')],
    when: canAddHere,
    run: (context) => context.actions.openDialog('upload', { folderPath: context.folderPath }),
  },
  newFolder: {
    label: 'New folder',
    group: 'Library',
    scope: 'library',
    keys: [mod('n', { shift: true })],
    when: canAddHere,
    run: (context) => context.actions.openDialog('newFolder', { parentPath: context.folderPath }),
  },
  rename: {
    label: 'Rename',
    group: 'Library',
    scope: 'library',
    keys: plain('F2'),
    when: (context) => context.targets.length === 1 && writableTargets(context),
    run: (context) => context.actions.openDialog('rename', { entry: context.targets[0]! }),
  },
  move: {
    label: 'Move to folder…',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: writableTargets,
    run: (context) => context.actions.openDialog('move', { entries: [...context.targets] }),
  },
  delete: {
    label: 'Delete',
    group: 'Library',
    scope: 'library',
    keys: plain('Delete'),
    when: (context) => context.inFolder && writableTargets(context),
    run: (context) => context.actions.openDialog('delete', { entries: [...context.targets] }),
  },
  copyToFsx: {
    label: 'Copy to FSx…',
    group: 'Library',
    scope: 'library',
    keys: [mod('e', { shift: true })],
    when: hasTargets,
    run: (context) => sendToFsx(context, 'copy'),
  },
  removeFromFsx: {
    label: 'Remove from FSx…',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: hasTargets,
    run: (context) => sendToFsx(context, 'remove'),
  },
  permissions: {
    label: 'Permissions…',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: (context) => context.isAdmin && onlyFolder(context) !== null,
    run: folderSettingsDialog('permissions'),
  },
  exportMarkers: {
    label: 'Export markers…',
    group: 'Library',
    scope: 'library',
    keys: [mod('m', { shift: true })],
    when: (context) => context.inFolder,
    run: (context) => context.actions.exportMarkers(context.targets),
  },
  undo: {
    label: 'Undo',
    group: 'Library',
    scope: 'library',
    keys: [mod('z')],
    when: (context) => context.actions.undo !== null,
    run: (context) => context.actions.undo?.(),
  },
  ...takeCommands,
  look: {
    label: 'Look & burn-in…',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: (context) => onlyFolder(context)?.canWrite === true,
    run: folderSettingsDialog('look'),
  },
  exportMhl: {
    label: 'Export MHL…',
    group: 'Library',
    scope: 'library',
    keys: [],
    when: (context) => mhlFolder(context) !== null,
    run: (context) => {
      const path = mhlFolder(context);
      if (path) context.actions.exportMhl(path);
    },
  },
  goUp: {
    label: 'Go to the enclosing folder',
    group: 'Library',
    scope: 'library',
    keys: [{ key: 'Backspace' }, { key: 'ArrowUp', alt: true }],
    when: canGoUp,
    run: (context) => context.place.kind === 'folder' && context.actions.goTo(parentPath(context.place.path)),
  },
  moveFocus: { label: 'Move through the list', group: 'Selection', scope: 'local', keys: plain('ArrowUp', 'ArrowDown', 'Home', 'End') },
  extendSelection: {
    label: 'Extend the selection',
    group: 'Selection',
    scope: 'local',
    keys: [
      { key: 'ArrowUp', shift: true },
      { key: 'ArrowDown', shift: true },
    ],
  },
  selectAll: { label: 'Select all', group: 'Selection', scope: 'local', keys: [mod('a')] },
  clearSelection: {
    label: 'Clear the selection',
    group: 'Selection',
    scope: 'library',
    keys: plain('Escape'),
    when: () => true,
    run: (context) => context.actions.clearSelection(),
  },
  showFolder: { label: 'Show the folder', group: 'Folder tree', scope: 'local', keys: plain('Enter', ' ') },
  previousFolder: { label: 'Previous folder', group: 'Folder tree', scope: 'local', keys: plain('ArrowUp') },
  nextFolder: { label: 'Next folder', group: 'Folder tree', scope: 'local', keys: plain('ArrowDown') },
  expandFolder: { label: 'Open the branch', group: 'Folder tree', scope: 'local', keys: plain('ArrowRight') },
  collapseFolder: { label: 'Close the branch', group: 'Folder tree', scope: 'local', keys: plain('ArrowLeft') },
  previousFile: { label: 'Previous file', group: 'Viewer', scope: 'local', keys: plain('ArrowUp', 'PageUp') },
  nextFile: { label: 'Next file', group: 'Viewer', scope: 'local', keys: plain('ArrowDown', 'PageDown') },
  fitPicture: { label: 'Fit the still to the window', group: 'Viewer', scope: 'local', keys: plain('f', '0') },
  actualSize: { label: 'Still at actual size', group: 'Viewer', scope: 'local', keys: plain('1') },
  zoomIn: { label: 'Zoom the still in', group: 'Viewer', scope: 'local', keys: plain('+', '=') },
  zoomOut: { label: 'Zoom the still out', group: 'Viewer', scope: 'local', keys: plain('-', '_') },
  closeViewer: { label: 'Close the viewer', group: 'Viewer', scope: 'local', keys: plain('Escape') },
  addNote: {
    label: 'Add a note at the playhead',
    group: 'Viewer',
    scope: 'local',
    keys: plain('n'),
    note: 'draw on the picture while writing',
  },
  previousNote: { label: 'Previous note', group: 'Viewer', scope: 'local', keys: plain('[') },
  nextNote: { label: 'Next note', group: 'Viewer', scope: 'local', keys: plain(']') },
  playStop: { label: 'Play / stop', group: 'Transport', scope: 'local', keys: plain(' ') },
  shuttleBackward: { label: 'Shuttle backward', group: 'Transport', scope: 'local', keys: plain('j'), note: 'again for faster' },
  stop: { label: 'Stop', group: 'Transport', scope: 'local', keys: plain('k') },
  shuttleForward: { label: 'Shuttle forward', group: 'Transport', scope: 'local', keys: plain('l'), note: 'again for faster' },
  jog: { label: 'One frame back / on while K is held', group: 'Transport', scope: 'local', keys: plain('j', 'l') },
  stepBack: { label: 'One frame back', group: 'Transport', scope: 'local', keys: plain('ArrowLeft') },
  stepForward: { label: 'One frame on', group: 'Transport', scope: 'local', keys: plain('ArrowRight') },
  secondBack: { label: 'One second back', group: 'Transport', scope: 'local', keys: [{ key: 'ArrowLeft', shift: true }] },
  secondForward: { label: 'One second on', group: 'Transport', scope: 'local', keys: [{ key: 'ArrowRight', shift: true }] },
  firstFrame: { label: 'First frame', group: 'Transport', scope: 'local', keys: plain('Home') },
  lastFrame: { label: 'Last frame', group: 'Transport', scope: 'local', keys: plain('End') },
  markIn: { label: 'Mark in', group: 'Transport', scope: 'local', keys: plain('i') },
  markOut: { label: 'Mark out', group: 'Transport', scope: 'local', keys: plain('o') },
  goToIn: { label: 'Go to the in point', group: 'Transport', scope: 'local', keys: [{ key: 'i', shift: true }] },
  goToOut: { label: 'Go to the out point', group: 'Transport', scope: 'local', keys: [{ key: 'o', shift: true }] },
  clearIn: { label: 'Clear the in point', group: 'Transport', scope: 'local', keys: [{ key: 'i', alt: true }] },
  clearOut: { label: 'Clear the out point', group: 'Transport', scope: 'local', keys: [{ key: 'o', alt: true }] },
  loop: { label: 'Loop in to out', group: 'Transport', scope: 'local', keys: [mod('l')] },
  goToTimecode: { label: 'Go to timecode', group: 'Transport', scope: 'local', keys: [mod('g')], note: 'or type digits' },
  mute: { label: 'Mute', group: 'Transport', scope: 'local', keys: plain('m') },
  fullScreen: { label: 'Full screen', group: 'Transport', scope: 'local', keys: plain('f') },
  search: {
    label: 'Search the library',
    group: 'Window',
    scope: 'window',
    keys: [mod('f')],
    when: () => true,
    run: (context) => context.actions.focusSearch(),
  },
  shortcuts: {
    label: 'Keyboard shortcuts',
    group: 'Window',
    scope: 'window',
    keys: plain('?'),
    when: (context) => !context.dialogOpen,
    run: (context) => context.actions.openDialog('shortcuts', {}),
  },
  signOut: {
    label: 'Sign out',
    group: 'Window',
    scope: 'window',
    keys: [mod('q', { shift: true })],
    when: () => true,
    run: (context) => context.actions.signOut(),
  },
} satisfies Record<string, Command>;

export type CommandId = keyof typeof commands;
/** The commands menus, the toolbar and the key handlers can run. */
export type RunnableId = { [Id in CommandId]: (typeof commands)[Id] extends { scope: 'local' } ? never : Id }[CommandId];

const table: Record<CommandId, Command> = commands;

/** The command's first binding as printed on this platform, for menus and tooltips; '' when it has none. */
export function shortcutText(id: CommandId, on: Platform = platform): string {
  const first = table[id].keys[0];
  return first ? formatBinding(first, on) : '';
}

/** Every binding of the command, as the help lists them. */
export function allShortcutTexts(id: CommandId, on: Platform = platform): string[] {
  return table[id].keys.map((binding) => formatBinding(binding, on));
}

/** Whether the event is one of the command's bindings. */
export function matchesCommand(id: CommandId, event: KeyEventLike, on: Platform = platform): boolean {
  return table[id].keys.some((binding) => matchesBinding(event, binding, on));
}

/** The runnable command of `scope` that the key event is bound to, if any. */
export function commandForKey(scope: 'library' | 'window', event: KeyEventLike, on: Platform = platform): RunnableId | null {
  for (const id of Object.keys(table) as CommandId[]) {
    const command = table[id];
    if (command.scope === scope && matchesCommand(id, event, on)) return id as RunnableId;
  }
  return null;
}

/** Whether the command applies: menus and the toolbar show it disabled when not. */
export function isEnabled(id: RunnableId, context: CommandContext): boolean {
  return (table[id] as RunnableCommand).when(context);
}

/** Runs the command when it applies; false when it does not. */
export function runCommand(id: RunnableId, context: CommandContext): boolean {
  const command = table[id] as RunnableCommand;
  if (!command.when(context)) return false;
  command.run(context);
  return true;
}

/** The help's rows: every command with keys, by group, in declaration order. */
export function shortcutRows(
  on: Platform = platform,
): { group: CommandGroup; rows: { id: CommandId; label: string; keys: string[]; note?: string }[] }[] {
  return commandGroups
    .map((group) => ({
      group,
      rows: (Object.keys(table) as CommandId[])
        .filter((id) => table[id].group === group && table[id].keys.length > 0)
        .map((id) => ({ id, label: table[id].label, keys: allShortcutTexts(id, on), ...(table[id].note ? { note: table[id].note } : {}) })),
    }))
    .filter((section) => section.rows.length > 0);
}
