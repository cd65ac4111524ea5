import type { ReactElement } from 'react';
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
import { commands, isEnabled, shortcutText, type CommandContext, type RunnableId } from '../commands/registry';
import type { Entry } from '../library/entries';

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
  'open' | 'download' | 'rename' | 'move' | 'delete' | 'permissions' | 'newFolder' | 'upload' | 'copyToFsx' | 'removeFromFsx' | 'exportMhl'
>;

const icons: Record<MenuCommand, ReactElement> = {
  open: <OpenInNew />,
  download: <DownloadOutlined />,
  rename: <DriveFileRenameOutline />,
  move: <DriveFileMoveOutlined />,
  delete: <DeleteOutline />,
  permissions: <LockOutlined />,
  newFolder: <CreateNewFolderOutlined />,
  upload: <CloudUploadOutlined />,
  copyToFsx: <MoveToInboxOutlined />,
  removeFromFsx: <FolderDeleteOutlined />,
  exportMhl: <FactCheckOutlined />,
};

/** How each menu lays its commands out; '-' is a divider, shown only between shown items. */
const emptySpaceMenu: readonly (MenuCommand | '-')[] = ['newFolder', 'upload'];
// Reading is enough to send to an edit share: the dialog and the server check the workstation.
const selectionMenu: readonly (MenuCommand | '-')[] = [
  'open',
  'download',
  'copyToFsx',
  'removeFromFsx',
  '-',
  'rename',
  'move',
  'delete',
  '-',
  'exportMhl',
  'permissions',
];
// A folder in the tree may be the one listed, or hold it: changes that would pull the listing
// from under the user are made from the listing.
const treeMenu: readonly (MenuCommand | '-')[] = ['open', 'copyToFsx', 'removeFromFsx', '-', 'exportMhl', 'permissions'];
/** Shown only when they apply; the others show disabled, so the menu keeps its shape. */
const onlyWhenApplies: ReadonlySet<MenuCommand> = new Set(['open', 'download', 'permissions', 'exportMhl']);

/** Right-click menu for assets, folders, a mixed selection, or empty space. */
export function ItemMenu({ target, context, onCommand, onClose }: Props) {
  const entries = target?.entries ?? [];
  const single = entries.length === 1 ? entries[0]! : null;
  const items: ReactElement[] = [];
  if (context) {
    for (const [index, id] of (target?.inTree ? treeMenu : entries.length === 0 ? emptySpaceMenu : selectionMenu).entries()) {
      if (id === '-') {
        if (items.length > 0 && items.at(-1)!.type !== Divider) items.push(<Divider key={`divider-${index}`} />);
        continue;
      }
      const enabled = isEnabled(id, context);
      if ((onlyWhenApplies.has(id) || (id === 'rename' && !single)) && !enabled) continue;
      const shortcut = shortcutText(id);
      items.push(
        <MenuItem
          key={id}
          disabled={!enabled}
          sx={{ minWidth: 220 }}
          onClick={() => {
            onClose();
            onCommand(id);
          }}
        >
          <ListItemIcon sx={{ '& svg': { fontSize: 17 } }}>{icons[id]}</ListItemIcon>
          <ListItemText>{commands[id].label}</ListItemText>
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
  );
}
