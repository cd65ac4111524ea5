import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { BrandIcon } from '../components/BrandMark';
import { surface } from '../theme';

/** Shown while the app asks main for the session it may already hold. */
export function Splash() {
  return (
    <Box
      role="status"
      aria-live="polite"
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2,
        backgroundColor: surface.backdrop,
      }}
    >
      <BrandIcon size={44} />
      <Typography variant="h1" component="p">
        Rushes
      </Typography>
      <LinearProgress sx={{ width: 160, height: 2, borderRadius: 1 }} aria-label="Starting Rushes" />
      <Typography variant="body2" color="text.secondary">
        Starting…
      </Typography>
    </Box>
  );
}
