/**
 * Readers for the exported files, written for the tests from the format references alone,
 * independent of the exporters and of timecode.ts, so a round trip checks the writer against
 * a second reading of the rules rather than against itself.
 */
import type { Note } from '../../reviewApi';

/** Frames from 00:00:00:00 of a label, by the drop-frame formula (D = N/15 labels per minute). */
export function labelFrames(label: string, nominal: number, dropFrame: boolean): number {
  const match = /^(\d\d):(\d\d):(\d\d)([:;])(\d\d)$/.exec(label);
  if (!match) throw new Error(`not a timecode label: ${label}`);
  const [hh, mm, ss, separator, ff] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4], Number(match[5])];
  if ((separator === ';') !== dropFrame) throw new Error(`${label}: separator says ${separator === ';' ? 'DF' : 'NDF'}`);
  if (ff >= nominal) throw new Error(`${label}: frame ${ff} at ${nominal}`);
  const minutes = 60 * hh + mm;
  const drops = dropFrame ? nominal / 15 : 0;
  if (dropFrame && ss === 0 && ff < drops && mm % 10 !== 0) throw new Error(`${label} does not exist in drop-frame`);
  return (3600 * hh + 60 * mm + ss) * nominal + ff - drops * (minutes - Math.floor(minutes / 10));
}

export interface AvidMarkerRow {
  name: string;
  timecode: string;
  track: string;
  colour: string;
  comment: string;
  duration: number | null;
  fields: number;
}

/**
 * The reader from avid-markers.md: records end LF (CRLF and CR tolerated between records), TAB
 * splits fields, fields 1–4 from the left, the duration is the last field when it is digits,
 * the comment is what lies between.
 */
export function readAvidMarkers(text: string): AvidMarkerRow[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('the file does not end with LF');
  return text
    .slice(0, -1)
    .split(/\r?\n/)
    .map((line) => {
      const fields = line.split('\t');
      if (fields.length < 5) throw new Error(`a marker has ${fields.length} fields: ${line}`);
      const last = fields[fields.length - 1]!;
      const hasDuration = fields.length >= 6 && /^\d+$/.test(last);
      return {
        name: fields[0]!,
        timecode: fields[1]!,
        track: fields[2]!,
        colour: fields[3]!,
        comment: fields.slice(4, hasDuration ? -1 : undefined).join('\t'),
        duration: hasDuration ? Number(last) : null,
        fields: fields.length,
      };
    });
}

export interface EdlEvent {
  number: string;
  reel: string;
  channels: string;
  transition: string;
  sourceIn: string;
  sourceOut: string;
  recordIn: string;
  recordOut: string;
  /** The FCM in force for this event's source timecodes. */
  sourceDropFrame: boolean;
  comments: string[];
  locators: { timecode: string; colour: string; text: string }[];
}

export interface Edl {
  title: string;
  dropFrame: boolean;
  events: EdlEvent[];
}

/**
 * A strict CMX 3600 reader by columns (cmx3600-edl.md: 3-digit event, 8-character reel,
 * channels at 15–18, transition at 21–24, timecodes at 30, 42, 54, 66), CRLF only.
 */
export function readEdl(text: string): Edl {
  if (!text.endsWith('\r\n')) throw new Error('the list does not end with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  if (lines.some((line) => line.includes('\n') || line.includes('\r'))) throw new Error('a bare CR or LF in the list');
  const title = /^TITLE: (.+)$/.exec(lines[0] ?? '');
  if (!title) throw new Error(`line 1 is not a title: ${lines[0]}`);
  const fcmOf = (line: string) => (line === 'FCM: DROP FRAME' ? true : line === 'FCM: NON-DROP FRAME' ? false : null);
  const dropFrame = fcmOf(lines[1] ?? '');
  if (dropFrame === null) throw new Error(`line 2 is not an FCM line: ${lines[1]}`);
  let counting = dropFrame;
  const events: EdlEvent[] = [];
  for (const line of lines.slice(2)) {
    const fcm = fcmOf(line);
    if (fcm !== null) {
      counting = fcm;
      continue;
    }
    if (/^\d{3} {2}/.test(line)) {
      const column = (from: number, to: number) => line.slice(from - 1, to).trim();
      if (line.length !== 76) throw new Error(`an event line of ${line.length} columns: ${line}`);
      events.push({
        number: column(1, 3),
        reel: column(6, 13),
        channels: column(15, 18),
        transition: column(21, 24),
        sourceIn: column(30, 40),
        sourceOut: column(42, 52),
        recordIn: column(54, 64),
        recordOut: column(66, 76),
        sourceDropFrame: counting,
        comments: [],
        locators: [],
      });
      continue;
    }
    const event = events[events.length - 1];
    if (!event || !line.startsWith('*')) throw new Error(`a line outside any event: ${line}`);
    const locator = /^\* ?LOC: (\d\d:\d\d:\d\d[:;]\d\d) (\S+)\s+(.*)$/.exec(line);
    if (locator) event.locators.push({ timecode: locator[1]!, colour: locator[2]!, text: locator[3]! });
    else event.comments.push(line);
  }
  return { title: title[1]!, dropFrame, events };
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; records end CRLF. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else if (char === '\r' || char === '\n') throw new Error(`a bare line break outside quotes at ${i}`);
    else cell += char;
  }
  if (quoted || cell !== '' || row.length > 0) throw new Error('the file does not end with CRLF');
  return rows;
}

let created = 0;

/** A note as the server returns it, with what a test does not care about filled in. */
export function note(fields: Partial<Note> & Pick<Note, 'frame'>): Note {
  created += 1;
  return {
    id: `note-test${String(created).padStart(6, '0')}`,
    assetId: 'asset-0001',
    parentId: null,
    author: 'ana@example.com',
    text: 'a note',
    outFrame: null,
    drawing: [],
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    createdAt: `2026-12-06T10:${String(Math.floor(created / 60) % 60).padStart(2, '0')}:${String(created % 60).padStart(2, '0')}.000Z`,
    editedAt: null,
    version: 1,
    ...fields,
  };
}

export interface ResolveMarker {
  number: string;
  recordIn: string;
  recordOut: string;
  note: string;
  colour: string;
  name: string;
  duration: number;
}

/**
 * Resolve's timeline-marker EDL as cmx3600-edl.md describes it: after TITLE and FCM, each
 * event (reel `001`, source = record) is followed by `<note> |C:ResolveColor<Colour>
 * |M:<name> |D:<frames>` on a line of its own; blank lines are ignored.
 */
export function readResolveMarkers(text: string): { title: string; dropFrame: boolean; markers: ResolveMarker[] } {
  const lines = text.split('\r\n');
  if (lines.pop() !== '') throw new Error('the list does not end with CRLF');
  const title = /^TITLE: (.+)$/.exec(lines[0] ?? '')?.[1];
  const fcm = lines[1];
  if (title === undefined || (fcm !== 'FCM: DROP FRAME' && fcm !== 'FCM: NON-DROP FRAME')) throw new Error('no TITLE/FCM heading');
  const body = lines.slice(2).filter((line) => line !== '');
  const markers: ResolveMarker[] = [];
  for (let i = 0; i < body.length; i += 2) {
    const event = /^(\d{3}) {2}001 {6}V {5}C {8}(\S+) (\S+) (\S+) (\S+) {2}$/.exec(body[i]!);
    const marker = /^(.*) \|C:ResolveColor(\w+) \|M:(.*) \|D:(\d+)$/.exec(body[i + 1] ?? '');
    if (!event || !marker) throw new Error(`not a marker event: ${body[i]} / ${body[i + 1]}`);
    if (event[2] !== event[4] || event[3] !== event[5]) throw new Error(`source and record differ: ${body[i]}`);
    markers.push({
      number: event[1]!,
      recordIn: event[4]!,
      recordOut: event[5]!,
      note: marker[1]!,
      colour: marker[2]!,
      name: marker[3]!,
      duration: Number(marker[4]),
    });
  }
  return { title, dropFrame: fcm === 'FCM: DROP FRAME', markers };
}
