import { csvLines } from '../csvCell';
import type { Note } from '../reviewApi';
import { byFrameThenCreation, checkClip, type MarkerClip } from './markerClip';

export const NOTES_CSV_COLUMNS = [
  'clip',
  'timecode_in',
  'timecode_out',
  'author',
  'status',
  'reply_to',
  'created',
  'text',
  'note_id',
] as const;

/**
 * Every note of the clips as CSV, for a spreadsheet or a notes tracker: one line per note,
 * replies and resolved notes included, by clip, then frame, each reply right after its note.
 * `timecode_in` is the note's frame in the clip's timecode; `timecode_out` the last frame of
 * a range (empty for a note at one frame); `status` is `open` or `resolved`; `reply_to` the
 * id of the note a reply answers. Cells are escaped as every Rushes CSV is (csvCell.ts), so
 * a note starting with `=` opens as text; line breaks stay inside their quoted cell.
 */
export function notesCsv(clips: readonly MarkerClip[]): string {
  const rows: string[][] = [[...NOTES_CSV_COLUMNS]];
  clips.map(checkClip).forEach(({ clip, label }) => {
    const row = (note: Note) => [
      clip.name,
      label(note.frame),
      note.outFrame === null ? '' : label(note.outFrame),
      note.author,
      note.resolved ? 'resolved' : 'open',
      note.parentId ?? '',
      note.createdAt,
      note.text,
      note.id,
    ];
    const ids = new Set(clip.notes.map((note) => note.id));
    const replies = (parent: Note) => clip.notes.filter((note) => note.parentId === parent.id).sort(byFrameThenCreation);
    const tops = clip.notes.filter((note) => note.parentId === null || !ids.has(note.parentId)).sort(byFrameThenCreation);
    for (const note of tops) rows.push(row(note), ...replies(note).map(row));
  });
  return csvLines(rows);
}
