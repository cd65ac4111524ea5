import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dropFrameAllowed,
  frameAtTime,
  framesInDuration,
  framesPerDay,
  framesToTimecode,
  parseTimecodeInput,
  startFrameOf,
  timecodeBase,
  timecodeToFrames,
  timeOfFrame,
  type TimecodeBase,
} from './timecode';

const r = (num: number, den = 1) => ({ num, den });
const df2997 = timecodeBase(r(30000, 1001), '01:00:00;00');
const df5994 = timecodeBase(r(60000, 1001), '00:00:00;00');
const ndf2997 = timecodeBase(r(30000, 1001), '01:00:00:00');
const fps25 = timecodeBase(r(25), '01:00:00:00');
const fps23976 = timecodeBase(r(24000, 1001), '01:00:00:00');
const bases: [string, TimecodeBase][] = [
  ['29.97 DF', df2997],
  ['59.94 DF', df5994],
  ['29.97 NDF', ndf2997],
  ['25', fps25],
  ['23.976', fps23976],
  ['24', timecodeBase(r(24))],
  ['50', timecodeBase(r(50))],
  ['120', timecodeBase(r(120))],
];

const frames = (tc: string, base: TimecodeBase) => {
  const parsed = timecodeToFrames(tc, base);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('which counting a clip uses', () => {
  it('is drop-frame only where the source marks it and the rate has it', () => {
    expect(df2997.dropFrame).toBe(true);
    expect(df5994.dropFrame).toBe(true);
    expect(timecodeBase(r(30000, 1001), '00:59:58.00').dropFrame).toBe(true);
    expect(ndf2997.dropFrame).toBe(false);
    expect(timecodeBase(r(30000, 1001), null).dropFrame).toBe(false);
    // A `;` on a rate without drop-frame (25, 23.976, 30) is ignored: those always count every label.
    expect(timecodeBase(r(25), '01:00:00;00').dropFrame).toBe(false);
    expect(timecodeBase(r(24000, 1001), '01:00:00;00').dropFrame).toBe(false);
    expect(timecodeBase(r(30), '01:00:00;00').dropFrame).toBe(false);
    expect(fps23976.nominal).toBe(24);
    expect(df2997.nominal).toBe(30);
    expect(dropFrameAllowed(r(60000, 1001))).toBe(true);
    expect(dropFrameAllowed(r(24000, 1001))).toBe(false);
    expect(() => timecodeBase(r(0, 1))).toThrow(/not a frame rate/);
  });
});

describe('drop-frame labels at the boundaries', () => {
  it('skips 00 and 01 at each minute but not at each tenth (29.97)', () => {
    expect(framesToTimecode(0, df2997)).toBe('00:00:00;00');
    expect(framesToTimecode(1799, df2997)).toBe('00:00:59;29');
    expect(framesToTimecode(1800, df2997)).toBe('00:01:00;02');
    expect(framesToTimecode(3597, df2997)).toBe('00:01:59;29');
    expect(framesToTimecode(3598, df2997)).toBe('00:02:00;02');
    expect(framesToTimecode(17981, df2997)).toBe('00:09:59;29');
    expect(framesToTimecode(17982, df2997)).toBe('00:10:00;00');
    expect(framesToTimecode(17983, df2997)).toBe('00:10:00;01');
    expect(framesToTimecode(17982 + 1800, df2997)).toBe('00:11:00;02');
    expect(framesToTimecode(107892, df2997)).toBe('01:00:00;00');
    expect(frames('00:01:00;02', df2997)).toBe(1800);
    expect(frames('00:10:00;00', df2997)).toBe(17982);
    expect(frames('01:00:00;00', df2997)).toBe(107892);
    expect(frames('01:00:59;29', df2997) + 1).toBe(frames('01:01:00;02', df2997));
  });

  it('skips 00 to 03 at 59.94', () => {
    expect(framesToTimecode(3599, df5994)).toBe('00:00:59;59');
    expect(framesToTimecode(3600, df5994)).toBe('00:01:00;04');
    expect(framesToTimecode(35964, df5994)).toBe('00:10:00;00');
  });

  it('has one day of 2,589,408 frames at 29.97 DF and wraps after it', () => {
    expect(framesPerDay(df2997)).toBe(2_589_408);
    expect(framesPerDay(ndf2997)).toBe(2_592_000);
    expect(framesToTimecode(2_589_407, df2997)).toBe('23:59:59;29');
    expect(framesToTimecode(2_589_408, df2997)).toBe('00:00:00;00');
    expect(framesToTimecode(-1, df2997)).toBe('23:59:59;29');
    expect(framesToTimecode(-1, fps25)).toBe('23:59:59:24');
  });

  it('refuses a label drop-frame never uses, saying why', () => {
    const parsed = timecodeToFrames('00:01:00;01', df2997);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/skipped at the start of each minute except every tenth/);
    expect(timecodeToFrames('00:10:00;00', df2997).ok).toBe(true);
    expect(timecodeToFrames('00:01:00;02', df2997).ok).toBe(true);
    // In non-drop the same label exists.
    expect(timecodeToFrames('00:01:00:01', ndf2997)).toEqual({ ok: true, value: 1801 });
  });
});

describe('non-drop counting', () => {
  it('counts every label at 25, 23.976 and 29.97 NDF', () => {
    expect(frames('01:00:00:00', fps25)).toBe(90_000);
    expect(framesToTimecode(90_000 + 24, fps25)).toBe('01:00:00:24');
    expect(framesToTimecode(90_000 + 25, fps25)).toBe('01:00:01:00');
    expect(frames('01:00:00:00', fps23976)).toBe(86_400);
    expect(framesToTimecode(86_400 + 23, fps23976)).toBe('01:00:00:23');
    expect(framesToTimecode(86_400 + 24, fps23976)).toBe('01:00:01:00');
    expect(framesToTimecode(1800, ndf2997)).toBe('00:01:00:00');
    expect(framesToTimecode(125, timecodeBase(r(120)))).toBe('00:00:01:005');
  });

  it('refuses parts out of range, naming the part', () => {
    const message = (tc: string, base: TimecodeBase) => {
      const parsed = timecodeToFrames(tc, base);
      return parsed.ok ? '' : parsed.message;
    };
    expect(message('01:00:00:25', fps25)).toBe('Frames go from 00 to 24 at 25 fps.');
    expect(message('01:00:00:24', fps23976)).toBe('Frames go from 00 to 23 at 23.976 fps.');
    expect(message('01:00:60:00', fps25)).toMatch(/Seconds/);
    expect(message('01:60:00:00', fps25)).toMatch(/Minutes/);
    expect(message('24:00:00:00', fps25)).toMatch(/Hours/);
    expect(message('1:00:00', fps25)).toMatch(/not a timecode/);
  });
});

describe('timecode properties', () => {
  for (const [name, base] of bases) {
    const day = framesPerDay(base);
    const frame = fc.integer({ min: 0, max: day - 1 });

    it(`${name}: every frame of the day reads back as itself`, () => {
      fc.assert(fc.property(frame, (n) => frames(framesToTimecode(n, base), base) === n));
    });

    it(`${name}: the next frame's label is the next label that exists`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: day - 2 }), (n) => {
          const [h, m, s, f] = framesToTimecode(n, base).split(/[:;]/).map(Number) as [number, number, number, number];
          const [h2, m2, s2, f2] = framesToTimecode(n + 1, base)
            .split(/[:;]/)
            .map(Number) as [number, number, number, number];
          // Step the label by one frame by hand, then skip what drop-frame skips.
          let next = [h, m, s, f + 1];
          if (next[3]! === base.nominal) next = [h, m, s + 1, 0];
          if (next[2]! === 60) next = [h, m + 1, 0, 0];
          if (next[1]! === 60) next = [h + 1, 0, 0, 0];
          if (base.dropFrame && next[2] === 0 && next[3] === 0 && next[1]! % 10 !== 0) next[3] = base.nominal / 15;
          return next.join() === [h2, m2, s2, f2].join();
        }),
      );
    });

    it(`${name}: the frame found at a frame's centre time is that frame`, () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => frameAtTime(timeOfFrame(n, base.rate), base.rate) === n));
    });

    it(`${name}: typed timecode lands where the label says`, () => {
      fc.assert(
        fc.property(frame, (n) => {
          const parsed = parseTimecodeInput(framesToTimecode(n, base), base);
          return parsed.ok && parsed.value.kind === 'absolute' && parsed.value.frames === n;
        }),
      );
    });
  }

  it('drop-frame stays within 5 frames of the wall clock all day (29.97 DF; non-drop would be 3.6 s off after an hour)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: framesPerDay(df2997) - 1 }), (n) => {
        const [h, m, s, f] = framesToTimecode(n, df2997).split(/[:;]/).map(Number) as [number, number, number, number];
        const labelSeconds = h * 3600 + m * 60 + s + f / 30;
        const realSeconds = (n * 1001) / 30000;
        return Math.abs(labelSeconds - realSeconds) < 5 / 30;
      }),
    );
  });
});

describe('the go-to-timecode field', () => {
  const target = (input: string, base = fps25) => {
    const parsed = parseTimecodeInput(input, base);
    return parsed.ok ? parsed.value : parsed.message;
  };

  it('reads full timecode, short timecode and digits filled from the right', () => {
    expect(target('01:00:10:05')).toEqual({ kind: 'absolute', frames: 90_000 + 255 });
    expect(target('1.0.10.5')).toEqual({ kind: 'absolute', frames: 90_000 + 255 });
    expect(target('10:05')).toEqual({ kind: 'absolute', frames: 255 });
    expect(target('1000')).toEqual({ kind: 'absolute', frames: 250 });
    expect(target('1001005')).toEqual({ kind: 'absolute', frames: 90_000 + 255 });
    expect(target('7')).toEqual({ kind: 'absolute', frames: 7 });
    expect(target(' 01:00:00;02 ', df2997)).toEqual({ kind: 'absolute', frames: 107_894 });
  });

  it('moves by an offset after + or -', () => {
    expect(target('+10')).toEqual({ kind: 'relative', frames: 10 });
    expect(target('-1:00')).toEqual({ kind: 'relative', frames: -25 });
    expect(target('+100', df2997)).toEqual({ kind: 'relative', frames: 30 });
  });

  it('explains what is wrong with bad input', () => {
    expect(target('')).toMatch(/Type a timecode/);
    expect(target('abc')).toMatch(/not a timecode/);
    expect(target('1::2')).toMatch(/not a timecode/);
    expect(target('1:2:3:4:5')).toMatch(/not a timecode/);
    expect(target('123456789')).toMatch(/too many digits/);
    expect(target('01:00:00:30')).toMatch(/Frames go from 00 to 24/);
    expect(target('01:01:00;00', df2997)).toMatch(/no frame 00/);
    expect(target('+')).toMatch(/not a timecode/);
  });
});

describe('clip positions', () => {
  it('finds the start frame from the start timecode, 0 when it has none', () => {
    expect(startFrameOf('01:00:00:00', fps25)).toBe(90_000);
    expect(startFrameOf(null, fps25)).toBe(0);
    expect(startFrameOf('garbage', fps25)).toBe(0);
  });

  it('counts the frames in a container duration', () => {
    expect(framesInDuration(5, r(25))).toBe(125);
    expect(framesInDuration(5.005, r(24000, 1001))).toBe(120);
    expect(framesInDuration(0, r(25))).toBe(0);
    expect(frameAtTime(0.04, r(25))).toBe(1);
    expect(frameAtTime(-1, r(25))).toBe(0);
  });
});
