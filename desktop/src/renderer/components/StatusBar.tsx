import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import LinearProgress from '@mui/material/LinearProgress';
import SwapVertOutlined from '@mui/icons-material/SwapVertOutlined';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { AppInfo } from '@rushes/shared';
import { monoFont, surface } from '../theme';
import { formatSize } from '../library/format';
import { formatEta, type TransferSummary } from '../library/useTransfers';
import { transfersNews } from '../library/news';
import { Announcer } from './Announcer';

export type BackendState = { kind: 'checking' } | { kind: 'connected'; checkedAt: Date } | { kind: 'unreachable'; message: string };

interface Props {
  appInfo: AppInfo | null;
  backend: BackendState;
  transfers?: TransferSummary;
  transfersOpen?: boolean;
  onToggleTransfers?: () => void;
}

const dotColour: Record<BackendState['kind'], string> = {
  checking: 'text.disabled',
  connected: 'success.light',
  unreachable: 'error.light',
};

function backendLabel(backend: BackendState): string {
  if (backend.kind === 'checking') return 'Checking backend…';
  if (backend.kind === 'unreachable') return 'Backend unreachable';
  const time = backend.checkedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `Backend connected · checked ${time}`;
}

function Item({ children }: { children: ReactNode }) {
  return (
    <Typography
      variant="caption"
      component="span"
      color="text.secondary"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75, whiteSpace: 'nowrap' }}
    >
      {children}
    </Typography>
  );
}

/** The bottom line of the window: which backend, where, and whether it answers. */
export function StatusBar({ appInfo, backend, transfers, transfersOpen, onToggleTransfers }: Props) {
  return (
    <Box
      component="footer"
      sx={{
        height: 26,
        flexShrink: 0,
        display: 'flex',
        alignItems: 'center',
        gap: 2.5,
        px: 1.5,
        backgroundColor: surface.panel,
        borderTop: `1px solid ${surface.border}`,
        overflow: 'hidden',
      }}
    >
      <Tooltip title={backend.kind === 'unreachable' ? backend.message : ''}>
        <span>
          <Item>
            <Box component="span" aria-hidden="true" sx={{ width: 7, height: 7, borderRadius: '50%', bgcolor: dotColour[backend.kind] }} />
            {backendLabel(backend)}
          </Item>
        </span>
      </Tooltip>
      {appInfo && (
        <>
          <Item>{appInfo.mode === 'local' ? 'Local mode' : 'Cloud mode'}</Item>
          <Item>
            API
            <Box component="span" sx={{ fontFamily: monoFont, color: 'text.primary', opacity: 0.85 }}>
              {appInfo.apiUrl}
            </Box>
          </Item>
          <Box sx={{ flex: 1 }} />
          {transfers && <Announcer value={transfers} tell={transfersNews} />}
          {transfers && onToggleTransfers && (
            <ButtonBase
              onClick={onToggleTransfers}
              aria-label={transfersOpen ? 'Hide transfers' : 'Show transfers'}
              aria-pressed={transfersOpen ?? false}
              sx={{ height: 20, px: 0.75, borderRadius: 0.5, '&:hover': { backgroundColor: surface.hover } }}
            >
              <Item>
                <SwapVertOutlined sx={{ fontSize: 14 }} />
                {transfers.active > 0
                  ? `${transfers.active.toLocaleString()} transferring · ${formatSize(transfers.bytesDone)} of ${formatSize(transfers.bytesTotal)}${
                      transfers.etaSeconds !== null ? ` · ${formatEta(transfers.etaSeconds)}` : ''
                    }`
                  : transfers.failed > 0
                    ? `Transfers · ${transfers.failed} failed`
                    : 'Transfers'}
                {transfers.active > 0 && (
                  <LinearProgress
                    variant="determinate"
                    value={transfers.bytesTotal > 0 ? (transfers.bytesDone / transfers.bytesTotal) * 100 : 0}
                    sx={{ width: 60 }}
                    aria-hidden="true"
                  />
                )}
              </Item>
            </ButtonBase>
          )}
          <Item>
            Rushes {appInfo.version} · {appInfo.shell === 'electron' ? 'Desktop' : 'Web'}
          </Item>
        </>
      )}
    </Box>
  );
}
