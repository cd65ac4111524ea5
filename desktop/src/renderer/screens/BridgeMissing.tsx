import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import LinkOffOutlined from '@mui/icons-material/LinkOffOutlined';
import { BrandIcon } from '../components/BrandMark';
import { monoFont, surface } from '../theme';

/**
 * Web mode without its key: the page was opened by hand (bookmark, reload in a new tab)
 * instead of from the address Rushes printed, so nothing here can reach the app.
 */
export function BridgeMissing() {
  return (
    <Box component="main" sx={{ height: '100%', display: 'grid', placeItems: 'center', p: 3, backgroundColor: surface.backdrop }}>
      <Box sx={{ maxWidth: 520, display: 'flex', flexDirection: 'column', gap: 2.5 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
          <BrandIcon size={32} />
          <Typography variant="h1">Rushes</Typography>
        </Box>
        <Alert severity="warning" variant="outlined" icon={<LinkOffOutlined />}>
          <AlertTitle sx={{ fontWeight: 600 }}>This page is not connected to Rushes</AlertTitle>
          For your safety, the browser version of Rushes only works when opened from the address it printed when it started. That address
          carries a one-time key that this page does not have.
        </Alert>
        <Typography variant="body1" color="text.secondary" component="div">
          To continue:
          <Box component="ol" sx={{ mt: 1, mb: 0, pl: 2.5, '& li': { mb: 0.75 } }}>
            <li>
              Find the terminal where you ran{' '}
              <Box component="code" sx={{ fontFamily: monoFont, color: 'text.primary' }}>
                npm run web
              </Box>
              .
            </li>
            <li>
              Open the full address it printed (it ends in{' '}
              <Box component="code" sx={{ fontFamily: monoFont, color: 'text.primary' }}>
                #key=…
              </Box>
              ).
            </li>
            <li>If Rushes is no longer running, start it again and use the new address.</li>
          </Box>
        </Typography>
      </Box>
    </Box>
  );
}
