import { useCallback, useMemo, useState } from 'react';
import type { AssetView, Note, Shape } from '@rushes/shared';
import type { NoteClock } from './noteClock';
import { PRODUCTION_COLOURS, roomForShape, type DrawingTool } from './shapes';
import { useNoteActions, useNotes } from './useNotes';

/** The note being written: where it sits (pinned when the composer opened) and what is drawn. */
export interface NoteDraft {
  frame: number;
  /** The transport's in/out marks as note frames, when it has both; offered as the note's range. */
  range: { first: number; last: number } | null;
  useRange: boolean;
  shapes: Shape[];
}

export interface Playhead {
  /** The transport position (frames, or hundredths for sound); null where nothing plays (a still). */
  position: number | null;
  inPoint: number | null;
  outPoint: number | null;
  goTo(position: number): void;
  stop(): void;
}

/** After writing, the keys belong to the player again (J/K/L, the next note). */
function backToStage() {
  document.querySelector<HTMLElement>('[data-testid="viewer-stage"]')?.focus({ preventScroll: true });
}

/** Whether a note covers a note frame: its own frame, or anywhere in its range. */
export const noteCovers = (note: Note, frame: number) =>
  note.outFrame === null ? note.frame === frame : frame >= note.frame && frame <= note.outFrame;

/**
 * The review loop of the asset on show: its notes (top level with their replies), the note
 * being written with its drawing, and moving the playhead from note to note. The viewer's
 * stage and the notes panel both read this one state.
 */
export function useReviewSession(asset: AssetView, clock: NoteClock, playhead: Playhead) {
  const query = useNotes(asset.id);
  const actions = useNoteActions(asset.id);
  const [draft, setDraft] = useState<NoteDraft | null>(null);
  const [tool, setTool] = useState<DrawingTool>('arrow');
  const [colour, setColour] = useState(PRODUCTION_COLOURS[0]!.value);

  const frame = playhead.position === null ? 0 : clock.fromTransport(playhead.position);
  const { topLevel, replies } = useMemo(() => {
    const all = query.data ?? [];
    const byParent = new Map<string, Note[]>();
    for (const note of all) {
      if (note.parentId === null) continue;
      byParent.set(note.parentId, [...(byParent.get(note.parentId) ?? []), note]);
    }
    const top = all.filter((note) => note.parentId === null).sort((a, b) => a.frame - b.frame || a.createdAt.localeCompare(b.createdAt));
    return { topLevel: top, replies: byParent };
  }, [query.data]);

  const seek = useCallback((noteFrame: number) => playhead.goTo(clock.toTransport(noteFrame)), [playhead, clock]);

  /** Opens the composer at the playhead, stopped there; the transport's marks are offered as a range. */
  const startNote = useCallback(() => {
    playhead.stop();
    const { inPoint, outPoint } = playhead;
    const range =
      inPoint !== null && outPoint !== null && outPoint > inPoint
        ? { first: clock.fromTransport(inPoint), last: clock.fromTransport(outPoint) }
        : null;
    setDraft((current) => current ?? { frame, range, useRange: range !== null, shapes: [] });
  }, [playhead, clock, frame]);

  const changeDraft = (change: (current: NoteDraft) => NoteDraft) => setDraft((current) => (current ? change(current) : current));
  const addShape = (shape: Shape) =>
    changeDraft((current) => (roomForShape(current.shapes) ? { ...current, shapes: [...current.shapes, shape] } : current));

  const saveDraft = async (text: string) => {
    if (!draft) return;
    const ranged = draft.useRange && draft.range;
    await actions.add.mutateAsync({
      assetId: asset.id,
      text,
      frame: ranged ? draft.range!.first : draft.frame,
      outFrame: ranged ? draft.range!.last : null,
      drawing: draft.shapes,
    });
    setDraft(null);
    backToStage();
  };

  /** The next note after the playhead (or the previous before it); the playhead goes there. */
  const stepNote = (direction: 1 | -1) => {
    const frames = [...new Set(topLevel.map((note) => note.frame))];
    const target = direction > 0 ? frames.find((f) => f > frame) : frames.filter((f) => f < frame).at(-1);
    if (target !== undefined) seek(target);
    return target !== undefined;
  };

  const onPicture: Shape[] = draft
    ? draft.shapes
    : topLevel.filter((note) => note.drawing.length > 0 && noteCovers(note, frame)).flatMap((note) => note.drawing);

  return {
    asset,
    clock,
    query,
    actions,
    topLevel,
    replies,
    frame,
    seek,
    canSeek: playhead.position !== null,
    /** Drawings sit on a moving picture; stills and sound take notes without one. */
    canDraw: playhead.position !== null && asset.kind === 'video',
    draft,
    startNote,
    cancelNote: () => {
      setDraft(null);
      backToStage();
    },
    saveDraft,
    toggleRange: () => changeDraft((current) => ({ ...current, useRange: !current.useRange })),
    drawing: { tool, colour, setTool, setColour, addShape },
    undoShape: () => changeDraft((current) => ({ ...current, shapes: current.shapes.slice(0, -1) })),
    clearShapes: () => changeDraft((current) => ({ ...current, shapes: [] })),
    onPicture,
    previousNote: () => stepNote(-1),
    nextNote: () => stepNote(1),
  };
}

export type ReviewSession = ReturnType<typeof useReviewSession>;
