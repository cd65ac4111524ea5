/**
 * Review notes as files an edit imports: Media Composer marker text, a CMX 3600 EDL with
 * locators (Avid, Premiere, Resolve), and CSV. Pure functions of the clips and their notes.
 */
export { markerClip, type MarkerClip, type NoteSelection } from './markerClip';
export {
  AVID_MARKER_COLOURS,
  DEFAULT_MARKER_COLOURS,
  avidMarkersText,
  type AvidMarkerColour,
  type AvidMarkerOptions,
  type MarkerColours,
} from './avidMarkers';
export { MAX_EDL_EVENTS, notesEdl, type NotesEdlOptions } from './edl';
export { NOTES_CSV_COLUMNS, notesCsv } from './notesCsv';
