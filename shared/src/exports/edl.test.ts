import { describe, expect, it } from 'vitest';
import { notesEdl } from './edl';
import type { MarkerClip } from './markerClip';
import { labelFrames, note, readEdl } from './test/readers';

// The reference sample `sample-df.edl`, byte for byte.
const SAMPLE_DF = [
  'TITLE: RUSHES_DF_SAMPLE',
  'FCM: DROP FRAME',
  '001  A001C003 V     C        14:21:07;10 14:21:12;02 01:00:00;00 01:00:04;22',
  '* FROM CLIP NAME:  A001C003_240517_R1AB.MOV',
  '* SOURCE FILE: A001C003_240517_R1AB.MOV',
  '* LOC: 01:00:02;15 RED     FOCUS BUZZ ON LEAD',
  '002  B002C011 V     C        10:00:58;00 10:01:03;14 01:00:04;22 01:00:10;04',
  '* FROM CLIP NAME:  B002C011_240517_R2CD.MOV',
  '* SOURCE FILE: B002C011_240517_R2CD.MOV',
  '* LOC: 01:00:05;00 GREEN   CIRCLE TAKE',
  '* LOC: 01:00:09;29 YELLOW  CHECK SYNC',
]
  .map((line) => line + '\r\n')
  .join('');

const fps25 = { num: 25, den: 1 };
const df2997 = { num: 30000, den: 1001 };
const fps23976 = { num: 24000, den: 1001 };

let clips = 0;
function clip(fields: Partial<MarkerClip> & Pick<MarkerClip, 'rate' | 'startTimecode'>): MarkerClip {
  clips += 1;
  const assetId = `asset-${clips}`;
  const notes = (fields.notes ?? []).map((n) => ({ ...n, assetId }));
  return { assetId, name: `clip${clips}.mov`, tape: null, dropFrame: false, durationFrames: 100, ...fields, notes };
}

describe('the test reader', () => {
  it('reads the reference sample: columns, DF durations equal on both sides, locators inside their event', () => {
    const edl = readEdl(SAMPLE_DF);
    expect(edl.title).toBe('RUSHES_DF_SAMPLE');
    expect(edl.dropFrame).toBe(true);
    const f = (label: string) => labelFrames(label, 30, true);
    expect(edl.events.map((event) => [f(event.sourceOut) - f(event.sourceIn), f(event.recordOut) - f(event.recordIn)])).toEqual([
      [142, 142],
      [162, 162],
    ]);
    for (const event of edl.events) {
      for (const locator of event.locators) {
        expect(f(locator.timecode)).toBeGreaterThanOrEqual(f(event.recordIn));
        expect(f(locator.timecode)).toBeLessThan(f(event.recordOut));
      }
    }
    expect(edl.events[1]!.locators.map((locator) => locator.colour)).toEqual(['GREEN', 'YELLOW']);
  });
});

describe('notes EDL (CMX 3600 with locators)', () => {
  it('writes the drop-frame sample byte for byte', () => {
    const focus = note({ frame: 75, text: 'Focus buzz on lead' });
    const circle = note({ frame: 8, text: 'Circle take' });
    const sync = note({ frame: 157, text: 'Check sync' });
    const colours = new Map([
      [focus.id, 'red'],
      [circle.id, 'green'],
      [sync.id, 'yellow'],
    ] as const);
    const text = notesEdl(
      'RUSHES_DF_SAMPLE',
      [
        clip({
          name: 'A001C003_240517_R1AB.MOV',
          tape: 'A001C003',
          rate: df2997,
          dropFrame: true,
          startTimecode: '14:21:07;10',
          durationFrames: 142,
          notes: [focus],
        }),
        clip({
          name: 'B002C011_240517_R2CD.MOV',
          tape: 'B002C011',
          rate: df2997,
          dropFrame: true,
          startTimecode: '10:00:58;00',
          durationFrames: 162,
          notes: [sync, circle],
        }),
      ],
      { colour: (n) => colours.get(n.id)! },
    );
    expect(text).toBe(SAMPLE_DF);
  });

  it.each([
    ['25', fps25, 25, false, '10:00:00:00', '01:00:00:00', [0, 24, 25, 1499, 2999]],
    ['23.976', fps23976, 24, false, '14:59:59:12', '01:00:00:00', [0, 11, 12, 23, 24, 1439, 1440, 2999]],
    ['29.97 DF', df2997, 30, true, '10:00:58;00', '01:00:00;00', [0, 59, 60, 61, 1799, 1800, 2999]],
  ] as const)('puts every locator at its exact record timecode at %s', (_, rate, nominal, dropFrame, start, recordStart, frames) => {
    const first = clip({ rate, dropFrame, startTimecode: start, durationFrames: 1000, notes: [note({ frame: 3 })] });
    const second = clip({ rate, dropFrame, startTimecode: start, durationFrames: 3000, notes: frames.map((frame) => note({ frame })) });
    const edl = readEdl(notesEdl('Day 1', [first, second]));
    const f = (label: string) => labelFrames(label, nominal, dropFrame);
    expect(edl.dropFrame).toBe(dropFrame);
    const [one, two] = edl.events;
    expect(f(one!.recordIn)).toBe(f(recordStart));
    expect(f(one!.recordOut) - f(one!.recordIn)).toBe(1000);
    expect(f(two!.recordIn)).toBe(f(one!.recordOut));
    expect([f(two!.sourceIn), f(two!.sourceOut) - f(two!.sourceIn)]).toEqual([f(start), 3000]);
    expect(f(two!.recordOut) - f(two!.recordIn)).toBe(3000);
    expect(two!.locators.map((locator) => f(locator.timecode) - f(two!.recordIn))).toEqual([...frames]);
  });

  it('labels a locator just after a dropped minute with ;02', () => {
    const edl = readEdl(
      notesEdl('DF', [
        clip({ rate: df2997, dropFrame: true, startTimecode: '01:00:00;00', durationFrames: 2000, notes: [note({ frame: 1800 })] }),
      ]),
    );
    expect(edl.events[0]!.locators[0]!.timecode).toBe('01:01:00;02');
  });

  it('wraps the source side of a clip starting at 23:59:59 past midnight', () => {
    const edl = readEdl(notesEdl('Midnight', [clip({ rate: fps25, startTimecode: '23:59:59:00', durationFrames: 50 })]));
    expect(edl.events[0]).toMatchObject({ sourceIn: '23:59:59:00', sourceOut: '00:00:01:00', recordOut: '01:00:02:00' });
  });

  it('writes 8-character upper-case reels, one per tape, told apart when they would clash, the file name in comments', () => {
    const edl = readEdl(
      notesEdl('Reels', [
        clip({ rate: fps25, startTimecode: '01:00:00:00', name: 'Interview_take1.mov', tape: 'Interview_take1' }),
        clip({ rate: fps25, startTimecode: '01:00:00:00', name: 'Interview_take2.mov', tape: 'Interview_take2' }),
        clip({ rate: fps25, startTimecode: '02:00:00:00', name: 'Interview_take1 b.mov', tape: 'Interview_take1' }),
        clip({ rate: fps25, startTimecode: '01:00:00:00', name: 'Été #3.wav', tape: null }),
        clip({ rate: fps25, startTimecode: '01:00:00:00', name: '—.mov', tape: '—' }),
      ]),
    );
    expect(edl.events.map((event) => event.reel)).toEqual(['INTERVIE', 'INTERV01', 'INTERVIE', 'ETE3WAV', 'TAPE0001']);
    expect(edl.events.every((event) => /^[A-Z0-9]{1,8}$/.test(event.reel) && event.channels === 'V' && event.transition === 'C')).toBe(
      true,
    );
    expect(edl.events[3]!.comments).toEqual(['* FROM CLIP NAME:  Ete #3.wav', '* SOURCE FILE: Ete #3.wav']);
  });

  it('writes locator text in capitals on one line, with replies, leaving resolved notes out unless asked', () => {
    const open = note({ frame: 2, text: 'Soft\tfocus\r\non lead' });
    const reply = note({ frame: 2, parentId: open.id, text: 'ok', author: 'ed@example.com' });
    const done = note({ frame: 1, text: 'fixed', resolved: true });
    const make = (options: Parameters<typeof notesEdl>[2]) =>
      readEdl(notesEdl('T', [clip({ rate: fps25, startTimecode: '01:00:00:00', notes: [open, reply, done] })], options)).events[0]!
        .locators;
    expect(make(undefined)).toEqual([{ timecode: '01:00:00:02', colour: 'RED', text: 'SOFT FOCUS ON LEAD [REPLY ED@EXAMPLE.COM: OK]' }]);
    expect(make({ includeReplies: false, includeResolved: true })).toEqual([
      { timecode: '01:00:00:01', colour: 'GREEN', text: 'FIXED' },
      { timecode: '01:00:00:02', colour: 'RED', text: 'SOFT FOCUS ON LEAD' },
    ]);
  });

  it('covers notes beyond the known duration, and up to the last note when the duration is unknown', () => {
    const edl = readEdl(
      notesEdl('T', [
        clip({ rate: fps25, startTimecode: '01:00:00:00', durationFrames: 10, notes: [note({ frame: 20, outFrame: 24 })] }),
        clip({ rate: fps25, startTimecode: '01:00:00:00', durationFrames: null }),
      ]),
    );
    expect(edl.events.map((event) => [event.sourceOut, event.recordOut])).toEqual([
      ['01:00:01:00', '01:00:01:00'],
      ['01:00:00:01', '01:00:01:01'],
    ]);
  });

  it('switches the source counting with an FCM line when a clip counts the other way', () => {
    const edl = readEdl(
      notesEdl('Mixed', [
        clip({ rate: df2997, dropFrame: true, startTimecode: '01:00:00;00' }),
        clip({ rate: df2997, dropFrame: false, startTimecode: '02:00:00:00', notes: [note({ frame: 1800 })] }),
      ]),
    );
    expect(edl.dropFrame).toBe(true);
    expect(edl.events.map((event) => [event.sourceDropFrame, event.sourceIn, event.recordIn])).toEqual([
      [true, '01:00:00;00', '01:00:00;00'],
      [false, '02:00:00:00', '01:00:03;10'],
    ]);
    expect(edl.events[1]!.locators[0]!.timecode).toBe('01:01:03;12');
  });

  it('writes a title and FCM line alone for no clips', () => {
    expect(notesEdl('Empty', [])).toBe('TITLE: Empty\r\nFCM: NON-DROP FRAME\r\n');
  });

  it('refuses what a CMX 3600 list cannot hold, naming the field', () => {
    const at = (rate: { num: number; den: number }) => clip({ rate, startTimecode: '01:00:00:00' });
    const refuses = (run: () => unknown, field: string) =>
      expect(run).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field }));
    refuses(() => notesEdl(' \t', [at(fps25)]), 'title');
    refuses(() => notesEdl('T', [at(fps25), at(fps23976)]), 'clips[1].rate');
    refuses(
      () =>
        notesEdl(
          'T',
          Array.from({ length: 1000 }, () => at(fps25)),
        ),
      'clips',
    );
    refuses(() => notesEdl('T', [at(fps25)], { recordStart: '01:00:00:25' }), 'recordStart');
    refuses(() => notesEdl('T', [clip({ rate: fps25, startTimecode: '01:00:00:00', durationFrames: 25 * 3600 * 23 })]), 'clips');
  });
});
