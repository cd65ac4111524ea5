import { describe, expect, it } from 'vitest';
import { FormatError } from '../formats/formatError';
import { formatCube, parseCube, sampleCube, type Cube3D } from './cube';

/** An identity-plus-gain cube written by hand, red fastest, independent of formatCube. */
function handWritten(size: number, header: string[], gain = 1): string {
  const rows: string[] = [];
  for (let b = 0; b < size; b += 1)
    for (let g = 0; g < size; g += 1)
      for (let r = 0; r < size; r += 1) rows.push([r, g, b].map((v) => ((v / (size - 1)) * gain).toFixed(4)).join(' '));
  return [...header, ...rows].join('\r\n');
}

const expectFormatError = (action: () => unknown, pattern: RegExp) => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a FormatError');
};

describe('parseCube', () => {
  it('reads the IRIDAS form: title, comments, size, domain, CRLF, red fastest', () => {
    const cube = parseCube(
      handWritten(2, ['# made by hand', 'TITLE "Show LUT v3"', 'LUT_3D_SIZE 2', 'DOMAIN_MIN 0 0 0', 'DOMAIN_MAX 1 1 1'], 0.5),
    );
    expect(cube.title).toBe('Show LUT v3');
    expect(cube.size).toBe(2);
    expect(cube.domainMax).toEqual([1, 1, 1]);
    expect(Array.from(cube.table.slice(0, 6))).toEqual([0, 0, 0, 0.5, 0, 0]); // second row: red moved first
    expect(Array.from(cube.table.slice(-3))).toEqual([0.5, 0.5, 0.5]);
  });

  it('takes Resolve’s LUT_3D_INPUT_RANGE as the domain', () => {
    const cube = parseCube(handWritten(2, ['LUT_3D_SIZE 2', 'LUT_3D_INPUT_RANGE 0 2']));
    expect(cube.domainMin).toEqual([0, 0, 0]);
    expect(cube.domainMax).toEqual([2, 2, 2]);
  });

  it.each([
    [handWritten(2, ['LUT_3D_SIZE 2']).replace('0.0000 0.0000 0.0000', '0 0'), /line 2: table row 1 needs three numbers, found 2/],
    [handWritten(2, ['LUT_3D_SIZE 2']).replace('0.0000 0.0000 0.0000', 'nan 0 0'), /line 2: table row 1: “nan” is not a finite number/],
    [handWritten(2, ['LUT_3D_SIZE 2']).replace('1.0000 1.0000 1.0000', '1 Infinity 1'), /line 9: .*“Infinity” is not a finite number/],
    [handWritten(2, ['LUT_3D_SIZE 2']).split('\r\n').slice(0, 8).join('\n'), /LUT_3D_SIZE 2 needs 8 table rows, found 7/],
    [`${handWritten(2, ['LUT_3D_SIZE 2'])}\n1 1 1`, /line 10: more table rows than LUT_3D_SIZE 2 allows/],
    [handWritten(2, ['LUT_3D_SIZE 1']), /LUT_3D_SIZE 1 is out of range \(2 to 256\)/],
    ['LUT_3D_SIZE 257\n', /LUT_3D_SIZE 257 is out of range/],
    [handWritten(2, ['LUT_3D_SIZE 2', 'DOMAIN_MIN 0 0 1', 'DOMAIN_MAX 1 1 1']), /DOMAIN_MIN 0 0 1 must be below DOMAIN_MAX 1 1 1/],
    [handWritten(2, ['LUT_1D_SIZE 2']), /line 1: LUT_1D_SIZE: 1D LUTs .* not supported/],
    [`LUT_3D_SIZE 2\n0 0 0\nTITLE "late"\n`, /line 3: keyword TITLE after the table data began/],
    [handWritten(2, ['LUT_3D_SIZE 2', 'LUT_3D_SIZE 2']), /line 2: LUT_3D_SIZE appears twice/],
    [handWritten(2, ['LUT_3D_SIZE 2', 'LUT_IN_VIDEO_RANGE']), /line 2: unknown keyword LUT_IN_VIDEO_RANGE/],
    ['0 0 0\n', /line 1: table data before LUT_3D_SIZE/],
    ['TITLE "only a title"\n', /no LUT_3D_SIZE line/],
    [handWritten(2, ['TITLE unquoted', 'LUT_3D_SIZE 2']), /line 1: TITLE must be followed by text in double quotes/],
  ])('refuses a broken file with a message naming the line and the fault (%#)', (text, message) => {
    expectFormatError(() => parseCube(text), message);
  });
});

describe('formatCube', () => {
  it('writes the size before the domain (FFmpeg ignores a domain given first) and reads back the same numbers', () => {
    const source = parseCube(handWritten(3, ['TITLE "gain"', 'DOMAIN_MIN 0 0 0', 'DOMAIN_MAX 2 2 2', 'LUT_3D_SIZE 3'], 0.75));
    const text = formatCube(source);
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'TITLE "gain"',
      'LUT_3D_SIZE 3',
      'DOMAIN_MIN 0.000000 0.000000 0.000000',
      'DOMAIN_MAX 2.000000 2.000000 2.000000',
    ]);
    expect(lines[5]).toBe('0.375000 0.000000 0.000000');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseCube(text)).toEqual(source);
  });

  it('leaves the domain out when it is the default 0..1 and refuses a title it cannot quote', () => {
    const cube = parseCube(handWritten(2, ['LUT_3D_SIZE 2']));
    expect(formatCube(cube).split('\n')[0]).toBe('LUT_3D_SIZE 2');
    expectFormatError(() => formatCube({ ...cube, title: 'say "hi"' }), /TITLE may not contain double quotes/);
    expectFormatError(() => formatCube({ ...cube, table: new Float32Array(3) }), /a size 2 table holds 24 values, not 3/);
  });
});

describe('sampleCube', () => {
  const gain: Cube3D = parseCube(handWritten(5, ['LUT_3D_SIZE 5'], 0.5));
  it('interpolates between grid points and clamps outside the domain', () => {
    const [r, g, b] = sampleCube(gain, 0.1, 0.6, 0.95);
    expect(r).toBeCloseTo(0.05, 6);
    expect(g).toBeCloseTo(0.3, 6);
    expect(b).toBeCloseTo(0.475, 6);
    expect(sampleCube(gain, -1, 2, 1)).toEqual([0, 0.5, 0.5]);
  });

  it('maps the input through a non-unit domain', () => {
    const wide = parseCube(handWritten(2, ['LUT_3D_SIZE 2', 'DOMAIN_MIN 0 0 0', 'DOMAIN_MAX 2 2 2']));
    expect(sampleCube(wide, 1, 0.5, 2)).toEqual([0.5, 0.25, 1]);
  });
});
