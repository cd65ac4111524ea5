import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import { desktop } from '../bridge/desktop';

/**
 * The signed-in user's e-mail over the picture while it plays: a screen recording or a
 * phone photo of the viewer names who watched. Drawn by the app, never into the file; faint,
 * and letting clicks through so it never covers a control.
 */
export function ViewerWatermark() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => desktop.getMe(), staleTime: 5 * 60_000 });
  const email = me.data?.email;
  if (!email) return null;
  return (
    <Box
      aria-hidden
      data-testid="viewer-watermark"
      sx={{
        position: 'absolute',
        inset: 0,
        pointerEvents: 'none',
        display: 'grid',
        gridTemplateRows: 'repeat(3, 1fr)',
        placeItems: 'center',
        overflow: 'hidden',
        zIndex: 2,
      }}
    >
      {[0, 1, 2].map((row) => (
        <Box
          key={row}
          component="span"
          sx={{
            color: 'rgba(255,255,255,0.16)',
            fontSize: 'clamp(14px, 2.4vw, 30px)',
            fontWeight: 600,
            letterSpacing: '0.04em',
            transform: `rotate(-18deg) translateX(${(row - 1) * 18}%)`,
            whiteSpace: 'nowrap',
            userSelect: 'none',
          }}
        >
          {email}
        </Box>
      ))}
    </Box>
  );
}
