import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import { surface } from '../theme';

interface Props {
  /** Where the stage puts the notes panel (it owns the transport the notes follow). */
  onNotesPlace(element: HTMLElement | null): void;
  /** The metadata panel, under the notes. */
  details: ReactNode;
}

/**
 * The viewer's side column: the notes above the file's details, each scrolling on its own,
 * so the picture and the transport keep the width a laptop screen has. Notes come first:
 * reviewing is what the viewer is opened for most.
 */
export function ViewerSide({ onNotesPlace, details }: Props) {
  return (
    <Box
      sx={{
        width: 340,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        borderLeft: `1px solid ${surface.border}`,
        backgroundColor: surface.panel,
        // The panels fill the column's width; the column draws the edge.
        '& > .side-part': { display: 'flex', minHeight: 0 },
        '& > .side-part > aside': { width: '100%', borderLeft: 0, flex: 1, minHeight: 0 },
      }}
    >
      <Box ref={onNotesPlace} className="side-part" sx={{ flex: '1 1 60%' }} />
      <Box className="side-part" sx={{ flex: '1 1 40%', borderTop: `1px solid ${surface.borderStrong}` }}>
        {details}
      </Box>
    </Box>
  );
}
