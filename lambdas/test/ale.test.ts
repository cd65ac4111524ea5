import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALE_COLUMNS, aleFps, aleText, aleVideoFormat, FormatError, type AleClip } from '@rushes/shared';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The team handbook's reference samples sit beside the repository.
const sample = readFileSync(path.join(repoRoot, '../shared/reference/formats/samples/sample-23976.ale'), 'utf8');

interface ReadAle {
  heading: Record<string, string>;
  columns: string[];
  rows: Record<string, string>[];
}

/** An ALE reader for these tests, from the Avid spec as ale.md sums it up; tolerant like OTIO's. */
function readAle(text: string): ReadAle {
  const heading: Record<string, string> = {};
  let columns: string[] = [];
  const rows: Record<string, string>[] = [];
  let section = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (['Heading', 'Column', 'Data'].includes(line)) {
      section = line;
      continue;
    }
    if (line.trim() === '') continue;
    const values = line.split('\t');
    if (section === 'Heading') {
      for (let i = 0; i + 1 < values.length; i += 2) heading[values[i]!] = values[i + 1]!;
    } else if (section === 'Column') {
      columns = values[values.length - 1] === '' ? values.slice(0, -1) : values;
    } else if (section === 'Data') {
      const cells = values.length === columns.length + 1 && values[values.length - 1] === '' ? values.slice(0, -1) : values;
      if (cells.length !== columns.length) throw new Error(`row has ${cells.length} fields for ${columns.length} columns: ${line}`);
      rows.push(Object.fromEntries(columns.map((name, i) => [name, cells[i]!])));
    } else throw new Error(`text outside a section: ${line}`);
  }
  return { heading, columns, rows };
}

/** Frames from a label, counted as timecode.md describes (24 labels a second at 23.976; DF skips labels). */
function frames(label: string, nominal: number): number {
  const [h, m, s, f] = label.split(/[:;]/).map(Number) as [number, number, number, number];
  const drop = label.includes(';') ? nominal / 15 : 0;
  const minutes = h * 60 + m;
  return (h * 3600 + m * 60 + s) * nominal + f - drop * (minutes - Math.floor(minutes / 10));
}

const clip = (overrides: Partial<AleClip>): AleClip => ({
  name: 'A001C003_240517_R1AB',
  tape: 'A001R1AB',
  start: '14:21:07:10',
  durationFrames: 112,
  hasVideo: true,
  audioTracks: 2,
  scene: '12A',
  take: '1',
  camera: 'A',
  circled: false,
  sourceFile: 'A001C003_240517_R1AB.mov',
  comments: null,
  ...overrides,
});

describe('the reference sample, read by the test reader', () => {
  it('has End = Start + Duration on every row at 23.976 (24 labels a second)', () => {
    const ale = readAle(sample);
    expect(ale.heading).toEqual({ FIELD_DELIM: 'TABS', VIDEO_FORMAT: '1080', AUDIO_FORMAT: '48khz', FPS: '23.976' });
    expect(ale.rows).toHaveLength(3);
    for (const row of ale.rows) expect(frames(row['End']!, 24)).toBe(frames(row['Start']!, 24) + frames(row['Duration']!, 24));
  });
});

describe('aleText', () => {
  const clips = [
    clip({ circled: true, comments: 'great take\tboom in\r\nshot' }),
    clip({
      name: 'B002C011',
      tape: 'B002R2CD',
      start: '15:02:11:20',
      durationFrames: 440,
      hasVideo: true,
      audioTracks: 0,
      circled: false,
      take: '2',
      camera: 'B',
      sourceFile: null,
    }),
  ];

  it('writes the sample’s layout: CRLF, a blank line after Heading and Column, exact column names', () => {
    const text = aleText(clips, { videoFormat: '1080', fps: { num: 24000, den: 1001 }, audioFormat: '48khz' });
    expect(text.split('\r\n').slice(0, 10)).toEqual([
      'Heading',
      'FIELD_DELIM\tTABS',
      'VIDEO_FORMAT\t1080',
      'AUDIO_FORMAT\t48khz',
      'FPS\t23.976',
      '',
      'Column',
      ALE_COLUMNS.join('\t'),
      '',
      'Data',
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const sampleColumns = readAle(sample).columns;
    for (const name of ['Name', 'Tracks', 'Start', 'End', 'Duration', 'Tape', 'Source File', 'Scene', 'Take', 'Circled'])
      expect(sampleColumns).toContain(name);
  });

  it('round-trips through the test reader with exclusive End, tracks, circled takes and safe notes', () => {
    const ale = readAle(aleText(clips, { videoFormat: '1080', fps: { num: 24000, den: 1001 } }));
    expect(ale.heading['AUDIO_FORMAT']).toBeUndefined();
    expect(ale.rows[0]).toEqual({
      Name: 'A001C003_240517_R1AB',
      Tracks: 'VA1A2',
      Start: '14:21:07:10',
      End: '14:21:12:02',
      Duration: '00:00:04:16',
      Tape: 'A001R1AB',
      FPS: '23.976',
      Scene: '12A',
      Take: '1',
      Camera: 'A',
      Circled: 'Yes',
      'Source File': 'A001C003_240517_R1AB.mov',
      Comments: 'great take boom in shot',
    });
    expect(ale.rows[1]).toMatchObject({
      Tracks: 'V',
      Start: '15:02:11:20',
      End: '15:02:30:04',
      Duration: '00:00:18:08',
      Circled: '',
      'Source File': '',
    });
  });

  it('writes 29.97 drop-frame labels with ; and counts across a dropped minute', () => {
    // Four frames: ;28 ;29, then ;00 and ;01 are skipped, ;02 ;03; End is the next label.
    const ale = readAle(
      aleText([clip({ start: '00:00:59;28', durationFrames: 4 })], {
        videoFormat: '1080',
        fps: { num: 30000, den: 1001 },
        dropFrame: true,
      }),
    );
    expect(ale.heading['FPS']).toBe('29.97');
    expect(ale.rows[0]).toMatchObject({ Start: '00:00:59;28', End: '00:01:00;04', Duration: '00:00:00;04', FPS: '29.97' });
    expect(frames(ale.rows[0]!['End']!, 30) - frames(ale.rows[0]!['Start']!, 30)).toBe(4);
  });

  it.each([
    [{ num: 24000, den: 1001 }, '23.976'],
    [{ num: 30000, den: 1001 }, '29.97'],
    [{ num: 60000, den: 1001 }, '59.94'],
    [{ num: 25, den: 1 }, '25'],
    [{ num: 48, den: 2 }, '24'],
  ])('spells %j as %s', (rate, spelling) => {
    expect(aleFps(rate)).toBe(spelling);
  });

  it('maps picture sizes to VIDEO_FORMAT', () => {
    expect([
      aleVideoFormat(1920, 1080),
      aleVideoFormat(1280, 720),
      aleVideoFormat(720, 576),
      aleVideoFormat(720, 486),
      aleVideoFormat(4096, 2160),
    ]).toEqual(['1080', '720', 'PAL', 'NTSC', 'CUSTOM']);
  });

  it.each([
    [
      [clip({ start: '00:01:00;00' })],
      { dropFrame: true, fps: { num: 30000, den: 1001 } },
      /clip 1 \(A001C003_240517_R1AB\), Start: Drop-frame timecode has no frame 00 here/,
    ],
    [[clip({ start: '14:21:07' })], {}, /clip 1 .*, Start: “14:21:07” is not a timecode/],
    [[clip({ durationFrames: 0 })], {}, /Duration: 0 is not a length of one frame or more/],
    [[clip({ name: '\t' })], {}, /clip 1 .*, Name: a clip needs a name/],
    [[clip({ hasVideo: false, audioTracks: 0 })], {}, /Tracks: a clip needs video or audio/],
    [[clip({})], { fps: { num: 25, den: 1 }, dropFrame: true }, /ALE, FPS: drop-frame timecode does not exist at 25\/1/],
    [[clip({})], { fps: { num: 12, den: 1 } }, /ALE, FPS: 12\/1 is not a frame rate an Avid project has/],
    [[clip({})], { videoFormat: '4K' }, /ALE, VIDEO_FORMAT: “4K” is not one of/],
    [[clip({})], { audioFormat: '48000' }, /ALE, AUDIO_FORMAT: “48000” is not a sample rate like 48khz/],
  ])('refuses bad input with the clip and column at fault (%#)', (input, overrides, message) => {
    const run = () => aleText(input, { videoFormat: '1080', fps: { num: 24000, den: 1001 }, ...overrides });
    expect(run).toThrow(FormatError);
    expect(run).toThrow(message);
  });
});
