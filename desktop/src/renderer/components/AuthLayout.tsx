import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AppInfo } from '@rushes/shared';
import { BrandIcon } from './BrandMark';
import { surface } from '../theme';

interface Props {
  appInfo: AppInfo | null;
  children: ReactNode;
}

/** The frame of the signed-out screens: one centred card, product name on top, build facts below. */
export function AuthLayout({ appInfo, children }: Props) {
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2.5,
        p: 3,
        overflow: 'auto',
        backgroundColor: surface.backdrop,
        backgroundImage: `radial-gradient(ellipse 80% 60% at 50% 0%, rgba(47, 111, 223, 0.07), transparent 70%)`,
      }}
    >
      <Paper
        variant="outlined"
        sx={{
          width: '100%',
          maxWidth: 380,
          p: 4,
          pt: 3.5,
          backgroundColor: surface.panel,
          borderColor: surface.border,
          boxShadow: '0 12px 40px rgba(0, 0, 0, 0.35)',
        }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 3 }}>
          <BrandIcon size={36} />
          <Box>
            <Typography variant="h1">Rushes</Typography>
            <Typography variant="body2" color="text.secondary">
              Dailies from camera card to cutting room.
            </Typography>
          </Box>
        </Box>
        {children}
      </Paper>
      {appInfo && <BuildFacts appInfo={appInfo} />}
    </Box>
  );
}

function BuildFacts({ appInfo }: { appInfo: AppInfo }) {
  const mode = appInfo.mode === 'local' ? 'Local mode' : 'Cloud mode';
  return (
    <Typography variant="caption" color="text.secondary" sx={{ opacity: 0.8, textAlign: 'center' }}>
      {mode} · {appInfo.apiUrl} · v{appInfo.version}
    </Typography>
  );
}
