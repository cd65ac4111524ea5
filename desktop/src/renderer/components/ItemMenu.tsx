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
import FolderDeleteOutlined from '@mui/icons-material/FolderDeleteOutlined';
import MoveToInboxOutlined from '@mui/icons-material/MoveToInboxOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import OpenInNew from '@mui/icons-material/OpenInNew';
import { COPY_TO_FSX_SHORTCUT } from '../dialogs/FsxDialog';
import type { Entry } from '../library/entries';

export type ItemCommand =
  'open' | 'download' | 'rename' | 'move' | 'delete' | 'permissions' | 'newFolder' | 'upload' | 'copyToFsx' | 'removeFromFsx';

export interface MenuTarget {
  x: number;
  y: number;
  /** The entries acted on (the selection); empty when right-clicking empty space. */
  entries: Entry[];
}

interface Props {
  target: MenuTarget | null;
  canWrite: boolean;
  isAdmin: boolean;
  onCommand(command: ItemCommand): void;
  onClose(): void;
}

function Item({
  icon,
  label,
  shortcut,
  disabled,
  onClick,
}: {
  icon: React.ReactNode;
  label: string;
  shortcut?: string;
  disabled?: boolean;
  onClick(): void;
}) {
  return (
    <MenuItem onClick={onClick} disabled={disabled} sx={{ minWidth: 220 }}>
      <ListItemIcon sx={{ '& svg': { fontSize: 17 } }}>{icon}</ListItemIcon>
      <ListItemText>{label}</ListItemText>
      {shortcut && (
        <Typography variant="caption" color="text.secondary" sx={{ ml: 3 }} aria-hidden="true">
          {shortcut}
        </Typography>
      )}
    </MenuItem>
  );
}

/** Right-click menu for assets, folders, a mixed selection, or empty space. */
export function ItemMenu({ target, canWrite, isAdmin, onCommand, onClose }: Props) {
  const entries = target?.entries ?? [];
  const single = entries.length === 1 ? entries[0]! : null;
  const assets = entries.filter((entry) => entry.type === 'asset');
  const run = (command: ItemCommand) => () => {
    onClose();
    onCommand(command);
  };

  const items: React.ReactNode[] = [];
  if (entries.length === 0) {
    items.push(<Item key="new" icon={<CreateNewFolderOutlined />} label="New folder" disabled={!canWrite} onClick={run('newFolder')} />);
    items.push(
      <Item
        key="upload"
        icon={<CloudUploadOutlined />}
        label="Upload here…"
        shortcut="Ctrl+U"
        disabled={!canWrite}
        onClick={run('upload')}
      />,
    );
  } else {
    if (single) items.push(<Item key="open" icon={<OpenInNew />} label="Open" shortcut="Enter" onClick={run('open')} />);
    if (assets.length > 0) items.push(<Item key="download" icon={<DownloadOutlined />} label="Download" onClick={run('download')} />);
    // Reading is enough to send to an edit share: the dialog and the server check the workstation.
    items.push(
      <Item
        key="fsx-copy"
        icon={<MoveToInboxOutlined />}
        label="Copy to FSx…"
        shortcut={COPY_TO_FSX_SHORTCUT}
        onClick={run('copyToFsx')}
      />,
    );
    items.push(<Item key="fsx-remove" icon={<FolderDeleteOutlined />} label="Remove from FSx…" onClick={run('removeFromFsx')} />);
    items.push(<Divider key="d1" />);
    if (single)
      items.push(
        <Item key="rename" icon={<DriveFileRenameOutline />} label="Rename" shortcut="F2" disabled={!canWrite} onClick={run('rename')} />,
      );
    items.push(<Item key="move" icon={<DriveFileMoveOutlined />} label="Move to folder…" disabled={!canWrite} onClick={run('move')} />);
    items.push(<Item key="delete" icon={<DeleteOutline />} label="Delete" shortcut="Del" disabled={!canWrite} onClick={run('delete')} />);
    if (single?.type === 'folder' && isAdmin) {
      items.push(<Divider key="d2" />);
      items.push(<Item key="permissions" icon={<LockOutlined />} label="Permissions…" onClick={run('permissions')} />);
    }
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
