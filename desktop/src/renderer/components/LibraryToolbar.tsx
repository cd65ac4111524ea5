import type { ReactNode, Ref } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import CloudUploadOutlined from '@mui/icons-material/CloudUploadOutlined';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import BookmarkAddOutlined from '@mui/icons-material/BookmarkAddOutlined';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import FolderDeleteOutlined from '@mui/icons-material/FolderDeleteOutlined';
import MoveToInboxOutlined from '@mui/icons-material/MoveToInboxOutlined';
import FilterListOutlined from '@mui/icons-material/FilterListOutlined';
import GridViewOutlined from '@mui/icons-material/GridViewOutlined';
import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import TableRowsOutlined from '@mui/icons-material/TableRowsOutlined';
import { shortcutText, type RunnableId } from '../commands/registry';
import { BrandMark } from './BrandMark';
import { ToolTitle } from './PendingAction';
import { surface } from '../theme';

export type ViewMode = 'table' | 'cards';

interface Props {
  refreshing: boolean;
  onRefresh(): void;
  /** The registry's commands on the selection: whether each applies, and running one. */
  isEnabled(command: RunnableId): boolean;
  onCommand(command: RunnableId): void;
  view: ViewMode;
  onViewChange(view: ViewMode): void;
  /** The search text (query language of shared/searchQuery.ts); empty when not searching. */
  search: string;
  searchRef: Ref<HTMLInputElement>;
  onSearchChange(text: string): void;
  filtersOpen: boolean;
  onToggleFilters(): void;
  onSaveSearch(): void;
  /** The signed-in user's corner: identity, settings, account menu. */
  trailing: ReactNode;
}

function Separator() {
  return <Divider orientation="vertical" flexItem sx={{ mx: 0.75, my: 1.25 }} />;
}

/** A toolbar control with a tooltip that still shows when the control is disabled. */
function Tool({ action, note, children }: { action: string; note?: string; children: React.ReactElement }) {
  return (
    <Tooltip title={<ToolTitle action={action} note={note} />} describeChild>
      <Box component="span" sx={{ display: 'inline-flex' }}>
        {children}
      </Box>
    </Tooltip>
  );
}

export function LibraryToolbar(props: Props) {
  const { refreshing, onRefresh, view, onViewChange, trailing, isEnabled, onCommand } = props;
  const canAdd = isEnabled('upload');
  const canSend = isEnabled('copyToFsx');
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
      <Tool
        action="Upload media"
        note={
          canAdd
            ? `Files and folders into this folder (${shortcutText('upload')}), or drop them on the list`
            : 'You cannot add to this folder'
        }
      >
        <Button
          variant="contained"
          disabled={!canAdd}
          onClick={() => onCommand('upload')}
          startIcon={<CloudUploadOutlined fontSize="small" />}
        >
          Upload
        </Button>
      </Tool>
      <Tool action="New folder" note={isEnabled('newFolder') ? shortcutText('newFolder') : 'You cannot add to this folder'}>
        <Button
          variant="text"
          color="inherit"
          disabled={!isEnabled('newFolder')}
          onClick={() => onCommand('newFolder')}
          startIcon={<CreateNewFolderOutlined fontSize="small" />}
        >
          New folder
        </Button>
      </Tool>
      <Separator />
      <Tool action="Download" note={isEnabled('download') ? 'Selected files' : 'Select files to download'}>
        <IconButton aria-label="Download" disabled={!isEnabled('download')} onClick={() => onCommand('download')}>
          <DownloadOutlined fontSize="small" />
        </IconButton>
      </Tool>
      <Tool
        action="Copy to FSx"
        note={canSend ? `The selection, onto a workstation’s edit share (${shortcutText('copyToFsx')})` : 'Select files or folders to send'}
      >
        <IconButton aria-label="Copy to FSx" disabled={!canSend} onClick={() => onCommand('copyToFsx')}>
          <MoveToInboxOutlined fontSize="small" />
        </IconButton>
      </Tool>
      <Tool
        action="Remove from FSx"
        note={isEnabled('removeFromFsx') ? 'The selection, from a workstation’s edit share' : 'Select files or folders to remove'}
      >
        <IconButton aria-label="Remove from FSx" disabled={!isEnabled('removeFromFsx')} onClick={() => onCommand('removeFromFsx')}>
          <FolderDeleteOutlined fontSize="small" />
        </IconButton>
      </Tool>
      <Tool
        action="Delete"
        note={isEnabled('delete') ? `Moves the selection to the trash (${shortcutText('delete')})` : 'Select items you may change'}
      >
        <IconButton aria-label="Delete" disabled={!isEnabled('delete')} onClick={() => onCommand('delete')}>
          <DeleteOutline fontSize="small" />
        </IconButton>
      </Tool>
      <Separator />
      <Tool action="Refresh" note="Re-lists this folder">
        <IconButton aria-label="Refresh" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? <CircularProgress size={16} color="inherit" /> : <RefreshOutlined fontSize="small" />}
        </IconButton>
      </Tool>
      <ToggleButtonGroup
        value={view}
        exclusive
        aria-label="View"
        sx={{ ml: 0.5 }}
        onChange={(_event, next: ViewMode | null) => next && onViewChange(next)}
      >
        <ToggleButton value="table" aria-label="Table view">
          <TableRowsOutlined fontSize="small" />
        </ToggleButton>
        <ToggleButton value="cards" aria-label="Card view">
          <GridViewOutlined fontSize="small" />
        </ToggleButton>
      </ToggleButtonGroup>
      <Box sx={{ flex: 1, display: 'flex', justifyContent: 'center', px: 2 }}>
        <TextField
          inputRef={props.searchRef}
          size="small"
          value={props.search}
          onChange={(event) => props.onSearchChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') props.onSearchChange('');
          }}
          placeholder={`Search the library (${shortcutText('search')})`}
          aria-label="Search"
          sx={{ width: '100%', maxWidth: 520 }}
          slotProps={{
            htmlInput: { spellCheck: false, 'aria-label': 'Search' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchOutlined fontSize="small" />
                </InputAdornment>
              ),
              endAdornment: props.search ? (
                <InputAdornment position="end">
                  <IconButton size="small" aria-label="Clear search" onClick={() => props.onSearchChange('')}>
                    <CloseOutlined fontSize="small" />
                  </IconButton>
                </InputAdornment>
              ) : null,
            },
          }}
        />
        <Tool
          action="Filters"
          note="Kind, codec, resolution, frame rate, length, date, status, location, folder, scene, take, reel, camera"
        >
          <ToggleButton value="filters" selected={props.filtersOpen} onChange={props.onToggleFilters} aria-label="Filters" sx={{ ml: 0.5 }}>
            <FilterListOutlined fontSize="small" />
          </ToggleButton>
        </Tool>
        <Tool action="Save search" note={props.search.trim() ? 'Keeps it in the sidebar' : 'Type a search first'}>
          <IconButton aria-label="Save search" disabled={!props.search.trim()} onClick={props.onSaveSearch} sx={{ ml: 0.5 }}>
            <BookmarkAddOutlined fontSize="small" />
          </IconButton>
        </Tool>
      </Box>
      {trailing}
    </Box>
  );
}
