/**
 * SMPTE timecode as editors read it, from a clip's exact frame rate and its start timecode.
 * Pure arithmetic on whole frames: a position is a frame number, never a float of seconds,
 * so nothing drifts over a long clip.
 *
 * Drop-frame (29.97 and 59.94 DF, written with `;`) keeps timecode in step with the clock by
 * skipping frame *labels* 00 and 01 (00–03 at 59.94) at the start of every minute except
 * each tenth; no picture is dropped. Every other rate counts non-drop (`:`).
 */
import type { Fraction } from './domain';

export interface TimecodeBase {
  /** The exact rate pictures play at (24000/1001). */
  readonly rate: Fraction;
  /** Frames counted in one timecode second: 24 for 23.976, 30 for 29.97. */
  readonly nominal: number;
  readonly dropFrame: boolean;
}

const SECONDS_PER_DAY = 24 * 3600;

/** Whether drop-frame counting exists at this rate: 30000/1001 and its multiples (59.94, 119.88). */
export function dropFrameAllowed(rate: Fraction): boolean {
  const nominal = Math.round(rate.num / rate.den);
  return rate.num * 1001 === nominal * 1000 * rate.den && nominal % 30 === 0;
}

/**
 * The counting a clip uses. Drop-frame only where the source says so (its start timecode is
 * written with `;`, or `.`/`,` as some cameras do) and the rate allows it; non-drop otherwise.
 */
export function timecodeBase(rate: Fraction, startTimecode: string | null = null): TimecodeBase {
  if (!(rate.num > 0 && rate.den > 0)) throw new Error(`${rate.num}/${rate.den} is not a frame rate`);
  const nominal = Math.max(1, Math.round(rate.num / rate.den));
  const marked = startTimecode !== null && /[;.,]\d+$/.test(startTimecode.trim());
  return { rate, nominal, dropFrame: marked && dropFrameAllowed(rate) };
}

/** Frame labels skipped at the start of a minute in drop-frame: 2 at 29.97, 4 at 59.94. */
function dropsPerMinute(base: TimecodeBase): number {
  return base.dropFrame ? base.nominal / 15 : 0;
}

/** How many frames one day of timecode holds (00:00:00:00 to 23:59:59:ff). */
export function framesPerDay(base: TimecodeBase): number {
  const drops = dropsPerMinute(base);
  return SECONDS_PER_DAY * base.nominal - drops * (24 * 60 - 24 * 6);
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The timecode label of a frame count from 00:00:00:00; wraps at 24 hours, like a timecode clock. */
export function framesToTimecode(frames: number, base: TimecodeBase): string {
  if (!Number.isSafeInteger(frames)) throw new Error(`${frames} is not a whole number of frames`);
  const day = framesPerDay(base);
  let count = ((frames % day) + day) % day;
  const drops = dropsPerMinute(base);
  if (drops > 0) {
    const perMinute = base.nominal * 60 - drops;
    const perTenMinutes = base.nominal * 600 - drops * 9;
    const tens = Math.floor(count / perTenMinutes);
    const rest = count % perTenMinutes;
    // Put back the labels skipped so far: 9 minutes' worth per whole ten, then one per minute past the first.
    count += drops * 9 * tens + (rest > drops ? drops * Math.floor((rest - drops) / perMinute) : 0);
  }
  const frame = count % base.nominal;
  const totalSeconds = Math.floor(count / base.nominal);
  const digits = base.nominal > 100 ? 3 : 2;
  return `${pad(Math.floor(totalSeconds / 3600), 2)}:${pad(Math.floor(totalSeconds / 60) % 60, 2)}:${pad(totalSeconds % 60, 2)}${base.dropFrame ? ';' : ':'}${pad(frame, digits)}`;
}

export interface TimecodeParts {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly frames: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Whether these parts name a frame that exists at this base, and which, as a count from 00:00:00:00. */
export function partsToFrames(parts: TimecodeParts, base: TimecodeBase): Parsed<number> {
  const { hours, minutes, seconds, frames } = parts;
  if (hours > 23) return { ok: false, message: 'Hours go from 00 to 23.' };
  if (minutes > 59) return { ok: false, message: 'Minutes go from 00 to 59.' };
  if (seconds > 59) return { ok: false, message: 'Seconds go from 00 to 59.' };
  if (frames >= base.nominal) return { ok: false, message: `Frames go from 00 to ${base.nominal - 1} at ${formatRate(base.rate)} fps.` };
  const drops = dropsPerMinute(base);
  const totalMinutes = hours * 60 + minutes;
  if (drops > 0 && seconds === 0 && frames < drops && minutes % 10 !== 0) {
    const skipped = Array.from({ length: drops }, (_, i) => pad(i, 2)).join(', ');
    return {
      ok: false,
      message: `Drop-frame timecode has no frame ${pad(frames, 2)} here: frames ${skipped} are skipped at the start of each minute except every tenth.`,
    };
  }
  const count = (hours * 3600 + minutes * 60 + seconds) * base.nominal + frames - drops * (totalMinutes - Math.floor(totalMinutes / 10));
  return { ok: true, value: count };
}

/** Reads `HH:MM:SS:FF` (any of `:;.,` between parts) strictly, as a probe or a file writes it. */
export function timecodeToFrames(timecode: string, base: TimecodeBase): Parsed<number> {
  const match = /^(\d{1,2})[:;.,](\d{1,2})[:;.,](\d{1,2})[:;.,](\d{1,3})$/.exec(timecode.trim());
  if (!match) return { ok: false, message: `“${timecode}” is not a timecode (HH:MM:SS:FF).` };
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number) as [number, number, number, number];
  return partsToFrames({ hours, minutes, seconds, frames }, base);
}

/** Where typed timecode leads: a frame count from 00:00:00:00, or a number of frames to move by. */
export type TimecodeTarget =
  { readonly kind: 'absolute'; readonly frames: number } | { readonly kind: 'relative'; readonly frames: number };

/**
 * What someone types into a "go to timecode" field, read the way NLEs read it: `01:00:10:05`
 * (any of `:;.,` between parts, leading parts may be left out), or digits alone filled from
 * the right (`1000` is 00:00:10:00, `1000105` is 01:00:01:05). A leading `+` or `-` moves by
 * that much from where the playhead is (`+10` is ten frames on, `-1:00` one second back).
 */
export function parseTimecodeInput(input: string, base: TimecodeBase): Parsed<TimecodeTarget> {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Type a timecode, e.g. 01:00:10:05.' };
  const sign = text[0] === '+' ? 1 : text[0] === '-' ? -1 : 0;
  const body = sign === 0 ? text : text.slice(1).trim();
  if (!/^[0-9:;.,]+$/.test(body) || !/\d/.test(body)) {
    return { ok: false, message: `“${input}” is not a timecode: use digits and : ; . , only (e.g. 01:00:10:05).` };
  }
  const digits = base.nominal > 100 ? 3 : 2;
  let fields: string[];
  if (/^\d+$/.test(body)) {
    if (body.length > 6 + digits) return { ok: false, message: `“${input}” has too many digits for a timecode.` };
    fields = body.length <= digits ? [body] : [body.slice(-digits), ...pairsFromRight(body.slice(0, -digits))].reverse();
  } else {
    fields = body.split(/[:;.,]/);
    if (fields.length > 4 || fields.some((field) => field === ''))
      return { ok: false, message: `“${input}” is not a timecode (HH:MM:SS:FF).` };
    if (fields.slice(0, -1).some((field) => field.length > 2) || fields[fields.length - 1]!.length > digits) {
      return { ok: false, message: `“${input}” is not a timecode: each part has at most two digits.` };
    }
  }
  const values = fields.map(Number);
  while (values.length < 4) values.unshift(0);
  const [hours, minutes, seconds, frames] = values as [number, number, number, number];
  if (sign !== 0) {
    // An offset is a length, not a label: no frames are skipped in it.
    if (frames >= base.nominal) return { ok: false, message: `Frames go from 00 to ${base.nominal - 1} at ${formatRate(base.rate)} fps.` };
    const length = ((hours * 60 + minutes) * 60 + seconds) * base.nominal + frames;
    return { ok: true, value: { kind: 'relative', frames: sign * length } };
  }
  const count = partsToFrames({ hours, minutes, seconds, frames }, base);
  return count.ok ? { ok: true, value: { kind: 'absolute', frames: count.value } } : count;
}

function pairsFromRight(text: string): string[] {
  const pairs: string[] = [];
  for (let end = text.length; end > 0; end -= 2) pairs.push(text.slice(Math.max(0, end - 2), end));
  return pairs;
}

function formatRate(rate: Fraction): string {
  const fps = rate.num / rate.den;
  return Number.isInteger(fps) ? String(fps) : String(Number(fps.toFixed(3)));
}

// ---------------------------------------------------------------------------------------
// Frames and a player's clock
// ---------------------------------------------------------------------------------------

/**
 * The frame showing at a player's currentTime. A seek lands on a frame's centre
 * (timeOfFrame), so flooring is safe; the tiny allowance absorbs float error at exact frame
 * starts (0.04 × 25 = 0.9999999…).
 */
export function frameAtTime(seconds: number, rate: Fraction): number {
  if (!(seconds > 0)) return 0;
  return Math.floor((seconds * rate.num) / rate.den + 1e-6);
}

/** The time to seek to for a frame: its centre, so rounding either way still shows that frame. */
export function timeOfFrame(frame: number, rate: Fraction): number {
  return ((frame + 0.5) * rate.den) / rate.num;
}

/** How many whole frames a duration holds (container durations are rounded, so round). */
export function framesInDuration(seconds: number, rate: Fraction): number {
  if (!(seconds > 0)) return 0;
  return Math.round((seconds * rate.num) / rate.den);
}

/** A clip's first frame as a count from 00:00:00:00, from its start timecode (0 when it has none or it is unreadable). */
export function startFrameOf(startTimecode: string | null, base: TimecodeBase): number {
  if (!startTimecode) return 0;
  const parsed = timecodeToFrames(startTimecode, base);
  return parsed.ok ? parsed.value : 0;
}
