import { useState, type ReactElement } from 'react';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import CloudUploadOutlined from '@mui/icons-material/CloudUploadOutlined';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import DriveFileMoveOutlined from '@mui/icons-material/DriveFileMoveOutlined';
import DriveFileRenameOutline from '@mui/icons-material/DriveFileRenameOutline';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import FolderDeleteOutlined from '@mui/icons-material/FolderDeleteOutlined';
import MoveToInboxOutlined from '@mui/icons-material/MoveToInboxOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import OpenInNew from '@mui/icons-material/OpenInNew';
import BookmarksOutlined from '@mui/icons-material/BookmarksOutlined';
import ChevronRightRounded from '@mui/icons-material/ChevronRightRounded';
import RadioButtonCheckedRounded from '@mui/icons-material/RadioButtonCheckedRounded';
import StarOutlineRounded from '@mui/icons-material/StarOutlineRounded';
import PaletteOutlined from '@mui/icons-material/PaletteOutlined';
import { commands, isEnabled, shortcutText, type CommandContext, type RunnableId } from '../commands/registry';
import type { Entry } from '../library/entries';
import { TakeSubmenu, takeSubmenuLabel, type TakeSubmenuKind } from '../review/TakeSubmenu';

export interface MenuTarget {
  x: number;
  y: number;
  /** The entries acted on (the selection); empty when right-clicking empty space. */
  entries: Entry[];
  /** Right-clicked in the folder tree rather than in the listing. */
  inTree?: boolean;
}

interface Props {
  target: MenuTarget | null;
  /** The commands' view of the menu's entries; null while the menu is closed. */
  context: CommandContext | null;
  onCommand(command: RunnableId): void;
  onClose(): void;
}

type MenuCommand = Extract<
  RunnableId,
  | 'open'
  | 'download'
  | 'rename'
  | 'move'
  | 'delete'
  | 'permissions'
  | 'look'
  | 'newFolder'
  | 'upload'
  | 'copyToFsx'
  | 'removeFromFsx'
  | 'circleTake'
  | 'exportMarkers'
  | 'exportMhl'
>;
/** An item that opens a submenu of take commands, named after it. */
type SubmenuItem = `@${TakeSubmenuKind}`;

const icons: Record<MenuCommand, ReactElement> = {
  open: <OpenInNew />,
  download: <DownloadOutlined />,
  rename: <DriveFileRenameOutline />,
  move: <DriveFileMoveOutlined />,
  delete: <DeleteOutline />,
  permissions: <LockOutlined />,
  look: <PaletteOutlined />,
  newFolder: <CreateNewFolderOutlined />,
  upload: <CloudUploadOutlined />,
  copyToFsx: <MoveToInboxOutlined />,
  removeFromFsx: <FolderDeleteOutlined />,
  circleTake: <RadioButtonCheckedRounded />,
  exportMarkers: <BookmarksOutlined />,
  exportMhl: <FactCheckOutlined />,
};
const submenuIcons: Record<TakeSubmenuKind, ReactElement> = { rating: <StarOutlineRounded />, review: <FactCheckOutlined /> };

/** How each menu lays its commands out; '-' is a divider, shown only between shown items. */
const emptySpaceMenu: readonly (MenuCommand | SubmenuItem | '-')[] = ['newFolder', 'upload', '-', 'exportMarkers'];
// Reading is enough to send to an edit share: the dialog and the server check the workstation.
const selectionMenu: readonly (MenuCommand | SubmenuItem | '-')[] = [
  'open',
  'download',
  'copyToFsx',
  'removeFromFsx',
  '-',
  'circleTake',
  '@rating',
  '@review',
  'exportMarkers',
  '-',
  'rename',
  'move',
  'delete',
  '-',
  'exportMhl',
  'permissions',
  'look',
];
// A folder in the tree may be the one listed, or hold it: changes that would pull the listing
// from under the user are made from the listing.
const treeMenu: readonly (MenuCommand | SubmenuItem | '-')[] = [
  'open',
  'copyToFsx',
  'removeFromFsx',
  'exportMarkers',
  '-',
  'exportMhl',
  'permissions',
  'look',
];
/** Shown only when they apply; the others show disabled, so the menu keeps its shape. */
const onlyWhenApplies: ReadonlySet<MenuCommand> = new Set(['open', 'download', 'permissions', 'look', 'circleTake', 'exportMhl']);

/** Right-click menu for assets, folders, a mixed selection, or empty space. */
export function ItemMenu({ target, context, onCommand, onClose }: Props) {
  const entries = target?.entries ?? [];
  const single = entries.length === 1 ? entries[0]! : null;
  const items: ReactElement[] = [];
  const [submenu, setSubmenu] = useState<{ kind: TakeSubmenuKind; anchor: HTMLElement } | null>(null);
  const closeAll = () => {
    setSubmenu(null);
    onClose();
  };
  if (context) {
    for (const [index, id] of (target?.inTree ? treeMenu : entries.length === 0 ? emptySpaceMenu : selectionMenu).entries()) {
      if (id === '-') {
        if (items.length > 0 && items.at(-1)!.type !== Divider) items.push(<Divider key={`divider-${index}`} />);
        continue;
      }
      if (id.startsWith('@')) {
        const kind = id.slice(1) as TakeSubmenuKind;
        // Marks apply to takes the user may change: shown when circling is.
        if (!isEnabled('circleTake', context)) continue;
        const open = (anchor: HTMLElement) => setSubmenu({ kind, anchor });
        items.push(
          <MenuItem
            key={id}
            aria-haspopup="menu"
            aria-expanded={submenu?.kind === kind}
            sx={{ minWidth: 220 }}
            onClick={(event) => open(event.currentTarget)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight') open(event.currentTarget);
            }}
          >
            <ListItemIcon sx={{ '& svg': { fontSize: 17 } }}>{submenuIcons[kind]}</ListItemIcon>
            <ListItemText>{takeSubmenuLabel[kind]}</ListItemText>
            <ChevronRightRounded fontSize="small" sx={{ ml: 3, color: 'text.secondary' }} />
          </MenuItem>,
        );
        continue;
      }
      const enabled = isEnabled(id as MenuCommand, context);
      const command = id as MenuCommand;
      if ((onlyWhenApplies.has(command) || (command === 'rename' && !single)) && !enabled) continue;
      const shortcut = shortcutText(command);
      items.push(
        <MenuItem
          key={command}
          disabled={!enabled}
          sx={{ minWidth: 220 }}
          onClick={() => {
            onClose();
            onCommand(command);
          }}
        >
          <ListItemIcon sx={{ '& svg': { fontSize: 17 } }}>{icons[command]}</ListItemIcon>
          <ListItemText>{commands[command].label}</ListItemText>
          {shortcut && (
            <Typography variant="caption" color="text.secondary" sx={{ ml: 3 }} aria-hidden="true">
              {shortcut}
            </Typography>
          )}
        </MenuItem>,
      );
    }
    if (items.at(-1)?.type === Divider) items.pop();
  }

  return (
    <>
      <Menu
        open={target !== null}
        onClose={onClose}
        anchorReference="anchorPosition"
        anchorPosition={target ? { top: target.y, left: target.x } : undefined}
        slotProps={{
          list: {
            dense: true,
            'aria-label': single ? `Actions for ${single.type === 'folder' ? single.folder.name : single.asset.name}` : 'Actions',
          },
        }}
        transitionDuration={120}
      >
        {items}
      </Menu>
      <TakeSubmenu
        kind={submenu?.kind ?? null}
        anchor={submenu?.anchor ?? null}
        context={context}
        onClose={() => setSubmenu(null)}
        onCommand={(id) => {
          closeAll();
          onCommand(id);
        }}
      />
    </>
  );
}
