import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { theme } from '../theme';

/** The Rushes mark: a film frame with its sprocket holes, drawn inline (no asset to load). */
export function BrandIcon({ size = 24 }: { size?: number }) {
  const holes = [5, 9.5, 14, 18.5];
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="5.5" fill={theme.palette.primary.main} />
      <rect x="7" y="5" width="10" height="14" rx="1.5" fill="#ffffff" />
      <path d="M10.5 9.2v5.6l4.3-2.8z" fill={theme.palette.primary.main} />
      {holes.map((y) => (
        <g key={y} fill="#ffffff" opacity="0.75">
          <rect x="3" y={y - 0.5} width="2.2" height="1.8" rx="0.5" />
          <rect x="18.8" y={y - 0.5} width="2.2" height="1.8" rx="0.5" />
        </g>
      ))}
    </svg>
  );
}

/** Mark plus product name, as shown at the left of the toolbar. */
export function BrandMark() {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <BrandIcon size={22} />
      <Typography component="span" sx={{ fontWeight: 650, fontSize: '0.9375rem', letterSpacing: '-0.01em' }}>
        Rushes
      </Typography>
    </Box>
  );
}
