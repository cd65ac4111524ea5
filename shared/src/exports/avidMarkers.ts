import { DomainError } from '../errors';
import type { Note } from '../reviewApi';
import { checkClip, markerNotes, noteLength, type MarkerClip, type MarkerNote, type NoteSelection } from './markerClip';
import { oneLine } from './text';

/**
 * The eight marker colours every Media Composer imports (2024.6 added eight more whose names
 * in this file are not documented), written in lower case as Media Composer exports them.
 */
export const AVID_MARKER_COLOURS = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'] as const;
export type AvidMarkerColour = (typeof AVID_MARKER_COLOURS)[number];

/** One colour for every marker, one for open notes and one for resolved ones, or a colour per note. */
export type MarkerColours =
  AvidMarkerColour | { readonly open: AvidMarkerColour; readonly resolved: AvidMarkerColour } | ((note: Note) => AvidMarkerColour);

export const DEFAULT_MARKER_COLOURS = { open: 'red', resolved: 'green' } as const satisfies MarkerColours;

export interface AvidMarkerOptions extends NoteSelection {
  /** The marker's name field (where Media Composer keeps the user); each note's author when left out. */
  readonly user?: string;
  /** The track the markers sit on: `V1` (the default), `A2`, `TC1`. */
  readonly track?: string;
  readonly colour?: MarkerColours;
}

const TRACK = /^(V[1-9]\d?|A[1-9]\d?|TC1)$/;

/**
 * The text file Media Composer's Markers window imports (Fast menu > Import Markers), one
 * marker per note: `user TAB timecode TAB track TAB colour TAB comment TAB duration`, each
 * line ended by LF, no header. The timecode is the clip's start timecode plus the note's
 * frame in the clip's counting (`;` before the frames in drop-frame), so the markers land on
 * the master clip whose source timecode it is; the duration is the note's length in frames
 * (1 for a note at one frame). A TAB or line break inside a name or comment would end the
 * field or the marker, so each becomes a space; text is written as ASCII (text.ts).
 * Replies follow their note's text as `[reply author: text]`.
 */
export function avidMarkersText(clips: readonly MarkerClip[], options: AvidMarkerOptions = {}): string {
  const track = options.track ?? 'V1';
  if (!TRACK.test(track)) throw new DomainError('VALIDATION_FAILED', `“${track}” is not a Media Composer track (V1, A2, TC1).`, 'track');
  const colourOf = markerColour(options.colour ?? DEFAULT_MARKER_COLOURS);
  const user = options.user === undefined ? null : oneLine(options.user);
  if (user === '') throw new DomainError('VALIDATION_FAILED', 'The marker user name is empty.', 'user');
  const lines: string[] = [];
  clips.map(checkClip).forEach(({ clip, label }) => {
    for (const marker of markerNotes(clip.notes, options)) {
      const { note } = marker;
      const colour = colourOf(note);
      const name = user ?? (oneLine(note.author) || 'Rushes');
      lines.push([name, label(note.frame), track, colour, markerComment(marker), String(noteLength(note))].join('\t') + '\n');
    }
  });
  return lines.join('');
}

/** The note's text, then each reply with its author, on one line. */
export function markerComment({ note, replies }: MarkerNote): string {
  return [oneLine(note.text), ...replies.map((reply) => `[reply ${oneLine(reply.author)}: ${oneLine(reply.text)}]`)].join(' ');
}

/**
 * The colour of each note's marker, checked: a colour Media Composer does not know is refused
 * with the option (or the note) named.
 */
export function markerColour(colours: MarkerColours): (note: Note) => AvidMarkerColour {
  const known = (colour: string): colour is AvidMarkerColour => (AVID_MARKER_COLOURS as readonly string[]).includes(colour);
  const refuse = (colour: string, field: string) =>
    new DomainError('VALIDATION_FAILED', `“${colour}” is not a Media Composer marker colour (${AVID_MARKER_COLOURS.join(', ')}).`, field);
  if (typeof colours === 'function') {
    return (note) => {
      const colour = colours(note);
      if (!known(colour)) throw refuse(colour, `colour(${note.id})`);
      return colour;
    };
  }
  const pair = typeof colours === 'string' ? { open: colours, resolved: colours } : colours;
  for (const [field, colour] of Object.entries(pair)) {
    if (!known(colour)) throw refuse(colour, typeof colours === 'string' ? 'colour' : `colour.${field}`);
  }
  return (note) => (note.resolved ? pair.resolved : pair.open);
}
