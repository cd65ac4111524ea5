import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import ChevronRight from '@mui/icons-material/ChevronRight';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { desktop } from '../bridge/desktop';
import { MediaIcon } from '../components/MediaIcon';
import { toShownError } from '../errors';
import { pathSegments } from '../library/entries';
import { folderChildrenQuery, queryKeys } from '../library/queries';
import { surface } from '../theme';
import { NameDialog } from './NameDialog';

interface Props {
  /** "3 items", "A001_C001.mov". */
  what: string;
  startPath: string;
  /** Folders being moved: a folder cannot go into itself or below itself. */
  movingFolders: string[];
  onMove(toPath: string): Promise<void>;
  onClose(): void;
}

/** Picks a destination folder by browsing, with "New folder" on the way. */
export function MoveDialog({ what, startPath, movingFolders, onMove, onClose }: Props) {
  const [path, setPath] = useState(startPath);
  const [naming, setNaming] = useState(false);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const listed = useQuery(folderChildrenQuery(path));
  const shown = listed.data ?? null;
  const error = listed.isError ? toShownError(listed.error).message : null;
  const canWriteHere = shown ? (shown.folder ? shown.folder.canWrite : true) : false;
  const inside = (candidate: string) => movingFolders.some((moving) => candidate.startsWith(moving));
  const sameFolder = path === startPath && movingFolders.length === 0;
  const blocked = inside(path);

  async function move() {
    setBusy(true);
    try {
      await onMove(path);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="move-dialog-title">
        <DialogTitle id="move-dialog-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 1 }}>
          Move {what}
        </DialogTitle>
        <DialogContent sx={{ pb: 1 }}>
          <Breadcrumbs
            aria-label="Destination path"
            separator={<NavigateNextIcon sx={{ fontSize: 15 }} />}
            sx={{ mb: 1, fontSize: '0.8125rem' }}
          >
            <Link
              component="button"
              type="button"
              underline="hover"
              color={path === '' ? 'text.primary' : 'text.secondary'}
              onClick={() => setPath('')}
            >
              Library
            </Link>
            {pathSegments(path).map((segment) => (
              <Link
                key={segment.path}
                component="button"
                type="button"
                underline="hover"
                color={segment.path === path ? 'text.primary' : 'text.secondary'}
                onClick={() => setPath(segment.path)}
              >
                {segment.name}
              </Link>
            ))}
          </Breadcrumbs>
          <Box
            sx={{ height: 300, overflow: 'auto', border: `1px solid ${surface.border}`, borderRadius: 1, backgroundColor: surface.canvas }}
          >
            {!shown && !error && (
              <Box sx={{ height: '100%', display: 'grid', placeItems: 'center' }}>
                <CircularProgress size={20} aria-label="Loading folders" />
              </Box>
            )}
            {error && (
              <Typography variant="body2" color="error.light" sx={{ p: 2 }}>
                {error}
              </Typography>
            )}
            {shown && shown.folders.length === 0 && (
              <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
                No folders here. Move into this folder, or create one.
              </Typography>
            )}
            {shown && shown.folders.length > 0 && (
              <List dense disablePadding aria-label="Folders" sx={{ p: 0.5 }}>
                {shown.folders.map((folder) => (
                  <ListItemButton key={folder.path} disabled={inside(folder.path)} onClick={() => setPath(folder.path)} sx={{ py: 0.25 }}>
                    <ListItemIcon sx={{ minWidth: 30 }}>
                      <MediaIcon kind="folder" sx={{ fontSize: 18 }} />
                    </ListItemIcon>
                    <ListItemText primary={folder.name} />
                    <ChevronRight sx={{ fontSize: 16, color: 'text.secondary' }} aria-hidden="true" />
                  </ListItemButton>
                ))}
              </List>
            )}
          </Box>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1, minHeight: 16 }}>
            {blocked
              ? 'A folder cannot move into itself.'
              : sameFolder
                ? 'The items are already here.'
                : !canWriteHere && shown
                  ? 'You cannot add to this folder.'
                  : `Moves into ${path === '' ? 'Library' : path}`}
          </Typography>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button
            color="inherit"
            startIcon={<CreateNewFolderOutlined fontSize="small" />}
            onClick={() => setNaming(true)}
            disabled={!canWriteHere || busy}
            sx={{ mr: 'auto' }}
          >
            New folder
          </Button>
          <Button color="inherit" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="contained" onClick={() => void move()} disabled={busy || !shown || !canWriteHere || sameFolder || blocked}>
            Move
          </Button>
        </DialogActions>
      </Dialog>
      {naming && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create"
          hint={`In ${path === '' ? 'Library' : path}`}
          onClose={() => setNaming(false)}
          onSubmit={async (name) => {
            const created = await desktop.createFolder({ parentPath: path, name });
            setNaming(false);
            void client.invalidateQueries({ queryKey: queryKeys.folderChildren(path) });
            setPath(created.path);
          }}
        />
      )}
    </>
  );
}
