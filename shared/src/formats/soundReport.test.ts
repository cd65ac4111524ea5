import { describe, expect, it } from 'vitest';
import type { BextInfo, BroadcastWave } from './bwf';
import type { IxmlInfo } from './ixml';
import { bextDescriptionFields, bextSpeed, soundReport } from './soundReport';

const bext = (description: string, timeReference: bigint): BextInfo => ({
  description,
  originator: '',
  originatorReference: '',
  originationDate: '',
  originationTime: '',
  timeReference,
  version: 1,
  umid: null,
  codingHistory: '',
});
const wave = (overrides: Partial<BroadcastWave>): BroadcastWave => ({
  container: 'RIFF',
  formatTag: 1,
  sampleRate: 48000,
  channels: 2,
  bitsPerSample: 24,
  bext: null,
  ixml: null,
  ixmlError: null,
  chunks: ['fmt ', 'data'],
  complete: true,
  ...overrides,
});
const ixml: IxmlInfo = {
  version: '1.61',
  project: 'NIGHT',
  scene: '12A',
  take: '3',
  tape: 'SR001',
  circled: true,
  notes: 'plane',
  takeType: [],
  speed: {
    timecodeRate: { num: 30000, den: 1001 },
    timecodeFlag: 'DF',
    masterSpeed: null,
    fileSampleRate: 48000,
    timestampSampleRate: 48000,
    timestampSamplesSinceMidnight: 172799828n,
  },
  tracks: [
    { channel: 3, interleave: 2, name: 'Lav 1' },
    { channel: 1, interleave: 1, name: 'Boom' },
  ],
};

describe('soundReport', () => {
  it('takes iXML first, with track names in the file’s channel order and the start timecode', () => {
    const report = soundReport(wave({ ixml, bext: bext('sSCENE=99\r\nsTAKE=9\r\n', 172799828n) }));
    expect(report).toEqual({
      project: 'NIGHT',
      scene: '12A',
      take: '3',
      tape: 'SR001',
      circled: true,
      notes: 'plane',
      trackNames: ['Boom', 'Lav 1'],
      timecodeRate: { num: 30000, den: 1001 },
      dropFrame: true,
      startTimecode: '01:00:00;00',
      source: 'iXML',
      problem: null,
    });
  });

  it('falls back to a Sound Devices Description (s prefix) and its SPEED for the timecode', () => {
    const description =
      'sSPEED=023.976-ND\r\nsTAKE=1\r\nsUBITS=$12311801\r\nsSCENE=A101\r\nsTAPE=18Y12M31\r\nsTRK1=MKH516 A\r\nsTRK2=Boom\r\nsNOTE=\r\n';
    expect(soundReport(wave({ bext: bext(description, 2190940753n) }))).toEqual({
      project: null,
      scene: 'A101',
      take: '1',
      tape: '18Y12M31',
      circled: null,
      notes: null,
      trackNames: ['MKH516 A', 'Boom'],
      timecodeRate: { num: 24000, den: 1001 },
      dropFrame: false,
      startTimecode: '12:39:59:00',
      source: 'bext',
      problem: null,
    });
  });

  it('reads Zoom’s unprefixed lines, including CIRCLED, and keeps the reason a broken iXML was skipped', () => {
    const description = 'SPEED=25.000ND\r\nTAKE=001\r\nSCENE=Scene_1\r\nCIRCLED=TRUE\r\nTR1=Tr1\r\nNOTE=wind\r\n';
    const report = soundReport(wave({ bext: bext(description, 3917280000n), ixmlError: 'iXML, line 3: not well-formed XML: …' }));
    expect(report).toMatchObject({
      scene: 'Scene_1',
      take: '001',
      circled: true,
      notes: 'wind',
      trackNames: ['Tr1'],
      startTimecode: '22:40:10:00',
      source: 'bext',
    });
    expect(report.problem).toBe('iXML, line 3: not well-formed XML: …');
  });

  it('says nothing it does not know', () => {
    expect(soundReport(wave({}))).toMatchObject({
      scene: null,
      take: null,
      circled: null,
      trackNames: [],
      startTimecode: null,
      source: null,
    });
    expect(soundReport(wave({ bext: bext('', 100n) })).startTimecode).toBeNull();
  });
});

describe('bext Description helpers', () => {
  it('reads KEY=value lines with or without a vendor letter, first value winning', () => {
    expect(bextDescriptionFields('gSCENE=001\r\ngTAKE=06\ngTAKE=07\nnot a field\ndFRAMERATE=23.976ND')).toEqual({
      SCENE: '001',
      TAKE: '06',
      FRAMERATE: '23.976ND',
    });
  });

  it.each([
    ['023.976-ND', { rate: { num: 24000, den: 1001 }, dropFrame: false }],
    ['023.976-NDF', { rate: { num: 24000, den: 1001 }, dropFrame: false }],
    ['25.000ND', { rate: { num: 25, den: 1 }, dropFrame: false }],
    ['29.97DF', { rate: { num: 30000, den: 1001 }, dropFrame: true }],
    ['059.940-DF', { rate: { num: 60000, den: 1001 }, dropFrame: true }],
    ['25DF', { rate: { num: 25, den: 1 }, dropFrame: false }],
    ['fast', null],
  ])('reads SPEED %s', (value, expected) => {
    expect(bextSpeed(value)).toEqual(expected);
  });
});
