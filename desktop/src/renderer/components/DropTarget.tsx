import { forwardRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import { droppedPaths } from '../bridge/desktop';
import { folderNameOf } from '../library/entries';
import { surface } from '../theme';
import { useToast } from './Toasts';

interface Props {
  /** A folder is listed, so files may be dropped on it. */
  accepting: boolean;
  folderPath: string;
  writable: boolean;
  /** Dropped files, by path; null where the shell cannot tell paths (web mode): the user types them. */
  onDropPaths(paths: string[] | null): void;
  children: ReactNode;
}

/** The library's main area: files dragged from the desktop are uploaded into the folder listed. */
export const DropTarget = forwardRef<HTMLElement, Props>(function DropTarget(
  { accepting, folderPath, writable, onDropPaths, children },
  ref,
) {
  const toast = useToast();
  const [dropping, setDropping] = useState(false);
  return (
    <Box
      ref={ref}
      component="main"
      aria-label="Library"
      sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', position: 'relative' }}
      onDragOver={(event) => {
        if (!accepting || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = writable ? 'copy' : 'none';
        if (!dropping) setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDropping(false);
        if (!accepting || !writable) {
          toast('You cannot upload into this folder.', 'error');
          return;
        }
        const paths = droppedPaths(event.dataTransfer.files);
        if (paths === null) toast('Dropping files needs the desktop app: in web mode, use Upload and type the paths.', 'info');
        if (paths === null || paths.length > 0) onDropPaths(paths);
      }}
    >
      {dropping && (
        <Box
          aria-hidden="true"
          sx={{
            position: 'absolute',
            inset: 8,
            zIndex: 5,
            pointerEvents: 'none',
            border: '2px dashed',
            borderColor: writable ? 'primary.light' : 'error.light',
            borderRadius: 1.5,
            backgroundColor: 'rgba(47, 111, 223, 0.08)',
            display: 'grid',
            placeItems: 'center',
          }}
        >
          <Box sx={{ px: 2, py: 1, borderRadius: 1, backgroundColor: surface.raised, typography: 'body2' }}>
            {writable ? `Drop to upload into ${folderNameOf(folderPath)}` : 'You cannot upload into this folder'}
          </Box>
        </Box>
      )}
      {children}
    </Box>
  );
});
