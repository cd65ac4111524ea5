import { describe, expect, it } from 'vitest';
import { FormatError } from '../formats/formatError';
import { applyCdl, cdlFromValues, IDENTITY_CDL, parseCdl, parseCdlCorrections } from './cdl';

const cc = (id: string, slope = '1.1 1.0 0.9', sat = '0.8') =>
  `<ColorCorrection id="${id}">
    <Description>day exterior</Description>
    <SOPNode>
      <Description>warm</Description>
      <Slope>${slope}</Slope>
      <Offset>0.02 0 -.01</Offset>
      <Power>1.0 1.1 1.2e0</Power>
    </SOPNode>
    <SatNode><Saturation>${sat}</Saturation></SatNode>
  </ColorCorrection>`;

const ccc = `<?xml version="1.0" encoding="UTF-8"?>
<ColorCorrectionCollection xmlns="urn:ASC:CDL:v1.01">
  <Description>collection</Description>
  ${cc('sh010')}
  ${cc('sh020', '0.9 0.7 0.6', '0.7')}
</ColorCorrectionCollection>`;

const cdlList = `<ColorDecisionList xmlns="urn:ASC:CDL:v1.01">
  <InputDescription>LogC</InputDescription>
  <ColorDecision>
    <MediaRef ref="A001C003.mov"/>
    ${cc('A001C003')}
  </ColorDecision>
</ColorDecisionList>`;

const message = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as Error).message;
  }
  throw new Error('expected a FormatError');
};

describe('parseCdl', () => {
  it('reads a .cc with descriptions, short decimals and exponents', () => {
    expect(parseCdl(cc('grade1'), 'grade1.cc')).toEqual({
      id: 'grade1',
      slope: [1.1, 1, 0.9],
      offset: [0.02, 0, -0.01],
      power: [1, 1.1, 1.2],
      saturation: 0.8,
      descriptions: ['day exterior'],
    });
  });

  it('takes the first correction of a .ccc, or the one named by id', () => {
    expect(parseCdl(ccc, 'show.ccc').id).toBe('sh010');
    expect(parseCdl(ccc, 'show.ccc', { id: 'sh020' }).slope).toEqual([0.9, 0.7, 0.6]);
    expect(parseCdlCorrections(ccc, 'show.ccc').map((c) => c.id)).toEqual(['sh010', 'sh020']);
    expect(message(() => parseCdl(ccc, 'show.ccc', { id: 'sh030' }))).toBe(
      'ASC CDL, show.ccc: no ColorCorrection with id “sh030”; the file has sh010, sh020',
    );
  });

  it('reads the correction inside a .cdl ColorDecision', () => {
    expect(parseCdl(cdlList, 'day1.cdl').id).toBe('A001C003');
  });

  it('accepts SATNode as a spelling of SatNode, and a grade with only one of the two nodes', () => {
    const sat = parseCdl('<ColorCorrection><SATNode><Saturation>.000000</Saturation></SATNode></ColorCorrection>', 'bw.cc');
    expect(sat).toMatchObject({ id: null, slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 0 });
  });

  it.each([
    [cc('a', '1 1 1', '-1'), 'ASC CDL, x.cc, ColorCorrection "a" > SatNode > Saturation: -1: saturation must be 0 or more'],
    [cc('a', '1 -0.5 1'), 'ASC CDL, x.cc, ColorCorrection "a" > SOPNode > Slope: 1 -0.5 1: slope must be 0 or more'],
    [cc('a').replace('1.0 1.1 1.2e0', '1 0 1'), 'ASC CDL, x.cc, ColorCorrection "a" > SOPNode > Power: 1 0 1: power must be above 0'],
    [cc('a', '1 1'), 'ASC CDL, x.cc, ColorCorrection "a" > SOPNode > Slope: needs three numbers, found 2'],
    [cc('a', '1 NaN 1'), 'ASC CDL, x.cc, ColorCorrection "a" > SOPNode > Slope: “NaN” is not a finite number'],
    [cc('a', '1 1 1', '1 1'), 'ASC CDL, x.cc, ColorCorrection "a" > SatNode > Saturation: needs one number, found 2'],
    [cc('a').replace(/<Offset>.*<\/Offset>/, ''), 'ASC CDL, x.cc, ColorCorrection "a" > SOPNode > Offset: is missing'],
    [
      '<ColorCorrection id="a"><Description>x</Description></ColorCorrection>',
      'ASC CDL, x.cc, ColorCorrection "a": has neither a SOPNode nor a SatNode',
    ],
    ['<LookModifyTransform/>', /root element is LookModifyTransform; expected ColorCorrection/],
    ['<ColorCorrectionCollection></ColorCorrectionCollection>', 'ASC CDL, x.cc: ColorCorrectionCollection holds no ColorCorrection'],
    [
      '<ColorDecisionList><ColorDecision><ColorCorrectionRef ref="b"/></ColorDecision></ColorDecisionList>',
      /ColorDecision #1: ColorCorrectionRef points at/,
    ],
    [
      '<ColorCorrection id="a">\n<SOPNode>\n<Slope>1 1 1</Slop>\n</SOPNode></ColorCorrection>',
      /^ASC CDL, x\.cc, line 3: not well-formed XML: /,
    ],
  ])('refuses bad input and says where (%#)', (xml, expected) => {
    const text = message(() => parseCdl(xml, 'x.cc'));
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
  });
});

describe('cdlFromValues', () => {
  const good = { slope: [1.1, 1, 0.9], offset: [0.02, 0, -0.01], power: [1, 1.1, 1.2], saturation: 0.8 };
  it('takes typed-in numbers that a file would also hold', () => {
    expect(cdlFromValues(good, 'sh010')).toEqual({ id: 'sh010', ...good, descriptions: [] });
  });
  it.each([
    [{ ...good, saturation: -1 }, 'ASC CDL, saturation: -1: saturation must be 0 or more'],
    [{ ...good, saturation: Number.NaN }, 'ASC CDL, saturation: NaN is not a finite number'],
    [{ ...good, slope: [1, -1, 1] }, 'ASC CDL, slope: 1 -1 1: slope must be 0 or more'],
    [{ ...good, power: [1, 0, 1] }, 'ASC CDL, power: 1 0 1: power must be above 0'],
    [{ ...good, offset: [0, 0] }, 'ASC CDL, offset: needs three numbers (red, green, blue)'],
    [{ ...good, offset: [0, Infinity, 0] }, 'ASC CDL, offset: Infinity is not a finite number'],
  ])('refuses %j naming the field', (values, message) => {
    expect(() => cdlFromValues(values)).toThrow(message);
  });
});

describe('applyCdl', () => {
  const grade = parseCdl(cc('g'), 'g.cc');

  it('matches the ASC formula worked through by hand (slope, offset, clamp, power, then Rec.709 saturation)', () => {
    const [r, g, b] = applyCdl(grade, [0.2, 0.4, 0.6]);
    expect(r).toBeCloseTo(0.26115, 5);
    expect(g).toBeCloseTo(0.36113, 5);
    expect(b).toBeCloseTo(0.44259, 5);
  });

  it('clamps before the power and after saturation', () => {
    const strong = {
      ...IDENTITY_CDL,
      slope: [1, 1, 1] as [number, number, number],
      offset: [-0.5, 0.9, 0] as [number, number, number],
      saturation: 2,
    };
    const [r, g, b] = applyCdl(strong, [0.2, 0.4, 0.5]);
    // After offset and the first clamp: (0, 1, 0.5); luma 0.7513; saturation 2 pushes red below 0 and green above 1.
    expect(r).toBe(0);
    expect(g).toBe(1);
    expect(b).toBeCloseTo(0.7513 + 2 * (0.5 - 0.7513), 5);
  });

  it('leaves a colour alone with the identity grade', () => {
    expect(applyCdl(IDENTITY_CDL, [0.1, 0.5, 0.9])).toEqual([0.1, 0.5, 0.9].map((v) => expect.closeTo(v, 12)));
  });
});
