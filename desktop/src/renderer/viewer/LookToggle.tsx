import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';

export type ProxyVariant = 'look' | 'asShot';

/** "As shot / With look", over the picture's top right corner, when the asset has both proxies. */
export function LookToggle({ value, onChange }: { value: ProxyVariant; onChange(value: ProxyVariant): void }) {
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={value}
      onChange={(_event, next: ProxyVariant | null) => next && onChange(next)}
      aria-label="Proxy colour"
      sx={{
        position: 'absolute',
        top: 8,
        right: 8,
        zIndex: 3,
        backgroundColor: 'rgba(0,0,0,0.55)',
        '& .MuiToggleButton-root': { color: 'rgba(255,255,255,0.8)', px: 1.25, py: 0.25, fontSize: '0.75rem', textTransform: 'none' },
        '& .Mui-selected': { color: '#fff', backgroundColor: 'rgba(255,255,255,0.18)' },
      }}
    >
      <ToggleButton value="asShot">As shot</ToggleButton>
      <ToggleButton value="look">With look</ToggleButton>
    </ToggleButtonGroup>
  );
}
