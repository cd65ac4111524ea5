import { framesToTimecode } from '../timecode';
import { DEFAULT_MARKER_COLOURS, markerColour, markerComment, type MarkerColours } from './avidMarkers';
import { fcm, invalid, layOut, MAX_EDL_EVENTS, type EdlLayoutOptions } from './edlLayout';
import type { MarkerClip } from './markerClip';
import { asciiText, oneLine } from './text';

/** CMX 3600 reel names are eight characters. */
export const REEL_LENGTH = 8;

export interface NotesEdlOptions extends EdlLayoutOptions {
  readonly colour?: MarkerColours;
}

/**
 * A CMX 3600 EDL that lays the clips end to end, one cut event per clip (source in/out = the
 * clip's whole range, record side consecutive from `recordStart`), each followed by
 * `* FROM CLIP NAME:` and `* SOURCE FILE:` with the file name and one
 * `* LOC: <record TC> <COLOUR> <TEXT>` locator per note, as Media Composer writes them (colour
 * padded to 7, text in capitals). Lines end CRLF as in Media Composer's lists; text is ASCII.
 *
 * One list counts one rate: every clip must run at the same frame rate (edlLayout.ts). The
 * first clip's counting sets the list's `FCM:` line; a clip counted the other way (drop-frame
 * among non-drop at 29.97) gets its own `FCM:` line before its event, which changes how the
 * source timecodes after it are read. A locator marks one frame, so a note on a range keeps
 * only its first frame here.
 */
export function notesEdl(title: string, clips: readonly MarkerClip[], options: NotesEdlOptions = {}): string {
  if (clips.length > MAX_EDL_EVENTS) {
    throw invalid(`A CMX 3600 EDL holds at most ${MAX_EDL_EVENTS} events; export these ${clips.length} clips in several lists.`, 'clips');
  }
  const layout = layOut(title, clips, options);
  const colourOf = markerColour(options.colour ?? DEFAULT_MARKER_COLOURS);
  const { record } = layout;
  const lines = [`TITLE: ${layout.title}`, fcm(record.dropFrame)];
  const reels = new ReelNames();
  let counting = record.dropFrame;
  layout.clips.forEach(({ clip, base, startFrame, notes, length, recordIn }, index) => {
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
  });
  return lines.join('\r\n') + '\r\n';
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
