import { DomainError } from '../errors';
import { framesPerDay, framesToTimecode, timecodeToFrames, type TimecodeBase } from '../timecode';
import { DEFAULT_MARKER_COLOURS, markerColour, markerComment, type MarkerColours } from './avidMarkers';
import { checkClip, markerNotes, noteLength, type CheckedClip, type MarkerClip, type NoteSelection } from './markerClip';
import { asciiText, oneLine } from './text';

/** CMX 3600 numbers events with three digits. */
export const MAX_EDL_EVENTS = 999;
/** CMX 3600 reel names are eight characters. */
export const REEL_LENGTH = 8;

export interface NotesEdlOptions extends NoteSelection {
  /** Record timecode of the first event (`01:00:00:00`, or `01:00:00;00` on a drop-frame list). */
  readonly recordStart?: string;
  readonly colour?: MarkerColours;
}

/**
 * A CMX 3600 EDL that lays the clips end to end, one cut event per clip (source in/out = the
 * clip's whole range, record side consecutive from `recordStart`), each followed by
 * `* FROM CLIP NAME:` and `* SOURCE FILE:` with the file name and one
 * `* LOC: <record TC> <COLOUR> <TEXT>` locator per note, as Media Composer writes them (colour
 * padded to 7, text in capitals). Lines end CRLF as in Media Composer's lists; text is ASCII.
 *
 * One list counts one rate: every clip must run at the same frame rate. The first clip's
 * counting sets the list's `FCM:` line; a clip counted the other way (drop-frame among
 * non-drop at 29.97) gets its own `FCM:` line before its event, which changes how the source
 * timecodes after it are read. A locator marks one frame, so a note on a range keeps only its
 * first frame here. An event covers the clip's duration, or up to its last note when the
 * duration is unknown or a note lies beyond it, so no locator falls outside its event.
 */
export function notesEdl(title: string, clips: readonly MarkerClip[], options: NotesEdlOptions = {}): string {
  const heading = oneLine(title);
  if (heading === '') throw invalid('An EDL needs a title.', 'title');
  if (clips.length > MAX_EDL_EVENTS) {
    throw invalid(`A CMX 3600 EDL holds at most ${MAX_EDL_EVENTS} events; export these ${clips.length} clips in several lists.`, 'clips');
  }
  const checked = clips.map(checkClip);
  const colourOf = markerColour(options.colour ?? DEFAULT_MARKER_COLOURS);
  const record = recordBase(checked);
  const recordStart = options.recordStart ?? (record.dropFrame ? '01:00:00;00' : '01:00:00:00');
  const start = timecodeToFrames(recordStart, record);
  if (!start.ok) throw invalid(`Record start: ${start.message}`, 'recordStart');

  const lines = [`TITLE: ${heading}`, fcm(record.dropFrame)];
  const reels = new ReelNames();
  let counting = record.dropFrame;
  let recordIn = start.value;
  checked.forEach(({ clip, base, startFrame }, index) => {
    const notes = markerNotes(clip.notes, options);
    const lastNoteEnd = Math.max(0, ...notes.map(({ note }) => note.frame + noteLength(note)));
    const length = Math.max(1, clip.durationFrames ?? 0, lastNoteEnd);
    if (recordIn + length >= framesPerDay(record)) {
      throw invalid(
        `The clips run to 24:00:00:00 or past on the record side from clip “${clip.name}” on; export fewer clips per list.`,
        'clips',
      );
    }
    if (base.dropFrame !== counting) {
      counting = base.dropFrame;
      lines.push(fcm(counting));
    }
    const source = (frame: number) => framesToTimecode(startFrame + frame, base);
    const recorded = (frame: number) => framesToTimecode(recordIn + frame, record);
    const number = String(index + 1).padStart(3, '0');
    const reel = reels.for(clip.tape ?? clip.name).padEnd(REEL_LENGTH);
    lines.push(`${number}  ${reel} V     C        ${source(0)} ${source(length)} ${recorded(0)} ${recorded(length)}`);
    const fileName = oneLine(clip.name);
    lines.push(`* FROM CLIP NAME:  ${fileName}`, `* SOURCE FILE: ${fileName}`);
    for (const marker of notes) {
      const colour = colourOf(marker.note).toUpperCase();
      lines.push(`* LOC: ${recorded(marker.note.frame)} ${colour.padEnd(7)} ${markerComment(marker).toUpperCase()}`);
    }
    recordIn += length;
  });
  return lines.join('\r\n') + '\r\n';
}

function fcm(dropFrame: boolean): string {
  return dropFrame ? 'FCM: DROP FRAME' : 'FCM: NON-DROP FRAME';
}

/** The record side counts at the clips' one rate, drop-frame when the first clip is. */
function recordBase(clips: readonly CheckedClip[]): TimecodeBase {
  const first = clips[0];
  if (!first) return { rate: { num: 25, den: 1 }, nominal: 25, dropFrame: false };
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

/**
 * Eight-character reel names, one per source: the tape name in capitals with everything but
 * letters and digits taken out, cut to eight. Two tapes that come out the same (`INTERVIEW_1`,
 * `INTERVIEW_2`) are told apart by a number in the last places (`INTERVIE`, `INTERV01`); a
 * name with no letter or digit at all becomes `TAPE0001`.
 */
class ReelNames {
  private readonly byTape = new Map<string, string>();
  private readonly taken = new Set<string>();

  for(tape: string): string {
    const known = this.byTape.get(tape);
    if (known) return known;
    const stem = asciiText(tape)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, REEL_LENGTH);
    let reel = stem;
    for (let n = 1; reel === '' || this.taken.has(reel); n += 1) {
      const digits = String(n).padStart(stem === '' ? 4 : 2, '0');
      reel = (stem === '' ? 'TAPE' : stem).slice(0, REEL_LENGTH - digits.length) + digits;
    }
    this.byTape.set(tape, reel);
    this.taken.add(reel);
    return reel;
  }
}

function invalid(message: string, field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, field);
}
