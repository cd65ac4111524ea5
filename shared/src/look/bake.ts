/**
 * A folder's look baked into one 3D LUT: the DIT's ASC CDL first (it was graded in camera
 * log), then the show LUT. FFmpeg's `lut3d` and MediaConvert's 3D LUT input both take the
 * result, so proxies look the same whichever transcoder made them.
 */
import type { Cdl } from './cdl';
import { applyCdl } from './cdl';
import type { Cube3D, Triple } from './cube';
import { CUBE_MAX_SIZE, CUBE_MIN_SIZE, sampleCube } from './cube';
import { FormatError } from '../formats/formatError';

export interface Look {
  readonly cdl?: Cdl | undefined;
  readonly cube?: Cube3D | undefined;
}

/** 33 points per axis: the size graders and MediaConvert use; fine enough for a smooth LUT. */
export const BAKED_LUT_SIZE = 33;

export function bakeLook(look: Look, size: number = BAKED_LUT_SIZE): Cube3D {
  if (!Number.isInteger(size) || size < CUBE_MIN_SIZE || size > CUBE_MAX_SIZE) {
    throw new FormatError('cube', null, `baked LUT size ${size} is out of range (${CUBE_MIN_SIZE} to ${CUBE_MAX_SIZE})`);
  }
  const table = new Float32Array(size ** 3 * 3);
  const last = size - 1;
  let row = 0;
  for (let b = 0; b < size; b += 1) {
    for (let g = 0; g < size; g += 1) {
      for (let r = 0; r < size; r += 1) {
        let rgb: Triple = [r / last, g / last, b / last];
        if (look.cdl) rgb = applyCdl(look.cdl, rgb);
        if (look.cube) rgb = sampleCube(look.cube, rgb[0], rgb[1], rgb[2]);
        table.set(rgb, row * 3);
        row += 1;
      }
    }
  }
  return { title: look.cube?.title ?? null, size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], table };
}

/**
 * FFmpeg's `lut3d` filter for a `.cube` file, ready to sit between other filters in `-vf`.
 *
 * The path passes two parsers: the filter's option parser (where `:` ends a value and `\` and
 * `'` escape) and then the filtergraph parser (where `,` `;` `[` `]` end a filter). So it is
 * escaped for the first, and that result escaped again for the second, as FFmpeg's
 * "Quoting and escaping" rules describe. Whitespace is escaped too, so a leading or trailing
 * space in a folder name is not trimmed away.
 */
export function lookFilter(path: string): string {
  if (path === '') throw new Error('lookFilter needs the path of a .cube file');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw new Error('a LUT path with control characters cannot be passed to FFmpeg');
  const optionLevel = path.replace(/[\\':\s]/g, (char) => `\\${char}`);
  const graphLevel = optionLevel.replace(/[\\'[\],;\s]/g, (char) => `\\${char}`);
  return `lut3d=file=${graphLevel}:interp=tetrahedral`;
}
