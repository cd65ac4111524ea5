import { describe, expect, it } from 'vitest';
import type { AssetView } from '@rushes/shared';
import { clockFor } from '../library/clock';
import { noteClockFor } from './noteClock';

/** Just what the clocks read of an asset. */
function asset(kind: AssetView['kind'], frameRate: { num: number; den: number } | null, startTimecode: string | null): AssetView {
  return { kind, technical: { frameRate, startTimecode, durationSeconds: 120 } } as unknown as AssetView;
}

describe('where notes sit in an asset', () => {
  it('a picture counts notes in its own frames, labelled drop-frame where the source is', () => {
    const clip = asset('video', { num: 30000, den: 1001 }, '01:00:59;28');
    const clock = noteClockFor(clip, clockFor(clip, null));
    expect(clock.fromTransport(70)).toBe(70);
    expect(clock.toTransport(70)).toBe(70);
    expect(clock.label(0)).toBe('01:00:59;28');
    // Two frames on, the minute's labels 00 and 01 are skipped.
    expect(clock.label(2)).toBe('01:01:00;02');
  });

  it('23.976 and 25 label every frame from the start timecode', () => {
    const film = asset('video', { num: 24000, den: 1001 }, '10:00:00:00');
    expect(noteClockFor(film, clockFor(film, null)).label(24 * 60 + 5)).toBe('10:01:00:05');
    const pal = asset('video', { num: 25, den: 1 }, '01:00:00:00');
    expect(noteClockFor(pal, clockFor(pal, null)).label(60)).toBe('01:00:02:10');
  });

  it('sound steps in hundredths but notes count at 25 when the file gives no rate, both ways', () => {
    const tone = asset('audio', null, null);
    const clock = noteClockFor(tone, clockFor(tone, null));
    // 2.40 s is frame 60 at 25 fps, and frame 60 shows from 2.40 s.
    expect(clock.fromTransport(240)).toBe(60);
    expect(clock.fromTransport(243)).toBe(60);
    expect(clock.fromTransport(244)).toBe(61);
    expect(clock.toTransport(60)).toBe(240);
    expect(clock.fromTransport(clock.toTransport(61))).toBe(61);
    expect(clock.label(60)).toBe('00:00:02:10');
  });

  it('sound with a timecode rate counts at that rate from its start timecode', () => {
    const sound = asset('audio', { num: 24000, den: 1001 }, '14:00:00:00');
    const clock = noteClockFor(sound, clockFor(sound, null));
    for (const frame of [0, 1, 23, 24, 1000]) expect(clock.fromTransport(clock.toTransport(frame))).toBe(frame);
    expect(clock.label(24)).toBe('14:00:01:00');
  });

  it('a still has every note at its one frame', () => {
    const still = asset('image', null, null);
    const clock = noteClockFor(still, null);
    expect(clock.fromTransport(500)).toBe(0);
    expect(clock.toTransport(12)).toBe(0);
  });
});
