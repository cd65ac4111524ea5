/**
 * Avid Log Exchange (ALE) for Media Composer: a tab-delimited text file with a Heading, a
 * Column line and one Data row per clip.
 *
 * Written as Resolve writes ALEs for Avid (CRLF), with one blank line ending each section, no
 * trailing TAB, column names spelled exactly as Media Composer's (they are case sensitive),
 * `End` exclusive (Start + Duration, as a Media Composer export has it), and drop-frame
 * timecode with `;` before the frames. Circled takes go in a custom `Circled` column (`Yes`
 * or empty): Avid has no standard one, and a name of 14 characters or fewer is kept whole.
 */
import type { Fraction } from '../domain';
import { dropFrameAllowed, framesToTimecode, timecodeToFrames, type TimecodeBase } from '../timecode';
import { FormatError } from './formatError';

export interface AleClip {
  /** The clip name as the editor will see it in the bin. */
  readonly name: string;
  /** Tape / reel name that links the clip to its media (camera reel). */
  readonly tape: string | null;
  /** First frame's timecode label, e.g. `14:21:07:10` (`;` for drop-frame). */
  readonly start: string;
  /** Length in frames (at least one). */
  readonly durationFrames: number;
  readonly hasVideo: boolean;
  /** Audio tracks, written A1…An. */
  readonly audioTracks: number;
  readonly scene: string | null;
  readonly take: string | null;
  readonly camera: string | null;
  readonly circled: boolean;
  /** The media's file name, which Avid uses to link file-based clips. */
  readonly sourceFile: string | null;
  /** Notes text; line breaks become spaces. */
  readonly comments: string | null;
}

export interface AleOptions {
  /** `1080`, `720`, `PAL`, `NTSC` or `CUSTOM`; see aleVideoFormat. */
  readonly videoFormat: string;
  /** The project's exact frame rate; every clip's timecode counts at it. */
  readonly fps: Fraction;
  /** Drop-frame timecode; only at 30000/1001 and 60000/1001. */
  readonly dropFrame?: boolean;
  /** e.g. `48khz`. Left out of the heading when not given. */
  readonly audioFormat?: string;
}

export const ALE_COLUMNS = [
  'Name',
  'Tracks',
  'Start',
  'End',
  'Duration',
  'Tape',
  'FPS',
  'Scene',
  'Take',
  'Camera',
  'Circled',
  'Source File',
  'Comments',
] as const;

const VIDEO_FORMATS = ['1080', '720', 'PAL', 'NTSC', 'CUSTOM'];

/** The FPS spelling Media Composer and Resolve use: 23.976, 29.97, 59.94 for the NTSC rates, whole numbers otherwise. */
export function aleFps(rate: Fraction): string {
  const named: Record<string, string> = { '24000/1001': '23.976', '30000/1001': '29.97', '60000/1001': '59.94' };
  const key = `${rate.num}/${rate.den}`;
  if (named[key]) return named[key];
  if (rate.den > 0 && rate.num % rate.den === 0 && [24, 25, 30, 48, 50, 60].includes(rate.num / rate.den))
    return String(rate.num / rate.den);
  throw new FormatError('ale', 'FPS', `${key} is not a frame rate an Avid project has (23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60)`);
}

/** VIDEO_FORMAT from a picture size, as OpenTimelineIO's ALE adapter maps it. */
export function aleVideoFormat(width: number, height: number): string {
  if (height === 1080 && width <= 1920) return '1080';
  if (height === 720) return '720';
  if (height === 576) return 'PAL';
  if (height === 486) return 'NTSC';
  return 'CUSTOM';
}

/** A value made safe for one TAB-separated field: TABs and line breaks become spaces, other control characters go. */
function field(value: string | null): string {
  if (value === null) return '';
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n|[\t\r\n]/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

export function aleText(clips: readonly AleClip[], options: AleOptions): string {
  const dropFrame = options.dropFrame ?? false;
  if (dropFrame && !dropFrameAllowed(options.fps)) {
    throw new FormatError('ale', 'FPS', `drop-frame timecode does not exist at ${options.fps.num}/${options.fps.den}`);
  }
  const fps = aleFps(options.fps);
  if (!VIDEO_FORMATS.includes(options.videoFormat)) {
    throw new FormatError('ale', 'VIDEO_FORMAT', `“${options.videoFormat}” is not one of ${VIDEO_FORMATS.join(', ')}`);
  }
  if (options.audioFormat !== undefined && !/^\d+(\.\d+)?khz$/i.test(options.audioFormat)) {
    throw new FormatError('ale', 'AUDIO_FORMAT', `“${options.audioFormat}” is not a sample rate like 48khz`);
  }
  const base: TimecodeBase = { rate: options.fps, nominal: Math.round(options.fps.num / options.fps.den), dropFrame };

  const rows = clips.map((clip, index) => {
    const where = (column: string) => `clip ${index + 1} (${clip.name || 'no name'}), ${column}`;
    if (field(clip.name).trim() === '') throw new FormatError('ale', where('Name'), 'a clip needs a name');
    const start = timecodeToFrames(clip.start, base);
    if (!start.ok) throw new FormatError('ale', where('Start'), start.message);
    if (!Number.isSafeInteger(clip.durationFrames) || clip.durationFrames < 1) {
      throw new FormatError('ale', where('Duration'), `${clip.durationFrames} is not a length of one frame or more`);
    }
    if (!Number.isInteger(clip.audioTracks) || clip.audioTracks < 0) {
      throw new FormatError('ale', where('Tracks'), `${clip.audioTracks} is not a number of audio tracks`);
    }
    if (!clip.hasVideo && clip.audioTracks === 0) throw new FormatError('ale', where('Tracks'), 'a clip needs video or audio');
    const tracks = `${clip.hasVideo ? 'V' : ''}${Array.from({ length: clip.audioTracks }, (_, track) => `A${track + 1}`).join('')}`;
    return [
      field(clip.name),
      tracks,
      framesToTimecode(start.value, base),
      framesToTimecode(start.value + clip.durationFrames, base),
      framesToTimecode(clip.durationFrames, base),
      field(clip.tape),
      fps,
      field(clip.scene),
      field(clip.take),
      field(clip.camera),
      clip.circled ? 'Yes' : '',
      field(clip.sourceFile),
      field(clip.comments),
    ].join('\t');
  });

  const heading = ['Heading', 'FIELD_DELIM\tTABS', `VIDEO_FORMAT\t${options.videoFormat}`];
  if (options.audioFormat !== undefined) heading.push(`AUDIO_FORMAT\t${options.audioFormat}`);
  heading.push(`FPS\t${fps}`);
  const lines = [...heading, '', 'Column', ALE_COLUMNS.join('\t'), '', 'Data', ...rows];
  return `${lines.join('\r\n')}\r\n`;
}
