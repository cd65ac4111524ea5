import { describe, expect, it, vi } from 'vitest';
import { NO_REVIEW, type AssetView, type FolderView } from '@rushes/shared';
import { assetEntry, folderEntry, type Entry } from '../library/entries';
import type { KeyEventLike } from './keymap';
import {
  commandForKey,
  commands,
  isEnabled,
  runCommand,
  shortcutRows,
  shortcutText,
  type CommandActions,
  type CommandContext,
  type CommandId,
} from './registry';

const asset = (id: string, circled = false) =>
  ({ id, name: `${id}.mov`, version: 1, review: { ...NO_REVIEW, circled } }) as unknown as AssetView;
const folder = (path: string, canWrite = true) => ({ path, name: path.replace(/\/$/, ''), canWrite }) as unknown as FolderView;

function actions(): CommandActions {
  return {
    openEntry: vi.fn(),
    download: vi.fn(),
    openDialog: vi.fn(),
    goTo: vi.fn(),
    reloadWorkstations: vi.fn(),
    exportMhl: vi.fn(),
    focusSearch: vi.fn(),
    clearSelection: vi.fn(),
    signOut: vi.fn(),
    setTakes: vi.fn(),
    exportMarkers: vi.fn(),
    undo: null,
  };
}

function context(targets: Entry[], overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    targets,
    primary: targets.length === 1 ? targets[0]! : null,
    place: { kind: 'folder', path: 'Shoot/' },
    inFolder: true,
    dialogOpen: false,
    folderPath: 'Shoot/',
    folderWritable: true,
    isAdmin: false,
    mayChange: (entry) => entry.type === 'asset' || entry.folder.canWrite,
    actions: actions(),
    ...overrides,
  };
}

const press = (key: string, modifiers: Partial<Omit<KeyEventLike, 'key'>> = {}): KeyEventLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe('the keys', () => {
  it('finds the command bound to a key, in its scope only', () => {
    expect(commandForKey('library', press('E', { ctrlKey: true, shiftKey: true }), 'other')).toBe('copyToFsx');
    expect(commandForKey('library', press('E', { metaKey: true, shiftKey: true }), 'mac')).toBe('copyToFsx');
    expect(commandForKey('library', press('Backspace'), 'other')).toBe('goUp');
    expect(commandForKey('library', press('ArrowUp', { altKey: true }), 'other')).toBe('goUp');
    expect(commandForKey('library', press('ArrowUp'), 'other')).toBeNull();
    expect(commandForKey('library', press('f', { ctrlKey: true }), 'other')).toBeNull();
    expect(commandForKey('window', press('f', { ctrlKey: true }), 'other')).toBe('search');
    expect(commandForKey('window', press('?', { shiftKey: true }), 'other')).toBe('shortcuts');
    // The player handles its transport keys itself.
    expect(commandForKey('library', press('l', { ctrlKey: true }), 'other')).toBeNull();
  });

  it('prints each command’s first binding for its platform', () => {
    expect(shortcutText('upload', 'other')).toBe('Ctrl+U');
    expect(shortcutText('upload', 'mac')).toBe('⌘U');
    expect(shortcutText('signOut', 'mac')).toBe('⇧⌘Q');
    expect(shortcutText('delete', 'other')).toBe('Del');
    expect(shortcutText('move', 'other')).toBe('');
  });

  it('binds no key twice where the same handler would see it', () => {
    const seen = new Map<string, CommandId>();
    for (const id of Object.keys(commands) as CommandId[]) {
      const { scope, keys } = commands[id];
      if (scope === 'local') continue;
      for (const binding of keys) {
        const name = `${scope}:${JSON.stringify(binding)}`;
        expect(seen.get(name), `${id} and ${seen.get(name)} share a key`).toBeUndefined();
        seen.set(name, id);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('when a command applies', () => {
  const clip = assetEntry(asset('a1'));
  const locked = folderEntry(folder('Locked/', false));
  const open = folderEntry(folder('Open/'));

  it('renames one entry the user may change', () => {
    expect(isEnabled('rename', context([clip]))).toBe(true);
    expect(isEnabled('rename', context([clip, open]))).toBe(false);
    expect(isEnabled('rename', context([locked]))).toBe(false);
    expect(isEnabled('rename', context([]))).toBe(false);
  });

  it('adds to a folder only where the user may write, and only when a folder is listed', () => {
    expect(isEnabled('upload', context([]))).toBe(true);
    expect(isEnabled('newFolder', context([], { folderWritable: false }))).toBe(false);
    expect(isEnabled('upload', context([], { inFolder: false }))).toBe(false);
  });

  it('offers permissions to admins on one folder', () => {
    expect(isEnabled('permissions', context([open]))).toBe(false);
    expect(isEnabled('permissions', context([open], { isAdmin: true }))).toBe(true);
    expect(isEnabled('permissions', context([clip], { isAdmin: true }))).toBe(false);
  });

  it('exports the MHL history of the one folder chosen, or of the folder shown, to anyone who may read it', () => {
    const chosen = context([locked]);
    expect(isEnabled('exportMhl', chosen)).toBe(true);
    runCommand('exportMhl', chosen);
    expect(chosen.actions.exportMhl).toHaveBeenCalledWith('Locked/');
    const shown = context([]);
    runCommand('exportMhl', shown);
    expect(shown.actions.exportMhl).toHaveBeenCalledWith('Shoot/');
    expect(isEnabled('exportMhl', context([clip]))).toBe(false);
    expect(isEnabled('exportMhl', context([open, locked]))).toBe(false);
    expect(isEnabled('exportMhl', context([], { folderPath: '', place: { kind: 'folder', path: '' } }))).toBe(false);
  });

  it('goes up from a subfolder, not from the library root', () => {
    expect(isEnabled('goUp', context([]))).toBe(true);
    expect(isEnabled('goUp', context([], { place: { kind: 'folder', path: '' } }))).toBe(false);
    expect(isEnabled('goUp', context([], { place: { kind: 'trash' } }))).toBe(false);
  });

  it('leaves an open dialog alone with ?, but signs out from anywhere', () => {
    expect(isEnabled('shortcuts', context([], { dialogOpen: true }))).toBe(false);
    expect(isEnabled('signOut', context([], { dialogOpen: true }))).toBe(true);
  });
});

describe('running a command', () => {
  it('does nothing when the command does not apply', () => {
    const locked = context([folderEntry(folder('Locked/', false))]);
    expect(runCommand('delete', locked)).toBe(false);
    expect(locked.actions.openDialog).not.toHaveBeenCalled();
  });

  it('opens the dialog by name with what it needs', () => {
    const clip = assetEntry(asset('a1'));
    const here = context([clip]);
    expect(runCommand('delete', here)).toBe(true);
    expect(here.actions.openDialog).toHaveBeenCalledWith('delete', { entries: [clip] });
    runCommand('newFolder', here);
    expect(here.actions.openDialog).toHaveBeenCalledWith('newFolder', { parentPath: 'Shoot/' });
    runCommand('goUp', here);
    expect(here.actions.goTo).toHaveBeenCalledWith('');
  });

  it('sends files and folders to an edit share with a fresh workstation list', () => {
    const clip = asset('a1');
    const card = folder('Card/');
    const here = context([assetEntry(clip), folderEntry(card)]);
    runCommand('copyToFsx', here);
    expect(here.actions.reloadWorkstations).toHaveBeenCalled();
    expect(here.actions.openDialog).toHaveBeenCalledWith('fsx', { operation: 'copy', assets: [clip], folders: [card] });
  });
});

describe('the shortcuts help', () => {
  it('lists every bound command once, grouped in the registry’s order', () => {
    const sections = shortcutRows('other');
    expect(sections.map((section) => section.group)).toEqual([
      'Library',
      'Takes',
      'Selection',
      'Folder tree',
      'Viewer',
      'Transport',
      'Window',
    ]);
    const rows = sections.flatMap((section) => section.rows);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.find((row) => row.id === 'goUp')?.keys).toEqual(['Backspace', 'Alt+↑']);
    expect(rows.find((row) => row.id === 'jog')?.keys).toEqual(['J', 'L']);
    expect(rows.find((row) => row.id === 'secondBack')?.keys).toEqual(['Shift+←']);
    expect(rows.some((row) => row.id === 'move')).toBe(false);
  });
});

describe('marking takes', () => {
  const a1 = asset('a1');
  const a2 = asset('a2', true);
  const card = folderEntry(folder('Card/'));

  it('marks every asset of the selection in one change, folders left out', () => {
    const here = context([assetEntry(a1), assetEntry(a2), card]);
    expect(runCommand('rate4', here)).toBe(true);
    expect(here.actions.setTakes).toHaveBeenCalledWith([a1, a2], { rating: 4 });
    runCommand('approveTake', here);
    expect(here.actions.setTakes).toHaveBeenLastCalledWith([a1, a2], { status: 'approved' });
  });

  it('circles a mixed selection, and uncircles one already all circled', () => {
    const mixed = context([assetEntry(a1), assetEntry(a2)]);
    runCommand('circleTake', mixed);
    expect(mixed.actions.setTakes).toHaveBeenCalledWith([a1, a2], { circled: true });
    const circled = context([assetEntry(a2)]);
    runCommand('circleTake', circled);
    expect(circled.actions.setTakes).toHaveBeenCalledWith([a2], { circled: false });
  });

  it('applies to assets the user may change, never to folders alone or outside a folder', () => {
    expect(isEnabled('circleTake', context([card]))).toBe(false);
    expect(isEnabled('circleTake', context([]))).toBe(false);
    expect(isEnabled('circleTake', context([assetEntry(a1)], { inFolder: false }))).toBe(false);
    expect(isEnabled('circleTake', context([assetEntry(a1)], { mayChange: () => false }))).toBe(false);
  });

  it('has keys for circle, ratings and status, and an Undo only when there is something to undo', () => {
    expect(commandForKey('library', press('c'), 'other')).toBe('circleTake');
    expect(commandForKey('library', press('0'), 'other')).toBe('rate0');
    expect(commandForKey('library', press('5'), 'other')).toBe('rate5');
    expect(commandForKey('library', press('A', { shiftKey: true }), 'other')).toBe('approveTake');
    expect(commandForKey('library', press('R', { shiftKey: true }), 'other')).toBe('rejectTake');
    expect(commandForKey('library', press('z', { metaKey: true }), 'mac')).toBe('undo');
    expect(isEnabled('undo', context([]))).toBe(false);
    const undo = vi.fn();
    const here = context([]);
    expect(runCommand('undo', { ...here, actions: { ...here.actions, undo } })).toBe(true);
    expect(undo).toHaveBeenCalled();
  });
});

describe('the viewer’s review keys', () => {
  it('add a note and step between notes with keys no other viewer or transport command uses', () => {
    const viewerKeys = (Object.keys(commands) as CommandId[]).filter(
      (id) => commands[id].group === 'Viewer' || commands[id].group === 'Transport',
    );
    for (const id of ['addNote', 'previousNote', 'nextNote'] as const) {
      for (const binding of commands[id].keys) {
        const clash = viewerKeys.filter(
          (other) => other !== id && commands[other].keys.some((b) => JSON.stringify(b) === JSON.stringify(binding)),
        );
        expect(clash, `${id} shares ${binding.key}`).toEqual([]);
      }
    }
    expect(shortcutText('addNote', 'other')).toBe('N');
  });
});
