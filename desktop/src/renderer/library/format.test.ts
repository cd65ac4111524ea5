import { describe, expect, it } from 'vitest';
import type { AssetView } from '@rushes/shared';
import { formatDuration, formatFormat, formatFrameRate, formatResolution, formatSize } from './format';
import { parentPath, pathSegments } from './entries';

function asset(technical: Partial<NonNullable<AssetView['technical']>> | null): AssetView {
  const none = {
    container: null,
    videoCodec: null,
    videoProfile: null,
    width: null,
    height: null,
    frameRate: null,
    durationSeconds: null,
    startTimecode: null,
    audioCodec: null,
    audioChannels: null,
    audioSampleRate: null,
    bitDepth: null,
    colourPrimaries: null,
    colourTransfer: null,
    colourMatrix: null,
  };
  return { technical: technical && { ...none, ...technical } } as AssetView;
}

describe('asset metadata as shown in the library', () => {
  it('gives sizes in decimal units with one decimal under 100', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1_200_000_000)).toBe('1.2 GB');
    expect(formatSize(734_003_200)).toBe('734 MB');
  });

  it('shows fractional frame rates to three places and whole ones bare', () => {
    expect(formatFrameRate(asset({ frameRate: { num: 24000, den: 1001 } }))).toBe('23.976');
    expect(formatFrameRate(asset({ frameRate: { num: 30000, den: 1001 } }))).toBe('29.97');
    expect(formatFrameRate(asset({ frameRate: { num: 25, den: 1 } }))).toBe('25');
    expect(formatFrameRate(asset(null))).toBe('');
  });

  it('gives timecode-style durations when the frame rate is known, m:ss otherwise', () => {
    expect(formatDuration(asset({ durationSeconds: 3725.5, frameRate: { num: 25, den: 1 } }))).toBe('01:02:05:12');
    expect(formatDuration(asset({ durationSeconds: 2.0, frameRate: { num: 24000, den: 1001 } }))).toBe('00:00:02:00');
    expect(formatDuration(asset({ durationSeconds: 65.4 }))).toBe('1:05');
    expect(formatDuration(asset({ durationSeconds: 3725 }))).toBe('1:02:05');
    expect(formatDuration(asset({}))).toBe('');
  });

  it('writes resolution with a multiplication sign and format as the upper-case extension', () => {
    expect(formatResolution(asset({ width: 3840, height: 2160 }))).toBe('3840×2160');
    expect(formatResolution(asset({ width: 3840 }))).toBe('');
    expect(formatFormat('A001_C001_0101AB.mov')).toBe('MOV');
    expect(formatFormat('README')).toBe('');
    expect(formatFormat('.hidden')).toBe('');
  });
});

describe('folder paths', () => {
  it('walks up one level at a time and ends at the root', () => {
    expect(parentPath('Show A/Day 1/')).toBe('Show A/');
    expect(parentPath('Show A/')).toBe('');
  });

  it('gives one breadcrumb per folder, each leading to its own path', () => {
    expect(pathSegments('Show A/Day 1/')).toEqual([
      { name: 'Show A', path: 'Show A/' },
      { name: 'Day 1', path: 'Show A/Day 1/' },
    ]);
    expect(pathSegments('')).toEqual([]);
  });
});
