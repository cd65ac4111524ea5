import { describe, expect, it } from 'vitest';
import type { MarkerClip } from './markerClip';
import { notesCsv } from './notesCsv';
import { labelFrames, note, readCsv } from './test/readers';

const HEADER = ['clip', 'timecode_in', 'timecode_out', 'author', 'status', 'reply_to', 'created', 'text', 'note_id'];

function clip(fields: Partial<MarkerClip> & Pick<MarkerClip, 'notes'>): MarkerClip {
  return {
    assetId: 'asset-0001',
    name: 'A001C003.mov',
    tape: null,
    rate: { num: 30000, den: 1001 },
    startTimecode: '01:00:00;00',
    dropFrame: true,
    durationFrames: null,
    ...fields,
  };
}

describe('notes CSV', () => {
  it('the test reader reads quoted cells, doubled quotes and line breaks inside quotes', () => {
    expect(readCsv('a,"b,c","d""e","f\r\ng"\r\n,\r\n')).toEqual([
      ['a', 'b,c', 'd"e', 'f\r\ng'],
      ['', ''],
    ]);
  });

  it('writes every note, replies after their note, resolved ones too, with drop-frame timecodes', () => {
    const first = note({ frame: 1800, outFrame: 1829, text: 'Boom dips in', author: 'dir@example.com' });
    const reply = note({ frame: 1800, parentId: first.id, text: 'Fixed in the next take', author: 'ed@example.com' });
    const early = note({ frame: 1799, text: 'Slate', resolved: true });
    const other = note({ frame: 0, text: 'Starts late' });
    const rows = readCsv(
      notesCsv([
        clip({ notes: [reply, first, early] }),
        clip({ name: 'B001.mov', rate: { num: 25, den: 1 }, startTimecode: '10:00:00:00', dropFrame: false, notes: [other] }),
      ]),
    );
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((row) => row.slice(0, 6))).toEqual([
      ['A001C003.mov', '01:00:59;29', '', 'ana@example.com', 'resolved', ''],
      ['A001C003.mov', '01:01:00;02', '01:01:01;01', 'dir@example.com', 'open', ''],
      ['A001C003.mov', '01:01:00;02', '', 'ed@example.com', 'open', first.id],
      ['B001.mov', '10:00:00:00', '', 'ana@example.com', 'open', ''],
    ]);
    expect(rows.slice(1).map((row) => [row[6], row[7], row[8]])).toEqual([
      [early.createdAt, 'Slate', early.id],
      [first.createdAt, 'Boom dips in', first.id],
      [reply.createdAt, 'Fixed in the next take', reply.id],
      [other.createdAt, 'Starts late', other.id],
    ]);
    // The range's last frame is 29 frames after its first.
    expect(labelFrames(rows[2]![2]!, 30, true) - labelFrames(rows[2]![1]!, 30, true)).toBe(29);
  });

  it.each([
    ['25', { num: 25, den: 1 }, 25, false, '23:59:59:00', [0, 24, 25, 1499]],
    ['23.976', { num: 24000, den: 1001 }, 24, false, '00:59:59:00', [0, 23, 24, 86_399]],
    ['29.97 DF', { num: 30000, den: 1001 }, 30, true, '00:00:59;00', [0, 29, 30, 59, 60, 17_981, 17_982]],
  ] as const)('puts every note at its exact timecode at %s, wrapping past midnight', (_, rate, nominal, dropFrame, start, frames) => {
    const notes = frames.map((frame) => note({ frame, outFrame: frame + 1 }));
    const rows = readCsv(notesCsv([clip({ rate, dropFrame, startTimecode: start, notes })])).slice(1);
    const day = 24 * 3600 * nominal - (dropFrame ? (nominal / 15) * (24 * 54) : 0);
    const offset = (label: string) => (labelFrames(label, nominal, dropFrame) - labelFrames(start, nominal, dropFrame) + day) % day;
    expect(rows.map((row) => offset(row[1]!))).toEqual([...frames]);
    expect(rows.map((row) => offset(row[2]!))).toEqual(frames.map((frame) => frame + 1));
  });

  it('keeps commas, quotes and line breaks in their cell and opens formulas as text', () => {
    const text = '=HYPERLINK("http://x"), then\r\nline two';
    const rows = readCsv(notesCsv([clip({ notes: [note({ frame: 0, text, author: '+cmd@example.com' })] })]));
    expect(rows[1]![7]).toBe(`'${text}`);
    expect(rows[1]![3]).toBe("'+cmd@example.com");
  });

  it('writes the header alone for no clips or no notes', () => {
    expect(notesCsv([])).toBe(HEADER.join(',') + '\r\n');
    expect(notesCsv([clip({ notes: [] })])).toBe(HEADER.join(',') + '\r\n');
  });
});
