import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import CloudUploadOutlined from '@mui/icons-material/CloudUploadOutlined';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import GridViewOutlined from '@mui/icons-material/GridViewOutlined';
import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import TableRowsOutlined from '@mui/icons-material/TableRowsOutlined';
import { BrandMark } from './BrandMark';
import { PendingAction, ToolTitle } from './PendingAction';
import { surface } from '../theme';

interface Props {
  refreshing: boolean;
  onRefresh(): void;
  /** The signed-in user's corner: identity, settings, account menu. */
  trailing: ReactNode;
}

function Separator() {
  return <Divider orientation="vertical" flexItem sx={{ mx: 0.75, my: 1.25 }} />;
}

export function LibraryToolbar({ refreshing, onRefresh, trailing }: Props) {
  return (
    <Box
      component="header"
      sx={{
        height: 48,
        flexShrink: 0,
        display: 'flex',
        alignItems: 'center',
        gap: 0.5,
        px: 1.5,
        backgroundColor: surface.panel,
        borderBottom: `1px solid ${surface.border}`,
      }}
    >
      <Box sx={{ pr: 1.5 }}>
        <BrandMark />
      </Box>
      <Separator />
      <PendingAction action="Upload media" reason="Arrives with uploads">
        <Button variant="contained" disabled startIcon={<CloudUploadOutlined fontSize="small" />}>
          Upload
        </Button>
      </PendingAction>
      <PendingAction action="New folder" reason="Arrives with folder management">
        <Button variant="text" color="inherit" disabled startIcon={<CreateNewFolderOutlined fontSize="small" />}>
          New folder
        </Button>
      </PendingAction>
      <Separator />
      <PendingAction action="Download" reason="Arrives with downloads">
        <IconButton aria-label="Download" disabled>
          <DownloadOutlined fontSize="small" />
        </IconButton>
      </PendingAction>
      <PendingAction action="Delete" reason="Arrives with folder management">
        <IconButton aria-label="Delete" disabled>
          <DeleteOutline fontSize="small" />
        </IconButton>
      </PendingAction>
      <Separator />
      <Tooltip title={<ToolTitle action="Refresh" note="Checks the connection to the backend" />} describeChild>
        <Box component="span" sx={{ display: 'inline-flex' }}>
          <IconButton aria-label="Refresh" onClick={onRefresh} disabled={refreshing}>
            {refreshing ? <CircularProgress size={16} color="inherit" /> : <RefreshOutlined fontSize="small" />}
          </IconButton>
        </Box>
      </Tooltip>
      <PendingAction action="Table or card view" reason="Arrives with the asset browser">
        <ToggleButtonGroup value="table" exclusive disabled aria-label="View" sx={{ ml: 0.5 }}>
          <ToggleButton value="table" aria-label="Table view">
            <TableRowsOutlined fontSize="small" />
          </ToggleButton>
          <ToggleButton value="cards" aria-label="Card view">
            <GridViewOutlined fontSize="small" />
          </ToggleButton>
        </ToggleButtonGroup>
      </PendingAction>
      <Box sx={{ flex: 1 }} />
      {trailing}
    </Box>
  );
}
