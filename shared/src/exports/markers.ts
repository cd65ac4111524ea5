/**
 * Review notes as files an edit imports: Media Composer marker text, a CMX 3600 EDL with
 * locators (Avid, Premiere, Resolve), Resolve's timeline-marker EDL, and CSV. Pure functions of the clips and their notes.
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
export { notesEdl, type NotesEdlOptions } from './edl';
export { MAX_EDL_EVENTS } from './edlLayout';
export { NOTES_CSV_COLUMNS, notesCsv } from './notesCsv';
export { resolveMarkersEdl, type ResolveMarkersOptions } from './resolveMarkers';
