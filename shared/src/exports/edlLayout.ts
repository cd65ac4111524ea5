import { DomainError } from '../errors';
import { framesPerDay, timecodeBase, timecodeToFrames, type TimecodeBase } from '../timecode';
import { checkClip, markerNotes, noteLength, type CheckedClip, type MarkerClip, type MarkerNote, type NoteSelection } from './markerClip';
import { oneLine } from './text';

/** Both EDLs Rushes writes number their events with three digits. */
export const MAX_EDL_EVENTS = 999;

export interface EdlLayoutOptions extends NoteSelection {
  /** Record timecode of the first clip (`01:00:00:00`, or `01:00:00;00` when the clips count drop-frame). */
  readonly recordStart?: string;
}

export interface LaidClip extends CheckedClip {
  /** The notes written for this clip, by frame. */
  readonly notes: readonly MarkerNote[];
  /** Frames the clip takes on the record side. */
  readonly length: number;
  /** Where it starts on the record side, in frames from 00:00:00:00. */
  readonly recordIn: number;
}

export interface EdlLayout {
  readonly title: string;
  /** How the record side counts: the clips' one rate, drop-frame when the first clip is. */
  readonly record: TimecodeBase;
  readonly clips: readonly LaidClip[];
}

/**
 * The clips laid end to end on a record timeline, as both EDLs see them: checked, at one rate,
 * each covering its duration (or reaching its last note when the duration is unknown or a note
 * lies past it, so every marker falls inside its clip), the whole before 24:00:00:00.
 */
export function layOut(title: string, clips: readonly MarkerClip[], options: EdlLayoutOptions): EdlLayout {
  const heading = oneLine(title);
  if (heading === '') throw invalid('An EDL needs a title.', 'title');
  const checked = clips.map(checkClip);
  const record = recordBase(checked);
  const recordStart = options.recordStart ?? (record.dropFrame ? '01:00:00;00' : '01:00:00:00');
  const start = timecodeToFrames(recordStart, record);
  if (!start.ok) throw invalid(`Record start: ${start.message}`, 'recordStart');
  let recordIn = start.value;
  const laid = checked.map((clip) => {
    const notes = markerNotes(clip.clip.notes, options);
    const lastNoteEnd = Math.max(0, ...notes.map(({ note }) => note.frame + noteLength(note)));
    const length = Math.max(1, clip.clip.durationFrames ?? 0, lastNoteEnd);
    if (recordIn + length >= framesPerDay(record)) {
      throw invalid(
        `The clips run to 24:00:00:00 or past on the record side from clip “${clip.clip.name}” on; export fewer clips per list.`,
        'clips',
      );
    }
    const placed: LaidClip = { ...clip, notes, length, recordIn };
    recordIn += length;
    return placed;
  });
  return { title: heading, record, clips: laid };
}

export function fcm(dropFrame: boolean): string {
  return dropFrame ? 'FCM: DROP FRAME' : 'FCM: NON-DROP FRAME';
}

function recordBase(clips: readonly CheckedClip[]): TimecodeBase {
  const first = clips[0];
  if (!first) return timecodeBase({ num: 25, den: 1 });
  for (const [index, { clip, base }] of clips.entries()) {
    if (base.rate.num !== first.base.rate.num || base.rate.den !== first.base.rate.den) {
      throw invalid(
        `Clip “${clip.name}” runs at ${fps(base)} fps and clip “${first.clip.name}” at ${fps(first.base)} fps: ` +
          'an EDL counts one rate, so export clips of each rate in their own list.',
        `clips[${index}].rate`,
      );
    }
  }
  return { ...first.base };
}

function fps(base: TimecodeBase): string {
  const value = base.rate.num / base.rate.den;
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, '');
}

export function invalid(message: string, field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, field);
}
