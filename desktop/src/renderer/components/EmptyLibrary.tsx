import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import MovieFilterOutlined from '@mui/icons-material/MovieFilterOutlined';
import { surface } from '../theme';

/** What an empty folder shows: what belongs here and how it gets here. */
export function EmptyLibrary() {
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
          width: 64,
          height: 64,
          mb: 1,
          display: 'grid',
          placeItems: 'center',
          borderRadius: 3,
          color: 'text.secondary',
          backgroundColor: surface.panel,
          border: `1px solid ${surface.border}`,
        }}
      >
        <MovieFilterOutlined sx={{ fontSize: 30 }} aria-hidden="true" />
      </Box>
      <Typography variant="h2" component="h2">
        No media yet
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ maxWidth: 460 }}>
        Upload camera cards or create a folder to start organising dailies.
      </Typography>
    </Box>
  );
}
