import type { AssetView } from '../catalogApi';
import type { Fraction } from '../domain';
import { DomainError } from '../errors';
import { normaliseFrameRate } from '../proxySpec';
import type { Note } from '../reviewApi';
import { dropFrameAllowed, framesInDuration, framesToTimecode, timecodeBase, timecodeToFrames, type TimecodeBase } from '../timecode';

/**
 * One clip and its notes, as the marker exporters (Avid marker text, CMX3600 EDL, CSV) need
 * them: where its timecode starts, how it counts, and how long it runs. Note frames count
 * from the clip's first frame at this rate (reviewApi.ts), so a note's label is the start
 * timecode plus its frame, in the clip's own counting.
 */
export interface MarkerClip {
  readonly assetId: string;
  /** The file name, as editors see it in a bin (`A001C003_240517_R1AB.MOV`). */
  readonly name: string;
  /** Tape or reel name; null when the clip has none (the EDL then derives one from the name). */
  readonly tape: string | null;
  readonly rate: Fraction;
  /** Timecode of the clip's first frame (`01:00:00:00`, `01:00:00;00` for drop-frame). */
  readonly startTimecode: string;
  readonly dropFrame: boolean;
  /** How many frames the clip holds; null when the probe could not tell. */
  readonly durationFrames: number | null;
  readonly notes: readonly Note[];
}

/** The count NLEs give a clip whose file carries no start timecode. */
const NO_TIMECODE = '00:00:00:00';
/** The timecode rate of sound whose file states none: PAL-land's 25, as the viewer counts it. */
const SOUND_DEFAULT_RATE: Fraction = { num: 25, den: 1 };

/**
 * A clip for the exporters, from what the probe recorded on the asset: its exact frame rate,
 * start timecode and duration. Sound has no picture rate, so a sound file counts frames at
 * its timecode rate when it is known (a rate recorded on the asset, or 29.97/59.94 when its
 * start timecode is written drop-frame, the only rates where that exists) and at 25 otherwise,
 * the same counting the notes themselves were made in. The tape name is the file name
 * without its extension: the asset records no separate tape or reel.
 */
export function markerClip(asset: AssetView, notes: readonly Note[]): MarkerClip {
  const technical = asset.technical;
  const startTimecode = technical?.startTimecode?.trim() || NO_TIMECODE;
  const markedDrop = /[;.,]\d+$/.test(startTimecode);
  const rate = normaliseFrameRate(technical?.frameRate ?? null) ?? (markedDrop ? dropRateOf(startTimecode) : SOUND_DEFAULT_RATE);
  const duration = technical?.durationSeconds ?? null;
  return {
    assetId: asset.id,
    name: asset.name,
    tape: asset.name.replace(/\.[^.]+$/, '') || asset.name,
    rate,
    startTimecode,
    dropFrame: markedDrop && dropFrameAllowed(rate),
    durationFrames: duration !== null && duration > 0 ? framesInDuration(duration, rate) : null,
    notes,
  };
}

/** A drop-frame label's rate: 59.94 when its frame digits go past 29, 29.97 otherwise. */
function dropRateOf(timecode: string): Fraction {
  const frames = Number(/(\d+)$/.exec(timecode)?.[1] ?? 0);
  return frames >= 30 ? { num: 60000, den: 1001 } : { num: 30000, den: 1001 };
}

/** A clip checked for export: its counting, its first frame from 00:00:00:00, a label maker. */
export interface CheckedClip {
  readonly clip: MarkerClip;
  readonly base: TimecodeBase;
  readonly startFrame: number;
  /** The timecode of a frame of the clip (0 = its first), wrapping past 23:59:59 like a clock. */
  label(frame: number): string;
}

function invalid(message: string, field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, field);
}

/**
 * Checks a clip and its notes before anything is written, so a bad one is refused with the
 * clip (and note) named and no file half made.
 */
export function checkClip(clip: MarkerClip, index: number): CheckedClip {
  const at = `clips[${index}]`;
  const who = `Clip “${clip.name}”`;
  const rate = normaliseFrameRate(clip.rate);
  if (!rate) throw invalid(`${who} has no usable frame rate (${clip.rate.num}/${clip.rate.den}).`, `${at}.rate`);
  if (clip.dropFrame && !dropFrameAllowed(rate)) {
    throw invalid(`${who} says drop-frame, which exists only at 29.97 and 59.94 fps.`, `${at}.dropFrame`);
  }
  const base: TimecodeBase = { ...timecodeBase(rate), dropFrame: clip.dropFrame };
  const start = timecodeToFrames(clip.startTimecode, base);
  if (!start.ok) throw invalid(`${who}: start timecode “${clip.startTimecode}”: ${start.message}`, `${at}.startTimecode`);
  if (clip.durationFrames !== null && !(Number.isSafeInteger(clip.durationFrames) && clip.durationFrames >= 0)) {
    throw invalid(`${who}: a duration is a whole number of frames, not ${clip.durationFrames}.`, `${at}.durationFrames`);
  }
  clip.notes.forEach((note, n) => {
    const field = `${at}.notes[${n}]`;
    if (note.assetId !== clip.assetId) {
      throw invalid(
        `${who}: note ${note.id} belongs to another asset (${note.assetId}), so its frame means nothing here.`,
        `${field}.assetId`,
      );
    }
    if (!(Number.isSafeInteger(note.frame) && note.frame >= 0)) {
      throw invalid(`${who}: note ${note.id} is at frame ${note.frame}, not a whole frame from the clip's start.`, `${field}.frame`);
    }
    if (note.outFrame !== null && !(Number.isSafeInteger(note.outFrame) && note.outFrame >= note.frame)) {
      throw invalid(`${who}: note ${note.id} ends at frame ${note.outFrame}, before it starts (${note.frame}).`, `${field}.outFrame`);
    }
  });
  const startFrame = start.value;
  return { clip, base, startFrame, label: (frame) => framesToTimecode(startFrame + frame, base) };
}

/** How many frames a note covers: its range (the out frame is inclusive) or the one frame. */
export function noteLength(note: Note): number {
  return note.outFrame === null ? 1 : note.outFrame - note.frame + 1;
}

export interface NoteSelection {
  /** Replies go into their note's comment, oldest first (default true). */
  readonly includeReplies?: boolean;
  /** Notes marked resolved are written too (default false: the edit gets what is still open). */
  readonly includeResolved?: boolean;
}

export interface MarkerNote {
  readonly note: Note;
  /** The note's replies that are written with it, oldest first. */
  readonly replies: readonly Note[];
}

/**
 * The notes of a clip that become markers, by frame then creation. A reply is not a marker of
 * its own (it sits on its parent's frame) but part of its parent's comment; a reply whose
 * note is not in the list is written on its own so nothing the caller passed is lost.
 */
export function markerNotes(notes: readonly Note[], selection: NoteSelection = {}): MarkerNote[] {
  const includeReplies = selection.includeReplies ?? true;
  const includeResolved = selection.includeResolved ?? false;
  const ids = new Set(notes.map((note) => note.id));
  const repliesOf = new Map<string, Note[]>();
  for (const note of notes) {
    if (note.parentId === null || !ids.has(note.parentId)) continue;
    const list = repliesOf.get(note.parentId) ?? [];
    list.push(note);
    repliesOf.set(note.parentId, list);
  }
  return notes
    .filter((note) => note.parentId === null || !ids.has(note.parentId))
    .filter((note) => includeResolved || !note.resolved)
    .sort(byFrameThenCreation)
    .map((note) => ({
      note,
      replies: includeReplies ? [...(repliesOf.get(note.id) ?? [])].sort(byFrameThenCreation) : [],
    }));
}

export function byFrameThenCreation(a: Note, b: Note): number {
  return a.frame - b.frame || order(a.createdAt, b.createdAt) || order(a.id, b.id);
}

/** Code-unit order: ISO times and ids sort the same on every machine, whatever its locale. */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
