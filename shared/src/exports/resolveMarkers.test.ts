import { describe, expect, it } from 'vitest';
import { notesEdl } from './edl';
import type { MarkerClip } from './markerClip';
import { resolveMarkersEdl } from './resolveMarkers';
import { labelFrames, note, readEdl, readResolveMarkers } from './test/readers';

// The marker event of cmx3600-edl.md ("DaVinci Resolve marker EDL"), byte for byte.
const SAMPLE_EVENT = [
  '001  001      V     C        01:00:00:00 01:00:00:01 01:00:00:00 01:00:00:01  ',
  'Check sync here |C:ResolveColorBlue |M:Sync |D:1',
];

const df2997 = { num: 30000, den: 1001 };

function clip(fields: Partial<MarkerClip> & Pick<MarkerClip, 'rate' | 'startTimecode'>): MarkerClip {
  return { assetId: 'asset-0001', name: 'A001C003.mov', tape: null, dropFrame: false, durationFrames: 100, notes: [], ...fields };
}

describe('Resolve timeline-marker EDL', () => {
  it('writes the reference marker event byte for byte, between a heading and blank lines', () => {
    const text = resolveMarkersEdl(
      'Day 1',
      [
        clip({
          rate: { num: 25, den: 1 },
          startTimecode: '10:00:00:00',
          notes: [note({ frame: 0, text: 'Check sync here', author: 'Sync' })],
        }),
      ],
      { colour: 'blue' },
    );
    expect(text).toBe(['TITLE: Day 1', 'FCM: NON-DROP FRAME', '', ...SAMPLE_EVENT].join('\r\n') + '\r\n');
    expect(readResolveMarkers(text).markers).toEqual([
      {
        number: '001',
        recordIn: '01:00:00:00',
        recordOut: '01:00:00:01',
        note: 'Check sync here',
        colour: 'Blue',
        name: 'Sync',
        duration: 1,
      },
    ]);
  });

  it('puts each marker on the frame of the timeline notesEdl builds, with its range as duration, drop-frame', () => {
    const clips = [
      clip({ rate: df2997, dropFrame: true, startTimecode: '14:00:00;00', durationFrames: 2000, notes: [note({ frame: 1800 })] }),
      clip({
        rate: df2997,
        dropFrame: true,
        startTimecode: '09:59:00;02',
        durationFrames: 3000,
        notes: [note({ frame: 0, outFrame: 29, text: 'a | b', resolved: true }), note({ frame: 2999, author: 'x|y' })],
      }),
    ];
    const options = { includeResolved: true };
    const timeline = readEdl(notesEdl('Day 1', clips, options));
    const { dropFrame, markers } = readResolveMarkers(resolveMarkersEdl('Day 1', clips, options));
    const f = (label: string) => labelFrames(label, 30, true);
    expect(dropFrame).toBe(true);
    const second = f(timeline.events[1]!.recordIn);
    expect(markers.map((m) => [f(m.recordIn), f(m.recordOut) - f(m.recordIn), m.duration, m.colour])).toEqual([
      [f(timeline.events[0]!.recordIn) + 1800, 1, 1, 'Red'],
      [second, 30, 30, 'Green'],
      [second + 2999, 1, 1, 'Red'],
    ]);
    expect(markers[0]!.recordIn).toBe('01:01:00;02');
    expect(markers.slice(1).map((m) => [m.note, m.name])).toEqual([
      ['a / b', 'ana@example.com'],
      ['a note', 'x/y'],
    ]);
  });

  it('writes the heading alone for no notes, and refuses more than 999 markers', () => {
    expect(resolveMarkersEdl('Empty', [])).toBe('TITLE: Empty\r\nFCM: NON-DROP FRAME\r\n');
    const many = clip({
      rate: { num: 25, den: 1 },
      startTimecode: '01:00:00:00',
      notes: Array.from({ length: 1000 }, (_, frame) => note({ frame })),
    });
    expect(() => resolveMarkersEdl('Many', [many])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'clips' }));
  });
});
