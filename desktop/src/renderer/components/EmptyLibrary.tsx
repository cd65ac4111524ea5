import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import FolderOpenOutlined from '@mui/icons-material/FolderOpenOutlined';
import { surface } from '../theme';

interface Props {
  title: string;
  detail: string;
  /** Offered only where the user may add folders. */
  onNewFolder?: (() => void) | undefined;
}

/** What an empty folder shows: what belongs here and how it gets here. */
export function EmptyFolder({ title, detail, onNewFolder }: Props) {
  return (
    <Box
      sx={{
        flex: 1,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 1,
        p: 4,
        textAlign: 'center',
      }}
    >
      <Box
        sx={{
          width: 56,
          height: 56,
          mb: 1,
          display: 'grid',
          placeItems: 'center',
          borderRadius: 3,
          color: 'text.secondary',
          backgroundColor: surface.panel,
          border: `1px solid ${surface.border}`,
        }}
      >
        <FolderOpenOutlined sx={{ fontSize: 28 }} aria-hidden="true" />
      </Box>
      <Typography variant="h2" component="h2">
        {title}
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ maxWidth: 460 }}>
        {detail}
      </Typography>
      {onNewFolder && (
        <Button
          variant="outlined"
          color="inherit"
          startIcon={<CreateNewFolderOutlined fontSize="small" />}
          onClick={(event) => {
            event.stopPropagation();
            onNewFolder();
          }}
          sx={{ mt: 1.5 }}
        >
          New folder
        </Button>
      )}
    </Box>
  );
}
