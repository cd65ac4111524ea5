import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { avidMarkersText } from './avidMarkers';
import type { MarkerClip } from './markerClip';
import { labelFrames, note, readAvidMarkers } from './test/readers';

// The reference samples, byte for byte (`avid-markers-25fps.txt`, `avid-markers-2997df.txt`).
const SAMPLE_25 =
  'Rushes\t10:00:05:00\tV1\tred\tSoft focus on lead at start of take\t1\n' +
  'Rushes\t10:00:12:13\tV1\tgreen\tCircle take - director likes this one\t1\n' +
  'Rushes\t10:00:20:00\tA1\tyellow\tPlane overhead, spans 2 s\t50\n';
const SAMPLE_DF =
  'Rushes\t01:00:59;28\tV1\tcyan\tLast frame label before the drop\t1\n' +
  'Rushes\t01:01:00;02\tV1\tmagenta\tFirst label after 01:00:59;29 (;00 and ;01 do not exist)\t1\n' +
  'Rushes\t01:10:00;00\tV1\tblue\tTens minute: ;00 exists here\t30\n';

function clip(fields: Partial<MarkerClip> & Pick<MarkerClip, 'rate' | 'startTimecode' | 'notes'>): MarkerClip {
  return { assetId: 'asset-0001', name: 'A001C003_240517_R1AB.MOV', tape: 'A001C003', dropFrame: false, durationFrames: null, ...fields };
}

const fps25 = { num: 25, den: 1 };
const df2997 = { num: 30000, den: 1001 };
const fps23976 = { num: 24000, den: 1001 };

describe('the test reader', () => {
  it('reads the reference samples: six TAB fields, LF, lower-case classic colours', () => {
    for (const sample of [SAMPLE_25, SAMPLE_DF]) {
      const rows = readAvidMarkers(sample);
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row.fields).toBe(6);
        expect(['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white']).toContain(row.colour);
      }
    }
    expect(readAvidMarkers(SAMPLE_DF).map((row) => labelFrames(row.timecode, 30, true) - 107892)).toEqual([1798, 1800, 17982]);
    expect(readAvidMarkers(SAMPLE_25)[2]).toMatchObject({ track: 'A1', duration: 50, comment: 'Plane overhead, spans 2 s' });
  });
});

describe('Avid marker text', () => {
  it('writes the 25 fps sample byte for byte', () => {
    const colours = ['red', 'green', 'yellow'] as const;
    const notes = [
      note({ frame: 125, text: 'Soft focus on lead at start of take' }),
      note({ frame: 313, text: 'Circle take - director likes this one' }),
      note({ frame: 500, outFrame: 549, text: 'Plane overhead, spans 2 s' }),
    ];
    const lines = notes.map((n, i) =>
      avidMarkersText([clip({ rate: fps25, startTimecode: '10:00:00:00', notes: [n] })], {
        user: 'Rushes',
        colour: colours[i],
        track: i === 2 ? 'A1' : 'V1',
      }),
    );
    expect(lines.join('')).toBe(SAMPLE_25);
  });

  it('writes the 29.97 drop-frame sample byte for byte, either side of a dropped minute', () => {
    const notes = [
      note({ frame: 1798, text: 'Last frame label before the drop' }),
      note({ frame: 1800, text: 'First label after 01:00:59;29 (;00 and ;01 do not exist)' }),
      note({ frame: 17982, outFrame: 18011, text: 'Tens minute: ;00 exists here' }),
    ];
    const colour = new Map([notes[0]!, notes[1]!, notes[2]!].map((n, i) => [n.id, (['cyan', 'magenta', 'blue'] as const)[i]!]));
    const text = avidMarkersText([clip({ rate: df2997, dropFrame: true, startTimecode: '01:00:00;00', notes })], {
      user: 'Rushes',
      colour: (n) => colour.get(n.id)!,
    });
    expect(text).toBe(SAMPLE_DF);
  });

  it.each([
    ['25', fps25, 25, false, '09:59:40:00', [0, 24, 25, 1499, 1500, 89_999]],
    ['23.976', fps23976, 24, false, '00:59:59:00', [0, 23, 24, 1439, 1440, 86_399, 86_400]],
    ['29.97 DF', df2997, 30, true, '00:59:59;00', [0, 29, 30, 59, 60, 1797, 1798, 17981, 17982, 107_891]],
    ['59.94 DF', { num: 60000, den: 1001 }, 60, true, '00:00:59;00', [0, 59, 60, 119, 120, 35_963, 35_964]],
  ] as const)('puts every note at its exact timecode at %s', (_, rate, nominal, dropFrame, start, frames) => {
    const notes = frames.map((frame) => note({ frame, text: `at ${frame}` }));
    const rows = readAvidMarkers(avidMarkersText([clip({ rate, dropFrame, startTimecode: start, notes })]));
    const first = labelFrames(start, nominal, dropFrame);
    expect(rows.map((row) => labelFrames(row.timecode, nominal, dropFrame) - first)).toEqual([...frames]);
    expect(rows.map((row) => row.comment)).toEqual(frames.map((frame) => `at ${frame}`));
  });

  it('labels a drop-frame note just after a minute boundary with ;02', () => {
    const notes = [note({ frame: 1799 }), note({ frame: 1800 })];
    const rows = readAvidMarkers(avidMarkersText([clip({ rate: df2997, dropFrame: true, startTimecode: '01:00:00;00', notes })]));
    expect(rows.map((row) => row.timecode)).toEqual(['01:00:59;29', '01:01:00;02']);
  });

  it('wraps past midnight like a timecode clock for a clip starting at 23:59:59', () => {
    const notes = [note({ frame: 24 }), note({ frame: 25 }), note({ frame: 80 })];
    const rows = readAvidMarkers(avidMarkersText([clip({ rate: fps25, startTimecode: '23:59:59:00', notes })]));
    expect(rows.map((row) => row.timecode)).toEqual(['23:59:59:24', '00:00:00:00', '00:00:02:05']);
  });

  it('makes comments safe: tabs and line breaks become spaces, text becomes ASCII, six fields stay six', () => {
    const text = 'Boom\tin\u0007 frame\r\nagain\nand\ragain — “café” … ok 🎬';
    const rows = readAvidMarkers(
      avidMarkersText([clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [note({ frame: 1, text, author: 'Zoë\tB' })] })]),
    );
    expect(rows).toEqual([
      {
        name: 'Zoe B',
        timecode: '01:00:00:01',
        track: 'V1',
        colour: 'red',
        comment: 'Boom in frame again and again - "cafe" ... ok ?',
        duration: 1,
        fields: 6,
      },
    ]);
  });

  it('folds replies into their note, leaves resolved notes out unless asked, and colours resolved ones', () => {
    const open = note({ frame: 10, text: 'Soft focus', author: 'dir@example.com' });
    const reply = note({ frame: 10, parentId: open.id, text: 'Agreed', author: 'ed@example.com' });
    const done = note({ frame: 5, text: 'Mic dip', resolved: true });
    const make = (options: Parameters<typeof avidMarkersText>[1]) =>
      readAvidMarkers(avidMarkersText([clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [reply, open, done] })], options));

    expect(make(undefined).map((row) => [row.timecode, row.colour, row.comment])).toEqual([
      ['01:00:00:10', 'red', 'Soft focus [reply ed@example.com: Agreed]'],
    ]);
    expect(make({ includeReplies: false }).map((row) => row.comment)).toEqual(['Soft focus']);
    expect(make({ includeResolved: true }).map((row) => [row.timecode, row.colour, row.name])).toEqual([
      ['01:00:00:05', 'green', 'ana@example.com'],
      ['01:00:00:10', 'red', 'dir@example.com'],
    ]);
    expect(make({ includeResolved: true, colour: 'blue' }).map((row) => row.colour)).toEqual(['blue', 'blue']);
  });

  it('writes nothing for no clips or no notes', () => {
    expect(avidMarkersText([])).toBe('');
    expect(avidMarkersText([clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [] })])).toBe('');
  });

  it.each([
    [{ track: 'V0' }, 'track'],
    [{ track: 'Video 1' }, 'track'],
    [{ colour: 'orange' as never }, 'colour'],
    [{ colour: { open: 'red', resolved: 'purple' } as never }, 'colour.resolved'],
    [{ user: '\t\n' }, 'user'],
  ])('refuses option %j, naming %s', (options, field) => {
    const run = () => avidMarkersText([clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [note({ frame: 0 })] })], options);
    expect(run).toThrow(DomainError);
    expect(run).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    [{ startTimecode: '01:01:00;00', dropFrame: true, rate: df2997 }, 'clips[1].startTimecode'],
    [{ startTimecode: 'ten o clock' }, 'clips[1].startTimecode'],
    [{ dropFrame: true }, 'clips[1].dropFrame'],
    [{ rate: { num: 0, den: 1 } }, 'clips[1].rate'],
    [{ notes: [note({ frame: 10, outFrame: 9 })] }, 'clips[1].notes[0].outFrame'],
    [{ notes: [note({ frame: -1 })] }, 'clips[1].notes[0].frame'],
    [{ notes: [note({ frame: 0, assetId: 'asset-9999' })] }, 'clips[1].notes[0].assetId'],
  ] as const)('refuses a bad clip %j, naming %s, and writes nothing', (fields, field) => {
    const good = clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [note({ frame: 0 })] });
    const bad = clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [note({ frame: 0 })], ...fields });
    expect(() => avidMarkersText([good, bad])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field }));
  });
});
