import { describe, expect, it } from 'vitest';
import { FormatError } from '../formats/formatError';
import { bakeLook, lookFilter } from './bake';
import { applyCdl, type Cdl } from './cdl';
import { formatCube, sampleCube, type Cube3D } from './cube';

const grade: Cdl = { id: 'g', slope: [1.1, 1, 0.9], offset: [0.02, 0, -0.01], power: [1, 1.1, 1.2], saturation: 0.8, descriptions: [] };

// A show LUT that inverts each channel: easy to predict by hand at any point.
const invert: Cube3D = {
  title: 'invert',
  size: 2,
  domainMin: [0, 0, 0],
  domainMax: [1, 1, 1],
  table: Float32Array.from([1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]),
};

/**
 * FFmpeg's filter argument parser (av_get_token), applied twice as FFmpeg does: once for the
 * filtergraph (up to `,` `;` `[` `]`), once for the option value (up to `:`). Written from
 * the documented rules, independent of lookFilter.
 */
function unescapeToken(text: string, terminators: string): { value: string; rest: string } {
  let value = '';
  let index = 0;
  while (index < text.length && !terminators.includes(text[index]!)) {
    const char = text[index]!;
    if (char === '\\') {
      value += text[index + 1] ?? '';
      index += 2;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      value += text.slice(index + 1, end);
      index = end + 1;
    } else {
      value += char;
      index += 1;
    }
  }
  return { value, rest: text.slice(index) };
}

describe('bakeLook', () => {
  it('applies the CDL first, then the show LUT, on a 0..1 grid', () => {
    const baked = bakeLook({ cdl: grade, cube: invert }, 5);
    expect(baked.size).toBe(5);
    expect(baked.title).toBe('invert');
    const [r, g, b] = sampleCube(baked, 0.25, 0.5, 0.75);
    const expected = applyCdl(grade, [0.25, 0.5, 0.75]).map((v) => 1 - v);
    expect(r).toBeCloseTo(expected[0]!, 6);
    expect(g).toBeCloseTo(expected[1]!, 6);
    expect(b).toBeCloseTo(expected[2]!, 6);
  });

  it('is the identity with neither a CDL nor a LUT, and refuses a size out of range', () => {
    const identity = bakeLook({}, 3);
    expect(Array.from(identity.table.slice(3, 6))).toEqual([0.5, 0, 0]);
    expect(() => bakeLook({}, 1)).toThrow(FormatError);
    expect(() => bakeLook({}, 257)).toThrow(/baked LUT size 257 is out of range/);
  });
});

describe('lookFilter', () => {
  it.each(['/data/looks/show.cube', "/tmp/Day 1: A-cam, the 'hero' [look]; v2/swap look.cube", 'C:\\Looks\\show.cube', ' lead.cube'])(
    'escapes %j so FFmpeg reads back the exact path',
    (path) => {
      const filter = lookFilter(path);
      const graph = unescapeToken(filter, ',;[]');
      expect(graph.rest).toBe('');
      expect(graph.value.startsWith('lut3d=file=')).toBe(true);
      const option = unescapeToken(graph.value.slice('lut3d=file='.length), ':');
      expect(option.value).toBe(path);
      expect(option.rest).toBe(':interp=tetrahedral');
    },
  );

  it('refuses an empty path and control characters', () => {
    expect(() => lookFilter('')).toThrow(/needs the path/);
    expect(() => lookFilter('/tmp/a\nb.cube')).toThrow(/control characters/);
  });
});

describe('baked LUT size', () => {
  it('keeps a 65-point bake under MediaConvert’s 8 MB limit for .cube files', () => {
    expect(formatCube(bakeLook({}, 65)).length).toBeLessThan(8 * 1024 * 1024);
  });
});
