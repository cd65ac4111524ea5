/**
 * 3D LUTs in the `.cube` text format (IRIDAS/Adobe, and the 3D-only Resolve form).
 *
 * Read strictly: every keyword comes before the table, each once; the table has exactly
 * size³ rows of three finite numbers, red changing fastest. 1D LUTs and Resolve's shaper
 * (1D + 3D in one file) are refused, since neither FFmpeg's `lut3d` nor MediaConvert's 3D LUT
 * input would apply them.
 *
 * Written the way FFmpeg's `lut3d` reads it: `LUT_3D_SIZE` before any `DOMAIN_*` line, since
 * FFmpeg silently ignores a domain given before the size.
 */
import { FormatError, parseDecimal } from '../formats/formatError';

export type Triple = [number, number, number];

export interface Cube3D {
  readonly title: string | null;
  /** Points along each axis, 2..256. */
  readonly size: number;
  readonly domainMin: Triple;
  readonly domainMax: Triple;
  /** size³ RGB output triples, red index fastest, then green, blue slowest. */
  readonly table: Float32Array;
}

export const CUBE_MIN_SIZE = 2;
export const CUBE_MAX_SIZE = 256;

const fail = (line: number | null, problem: string) => new FormatError('cube', line === null ? null : `line ${line}`, problem);

function triple(tokens: string[], line: number, what: string): Triple {
  if (tokens.length !== 3) throw fail(line, `${what} needs three numbers, found ${tokens.length}`);
  return tokens.map((token) => {
    const value = parseDecimal(token);
    if (value === null) throw fail(line, `${what}: “${token}” is not a finite number`);
    return value;
  }) as Triple;
}

export function parseCube(text: string): Cube3D {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let title: string | null = null;
  let size: number | null = null;
  let domainMin: Triple | null = null;
  let domainMax: Triple | null = null;
  let table: Float32Array | null = null;
  let rows = 0;
  const seen = new Set<string>();

  for (let index = 0; index < lines.length; index += 1) {
    const lineNo = index + 1;
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line)?.[0];
    // `nan` or `inf` opening a row is bad data, not a keyword.
    const keyword = word !== undefined && !/^(nan|inf|infinity)$/i.test(word) ? word : undefined;
    if (keyword !== undefined) {
      if (rows > 0) throw fail(lineNo, `keyword ${keyword} after the table data began; keywords must come first`);
      if (seen.has(keyword)) throw fail(lineNo, `${keyword} appears twice`);
      seen.add(keyword);
      const rest = line.slice(keyword.length).trim();
      const tokens = rest === '' ? [] : rest.split(/\s+/);
      switch (keyword) {
        case 'TITLE': {
          const quoted = /^"([^"]*)"$/.exec(rest);
          if (!quoted) throw fail(lineNo, 'TITLE must be followed by text in double quotes');
          title = quoted[1]!;
          break;
        }
        case 'LUT_3D_SIZE': {
          if (tokens.length !== 1 || !/^\d+$/.test(tokens[0]!)) throw fail(lineNo, 'LUT_3D_SIZE needs one whole number');
          size = Number(tokens[0]);
          if (size < CUBE_MIN_SIZE || size > CUBE_MAX_SIZE) {
            throw fail(lineNo, `LUT_3D_SIZE ${size} is out of range (${CUBE_MIN_SIZE} to ${CUBE_MAX_SIZE})`);
          }
          break;
        }
        case 'DOMAIN_MIN':
        case 'DOMAIN_MAX':
          if (seen.has('LUT_3D_INPUT_RANGE')) throw fail(lineNo, `${keyword} and LUT_3D_INPUT_RANGE both give the input range; use one`);
          if (keyword === 'DOMAIN_MIN') domainMin = triple(tokens, lineNo, keyword);
          else domainMax = triple(tokens, lineNo, keyword);
          break;
        case 'LUT_3D_INPUT_RANGE': {
          if (seen.has('DOMAIN_MIN') || seen.has('DOMAIN_MAX')) {
            throw fail(lineNo, 'LUT_3D_INPUT_RANGE and DOMAIN_MIN/DOMAIN_MAX both give the input range; use one');
          }
          if (tokens.length !== 2) throw fail(lineNo, `LUT_3D_INPUT_RANGE needs two numbers (min max), found ${tokens.length}`);
          const [min, max] = tokens.map((token) => parseDecimal(token));
          if (min === null || max === null || min === undefined || max === undefined) {
            throw fail(lineNo, 'LUT_3D_INPUT_RANGE values must be finite numbers');
          }
          domainMin = [min, min, min];
          domainMax = [max, max, max];
          break;
        }
        case 'LUT_1D_SIZE':
        case 'LUT_1D_INPUT_RANGE':
          throw fail(lineNo, `${keyword}: 1D LUTs (and 1D shapers before a 3D LUT) are not supported; export a 3D LUT only`);
        default:
          throw fail(lineNo, `unknown keyword ${keyword}`);
      }
      continue;
    }
    if (size === null) throw fail(lineNo, 'table data before LUT_3D_SIZE');
    const capacity = size ** 3;
    if (rows >= capacity) throw fail(lineNo, `more table rows than LUT_3D_SIZE ${size} allows (${capacity})`);
    table ??= new Float32Array(capacity * 3);
    const values = triple(line.split(/\s+/), lineNo, `table row ${rows + 1}`);
    table.set(values, rows * 3);
    rows += 1;
  }

  if (size === null || table === null) {
    throw fail(null, size === null ? 'no LUT_3D_SIZE line: not a 3D LUT' : 'no table data after LUT_3D_SIZE');
  }
  if (rows !== size ** 3) throw fail(null, `LUT_3D_SIZE ${size} needs ${size ** 3} table rows, found ${rows}`);
  const min = domainMin ?? [0, 0, 0];
  const max = domainMax ?? [1, 1, 1];
  for (let channel = 0; channel < 3; channel += 1) {
    if (!(min[channel]! < max[channel]!)) {
      throw fail(null, `DOMAIN_MIN ${min.join(' ')} must be below DOMAIN_MAX ${max.join(' ')} in every channel`);
    }
  }
  return { title, size, domainMin: min, domainMax: max, table };
}

const isDefault = (values: Triple, value: number) => values.every((v) => v === value);
const number = (value: number) => {
  const text = value.toFixed(6);
  return text === '-0.000000' ? '0.000000' : text;
};

export function formatCube(cube: Cube3D): string {
  const { size, table } = cube;
  if (!Number.isInteger(size) || size < CUBE_MIN_SIZE || size > CUBE_MAX_SIZE) {
    throw fail(null, `size ${size} is out of range (${CUBE_MIN_SIZE} to ${CUBE_MAX_SIZE})`);
  }
  if (table.length !== size ** 3 * 3) throw fail(null, `a size ${size} table holds ${size ** 3 * 3} values, not ${table.length}`);
  const lines: string[] = [];
  if (cube.title !== null) {
    // eslint-disable-next-line no-control-regex
    if (/["\u0000-\u001f\u007f]/.test(cube.title)) throw fail(null, 'TITLE may not contain double quotes or control characters');
    lines.push(`TITLE "${cube.title}"`);
  }
  lines.push(`LUT_3D_SIZE ${size}`);
  if (!isDefault(cube.domainMin, 0) || !isDefault(cube.domainMax, 1)) {
    lines.push(`DOMAIN_MIN ${cube.domainMin.map(number).join(' ')}`, `DOMAIN_MAX ${cube.domainMax.map(number).join(' ')}`);
  }
  for (let row = 0; row < size ** 3; row += 1) {
    const r = table[row * 3]!;
    const g = table[row * 3 + 1]!;
    const b = table[row * 3 + 2]!;
    if (!Number.isFinite(r) || !Number.isFinite(g) || !Number.isFinite(b)) throw fail(null, `table row ${row + 1} is not finite`);
    lines.push(`${number(r)} ${number(g)} ${number(b)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The LUT's output for one input colour, interpolated trilinearly; inputs outside the domain are clamped to it. */
export function sampleCube(cube: Cube3D, r: number, g: number, b: number): Triple {
  const { size, table } = cube;
  const last = size - 1;
  const axis = (value: number, channel: 0 | 1 | 2): [number, number] => {
    const min = cube.domainMin[channel];
    const position = ((value - min) / (cube.domainMax[channel] - min)) * last;
    const clamped = Math.min(last, Math.max(0, Number.isFinite(position) ? position : 0));
    const low = Math.min(last - 1, Math.floor(clamped));
    return [low, clamped - low];
  };
  const [r0, fr] = axis(r, 0);
  const [g0, fg] = axis(g, 1);
  const [b0, fb] = axis(b, 2);
  const out: Triple = [0, 0, 0];
  for (let corner = 0; corner < 8; corner += 1) {
    const dr = corner & 1;
    const dg = (corner >> 1) & 1;
    const db = (corner >> 2) & 1;
    const weight = (dr ? fr : 1 - fr) * (dg ? fg : 1 - fg) * (db ? fb : 1 - fb);
    if (weight === 0) continue;
    const at = (((b0 + db) * size + (g0 + dg)) * size + (r0 + dr)) * 3;
    out[0] += weight * table[at]!;
    out[1] += weight * table[at + 1]!;
    out[2] += weight * table[at + 2]!;
  }
  return out;
}
