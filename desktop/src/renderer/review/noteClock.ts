import {
  framesToTimecode,
  normaliseFrameRate,
  startFrameOf,
  timecodeBase,
  type AssetView,
  type Fraction,
  type TimecodeBase,
} from '@rushes/shared';
import type { Clock } from '../library/clock';

/**
 * Where notes sit in one asset, in the contract's frames: a picture counts at its own rate
 * (the transport's frames are the same frames); sound, which the transport steps in
 * hundredths of a second, counts at its timecode rate, or 25 when the file gives none.
 */
export interface NoteClock {
  base: TimecodeBase;
  /** A note frame (0 = the clip's first) as its timecode, drop-frame where the source is. */
  label(frame: number): string;
  /** The note frame under a transport position. */
  fromTransport(position: number): number;
  /** The transport position that shows a note frame. */
  toTransport(frame: number): number;
}

const SOUND_FALLBACK: Fraction = { num: 25, den: 1 };

export function noteClockFor(asset: AssetView, clock: Clock | null): NoteClock {
  const startTimecode = asset.technical?.startTimecode ?? null;
  if (clock && clock.stepName === 'Frame') {
    return { base: clock.base, label: clock.label, fromTransport: (n) => n, toTransport: (n) => n };
  }
  const rate = normaliseFrameRate(asset.technical?.frameRate ?? null) ?? SOUND_FALLBACK;
  const base = timecodeBase(rate, startTimecode);
  const startFrame = startFrameOf(startTimecode, base);
  // The transport of sound steps hundredths (clock.base.rate is 100/1); stills have no transport.
  const steps = clock?.base.rate ?? null;
  return {
    base,
    label: (frame) => framesToTimecode(startFrame + frame, base),
    fromTransport: (position) => (steps ? Math.floor((position * steps.den * rate.num) / (steps.num * rate.den) + 1e-9) : 0),
    toTransport: (frame) => (steps ? Math.ceil((frame * rate.den * steps.num) / (rate.num * steps.den) - 1e-9) : 0),
  };
}
