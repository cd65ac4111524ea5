import {
  framesInDuration,
  framesToTimecode,
  normaliseFrameRate,
  startFrameOf,
  timecodeBase,
  type AssetView,
  type Fraction,
  type TimecodeBase,
} from '@rushes/shared';

/**
 * How the viewer counts and labels positions in one asset: its timecode (start timecode and
 * exact rate, drop-frame where the source is) for pictures; for sound, which has no frames,
 * a clock in hundredths of a second (`00:00:01.25`), so the same keys step 1/100 s.
 */
export interface Clock {
  base: TimecodeBase;
  /** The first frame's count from 00:00:00:00 (its start timecode). */
  startFrame: number;
  /** The clip's length in frames (0 when unknown). */
  frameCount: number;
  /** A frame of the clip (0 = first) as its timecode. */
  label(frame: number): string;
  /** A number of frames as a duration. */
  length(frames: number): string;
  /** `25 fps`, `29.97 fps DF`, `1/100 s`. */
  rateLabel: string;
  /** What one step is called in the readout. */
  stepName: 'Frame' | 'Step';
}

const HUNDREDTHS: Fraction = { num: 100, den: 1 };

export function clockFor(asset: AssetView, mediaDurationSeconds: number | null): Clock {
  const technical = asset.technical;
  const rate = asset.kind === 'audio' ? null : normaliseFrameRate(technical?.frameRate ?? null);
  const duration = technical?.durationSeconds ?? mediaDurationSeconds ?? 0;
  if (!rate) {
    const base = timecodeBase(HUNDREDTHS);
    const asClock = (frames: number) => framesToTimecode(frames, base).replace(/:(\d+)$/, '.$1');
    return {
      base,
      startFrame: 0,
      frameCount: framesInDuration(duration, HUNDREDTHS),
      label: asClock,
      length: asClock,
      rateLabel: '1/100 s',
      stepName: 'Step',
    };
  }
  const base = timecodeBase(rate, technical?.startTimecode ?? null);
  const startFrame = startFrameOf(technical?.startTimecode ?? null, base);
  const fps = rate.num / rate.den;
  const rateText = Number.isInteger(fps) ? String(fps) : String(Number(fps.toFixed(3)));
  return {
    base,
    startFrame,
    frameCount: framesInDuration(duration, rate),
    label: (frame) => framesToTimecode(startFrame + frame, base),
    length: (frames) => framesToTimecode(frames, base),
    rateLabel: `${rateText} fps${base.dropFrame ? ' DF' : base.rate.den === 1001 ? ' NDF' : ''}`,
    stepName: 'Frame',
  };
}
