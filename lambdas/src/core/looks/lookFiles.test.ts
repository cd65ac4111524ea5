import { describe, expect, it } from 'vitest';
import { DomainError } from '@rushes/shared';
import { readCdl, readCube } from './lookFiles';

const refusal = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  }
  throw new Error('not refused');
};

describe('look files as a person picked them', () => {
  it('names the cube file once, with the line at fault', () => {
    expect(refusal(() => readCube('broken.cube', 'LUT_3D_SIZE 2\n0 0 0\n1 1\n'))).toMatch(/^broken\.cube, line 3: /);
  });

  it('names the CDL file once, with the element at fault', () => {
    const xml =
      '<ColorCorrection id="sh010"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode>' +
      '<SatNode><Saturation>-1</Saturation></SatNode></ColorCorrection>';
    expect(refusal(() => readCdl('grade.cc', xml))).toBe(
      'grade.cc, ColorCorrection "sh010" > SatNode > Saturation: -1: saturation must be 0 or more',
    );
    expect(refusal(() => readCdl('empty.ccc', '<ColorCorrectionCollection/>'))).toMatch(/^empty\.ccc: /);
  });
});
