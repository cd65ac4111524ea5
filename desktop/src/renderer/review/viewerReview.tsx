import { createContext, useContext, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { AssetView } from '@rushes/shared';
import { matchesCommand } from '../commands/registry';
import type { Clock } from '../library/clock';
import { noteClockFor } from './noteClock';
import { NotesPanel } from './NotesPanel';
import { useReviewSession, type Playhead, type ReviewSession } from './useReviewSession';

/**
 * Where the viewer puts the notes panel (beside the metadata). The stage owns the transport,
 * so it renders the panel, through a portal into this place.
 */
export const NotesPlace = createContext<HTMLElement | null>(null);

/** The notes panel of the stage's session, in the viewer's notes place. */
export function NotesPortal({ session }: { session: ReviewSession }): ReactNode {
  const place = useContext(NotesPlace);
  return place ? createPortal(<NotesPanel session={session} />, place) : null;
}

/** The review keys of the viewer (add a note, previous/next note); true when the key was ours. */
export function reviewKey(event: KeyboardEvent, session: ReviewSession): boolean {
  if (matchesCommand('addNote', event)) session.startNote();
  else if (matchesCommand('previousNote', event)) session.previousNote();
  else if (matchesCommand('nextNote', event)) session.nextNote();
  else return false;
  return true;
}

const still: Playhead = { position: null, inPoint: null, outPoint: null, goTo: () => undefined, stop: () => undefined };

/** Notes on an asset with no transport (a still, a file with nothing to play): all at its first frame. */
export function useStillReview(asset: AssetView): ReviewSession {
  const clock = useMemo(() => noteClockFor(asset, null), [asset]);
  return useReviewSession(asset, clock, still);
}

/** Notes on something that plays: the transport's position and marks in the session's frames. */
export function usePlaybackReview(
  asset: AssetView,
  clock: Clock,
  transport: { frame: number; inPoint: number | null; outPoint: number | null; goTo(frame: number): void; stop(): void },
): ReviewSession {
  const noteClock = useMemo(() => noteClockFor(asset, clock), [asset, clock]);
  const { frame, inPoint, outPoint, goTo, stop } = transport;
  const playhead = useMemo(() => ({ position: frame, inPoint, outPoint, goTo, stop }), [frame, inPoint, outPoint, goTo, stop]);
  return useReviewSession(asset, noteClock, playhead);
}
