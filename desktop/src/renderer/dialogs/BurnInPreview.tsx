import Box from '@mui/material/Box';
import { BURN_IN_LAYOUT, type BurnIn, type BurnInPosition } from '@rushes/shared';
import { monoFont } from '../theme';

/** Where each burn-in sits on a 16:9 picture, as ffmpeg will draw it. */
const PLACE: Record<BurnInPosition, { top?: number; bottom?: number; left?: number; right?: number; centre?: 'x' | 'xy' }> = {
  'top-left': { top: 6, left: 6 },
  'top-centre': { top: 6, centre: 'x' },
  'top-right': { top: 6, right: 6 },
  centre: { top: 0, bottom: 0, centre: 'xy' },
  'bottom-left': { bottom: 6, left: 6 },
  'bottom-centre': { bottom: 6, centre: 'x' },
  'bottom-right': { bottom: 6, right: 6 },
};

function Label({ position, text }: { position: BurnInPosition; text: string }) {
  const { centre, ...edges } = PLACE[position];
  return (
    <Box
      component="span"
      sx={{
        position: 'absolute',
        ...edges,
        ...(centre ? { left: 0, right: 0, mx: 'auto', width: 'fit-content' } : {}),
        ...(centre === 'xy' ? { my: 'auto', height: 'fit-content' } : {}),
        px: 0.5,
        bgcolor: 'rgba(0,0,0,0.5)',
        color: '#fff',
        fontFamily: monoFont,
        fontSize: 11,
        whiteSpace: 'nowrap',
        maxWidth: '90%',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      }}
    >
      {text}
    </Box>
  );
}

/** A small picture of the proxy with its burn-ins where they will be. */
export function BurnInPreview({ burnIn }: { burnIn: BurnIn }) {
  return (
    <Box
      role="img"
      aria-label="Where the burn-ins sit on the proxy"
      sx={{ position: 'relative', mt: 1.5, aspectRatio: '16 / 9', bgcolor: '#2b3a42', borderRadius: 1, overflow: 'hidden' }}
    >
      {burnIn.clipName && <Label position={BURN_IN_LAYOUT.clipName} text="A001_C001" />}
      {burnIn.timecode && <Label position={BURN_IN_LAYOUT.timecode} text="01:00:00:00" />}
      {burnIn.watermark && <Label position={burnIn.watermark.position} text={burnIn.watermark.text} />}
    </Box>
  );
}
