import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Alert from '@mui/material/Alert';
import { surface } from '../theme';

/** The frame every admin tab shares: a bar of tools above a scrolling table. */
export function TabFrame({ tools, loading, error, children }: { tools: ReactNode; loading: boolean; error: string | null; children: ReactNode }) {
  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 2.5, py: 1.25, borderBottom: `1px solid ${surface.border}`, flexWrap: 'wrap' }}>{tools}</Box>
      {error && (
        <Alert severity="error" sx={{ m: 2 }}>
          {error}
        </Alert>
      )}
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', position: 'relative' }}>
        {loading ? (
          <Box sx={{ display: 'grid', placeItems: 'center', py: 6 }}>
            <CircularProgress size={22} aria-label="Loading" />
          </Box>
        ) : (
          children
        )}
      </Box>
    </Box>
  );
}

/** Header cells of admin tables: sticky, small caps, quiet. */
export const headCell = {
  backgroundColor: surface.panel,
  color: 'text.secondary',
  fontSize: '0.75rem',
  fontWeight: 600,
  whiteSpace: 'nowrap',
  py: 1,
} as const;

export function GroupChipList({ groups }: { groups: readonly string[] }) {
  if (groups.length === 0) return <Box component="span" sx={{ color: 'text.disabled', fontSize: '0.8125rem' }}>none</Box>;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {groups.map((group) => (
        <Chip key={group} size="small" variant="outlined" label={group} color={group === 'admin' ? 'primary' : 'default'} />
      ))}
    </Box>
  );
}
