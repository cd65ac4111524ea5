import Box from '@mui/material/Box';
import type { ReviewSession } from './useReviewSession';

/**
 * A tick on the timeline per note (a band for a range), at its frame: open notes in amber,
 * resolved ones dimmed. Drawn inside the timeline, under the playhead; clicks pass through to scrub.
 */
export function NoteTicks({ session, lastPosition }: { session: ReviewSession; lastPosition: number }) {
  const { topLevel, clock } = session;
  if (lastPosition <= 0) return null;
  const at = (frame: number) => `${(Math.min(lastPosition, clock.toTransport(frame)) / lastPosition) * 100}%`;
  return (
    <Box aria-hidden="true" sx={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {topLevel.map((note) => (
        <Box
          key={note.id}
          data-testid="note-tick"
          data-frame={note.frame}
          sx={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            left: at(note.frame),
            width: note.outFrame === null ? '3px' : `calc(${at(note.outFrame)} - ${at(note.frame)} + 3px)`,
            marginLeft: '-1px',
            borderRadius: '1px',
            backgroundColor: note.resolved ? 'rgba(160, 163, 171, 0.45)' : 'rgba(255, 159, 10, 0.9)',
          }}
        />
      ))}
    </Box>
  );
}
