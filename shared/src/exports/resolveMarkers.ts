import { framesToTimecode } from '../timecode';
import { DEFAULT_MARKER_COLOURS, markerColour, markerComment, type AvidMarkerColour, type MarkerColours } from './avidMarkers';
import { fcm, invalid, layOut, MAX_EDL_EVENTS, type EdlLayoutOptions } from './edlLayout';
import { noteLength, type MarkerClip } from './markerClip';
import { oneLine } from './text';

/** The nearest of Resolve's sixteen marker colours to each of Media Composer's eight. */
const RESOLVE_COLOURS: Record<AvidMarkerColour, string> = {
  red: 'Red',
  green: 'Green',
  blue: 'Blue',
  cyan: 'Cyan',
  magenta: 'Fuchsia',
  yellow: 'Yellow',
  black: 'Cocoa',
  white: 'Cream',
};

export interface ResolveMarkersOptions extends EdlLayoutOptions {
  readonly colour?: MarkerColours;
}

/**
 * The notes as DaVinci Resolve's timeline-marker EDL (Timelines > Import > Timeline Markers
 * from EDL), for the timeline Resolve builds from `notesEdl` with the same clips and options:
 * the clips sit at the same record timecodes, so each marker lands on its note's frame.
 *
 * The layout is Resolve's own export: `TITLE:`, `FCM:`, then per marker an event with reel
 * `001` whose source and record sides are both the marker (its length = the note's length in
 * frames), followed by a line that is not a `*` comment: `<note> |C:ResolveColor<Colour>
 * |M:<name> |D:<frames>`, a blank line between events. The marker's name is the note's author,
 * its note the text with replies. `|` would start a new field there, so it becomes `/`; line
 * breaks and tabs become spaces and text is ASCII as in every file here. Event numbers have
 * three digits, so a list holds at most 999 markers.
 */
export function resolveMarkersEdl(title: string, clips: readonly MarkerClip[], options: ResolveMarkersOptions = {}): string {
  const layout = layOut(title, clips, options);
  const colourOf = markerColour(options.colour ?? DEFAULT_MARKER_COLOURS);
  const markers = layout.clips.flatMap(({ notes, recordIn }) => notes.map((marker) => ({ marker, at: recordIn + marker.note.frame })));
  if (markers.length > MAX_EDL_EVENTS) {
    throw invalid(`A marker EDL holds at most ${MAX_EDL_EVENTS} markers; export these ${markers.length} notes in several lists.`, 'clips');
  }
  const field = (text: string) => oneLine(text).replace(/\|/g, '/');
  const lines = [`TITLE: ${layout.title}`, fcm(layout.record.dropFrame), ''];
  markers.forEach(({ marker, at }, index) => {
    const length = noteLength(marker.note);
    const from = framesToTimecode(at, layout.record);
    const to = framesToTimecode(at + length, layout.record);
    const number = String(index + 1).padStart(3, '0');
    lines.push(
      `${number}  001      V     C        ${from} ${to} ${from} ${to}  `,
      `${field(markerComment(marker))} |C:ResolveColor${RESOLVE_COLOURS[colourOf(marker.note)]} |M:${field(marker.note.author)} |D:${length}`,
      '',
    );
  });
  return lines.join('\r\n');
}
