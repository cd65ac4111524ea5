import { describe, expect, it } from 'vitest';
import { NO_REVIEW, type AssetView, type Fraction, type SoundTimecode } from '@rushes/shared';
import { collectAssets, markerFile, type ExportReader } from './markerExport';

// An ALE of a shooting day: camera clips at the picture rate and the sound rolls beside them,
// read through a reader written here, as the dialog reads the folder through the desktop API.

const FILM: Fraction = { num: 24000, den: 1001 };
const NTSC: Fraction = { num: 30000, den: 1001 };

function camera(name: string, rate: Fraction, startTimecode: string, seconds: number): AssetView {
  return {
    id: name,
    name,
    kind: 'video',
    technical: { frameRate: rate, startTimecode, durationSeconds: seconds, audioChannels: 2, width: 1920, height: 1080 },
    production: { scene: '12A', take: '3' },
    review: NO_REVIEW,
  } as unknown as AssetView;
}

function sound(name: string, clock: SoundTimecode | undefined, seconds: number): AssetView {
  return {
    id: name,
    name,
    kind: 'audio',
    technical: { frameRate: null, startTimecode: null, durationSeconds: seconds, audioChannels: 2, width: null, height: null },
    production: { scene: '12A', take: '3', reel: 'SR004', ...(clock ? { soundTimecode: clock } : {}) },
    review: NO_REVIEW,
  } as unknown as AssetView;
}

/** A folder listing two assets a page, as the API pages it. */
function reader(assets: AssetView[]): ExportReader {
  return {
    listFolder: async ({ cursor }) => {
      const from = Number(cursor ?? 0);
      const next = from + 2 < assets.length ? String(from + 2) : null;
      return { folders: [], assets: assets.slice(from, from + 2), nextCursor: next };
    },
    notesBatch: async () => ({ notes: [] }),
  };
}

async function ale(assets: AssetView[]): Promise<{ heading: string[]; rows: Record<string, string>[] }> {
  const found = await collectAssets({ title: 'Day 1', assets: [], folders: ['Show/Day 1/'] }, reader(assets), () => {});
  const lines = markerFile('ale', 'Day 1', found, new Map(), {}).split('\r\n');
  const columns = lines[lines.indexOf('Column') + 1]!.split('\t');
  return {
    heading: lines.slice(1, lines.indexOf('')),
    rows: lines
      .slice(lines.indexOf('Data') + 1)
      .filter(Boolean)
      .map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i]!, value]))),
  };
}

const times = ({ Name, Start, End, Duration, FPS }: Record<string, string>) => ({ Name, Start, End, Duration, FPS });

/** 01:00:00:00 at 23.976 is frame 86,400: that many frames of 1001/24000 s at 48 kHz. */
const HOUR_AT_FILM = String(86_400 * 2002);

describe('an ALE with sound rolls', () => {
  it('counts 23.976 camera clips and their WAVs at 23.976, the WAVs from bext at their sample rate', async () => {
    const { heading, rows } = await ale([
      camera('A001_C003.mov', FILM, '01:00:00:00', 10.01),
      // The recorder states 23.976 NDF in iXML.
      sound('T003.wav', { samplesSinceMidnight: HOUR_AT_FILM, sampleRate: 48_000, rate: FILM, dropFrame: false }, 10.01),
      // No rate stated: it counts at the picture's. TimeReference at 96 kHz, 2 s in.
      sound('T004.wav', { samplesSinceMidnight: String(86_448 * 4004), sampleRate: 96_000 }, 5.005),
    ]);
    expect(heading).toContain('FPS\t23.976');
    expect(rows.map(times)).toEqual([
      { Name: 'A001_C003.mov', Start: '01:00:00:00', End: '01:00:10:00', Duration: '00:00:10:00', FPS: '23.976' },
      { Name: 'T003.wav', Start: '01:00:00:00', End: '01:00:10:00', Duration: '00:00:10:00', FPS: '23.976' },
      { Name: 'T004.wav', Start: '01:00:02:00', End: '01:00:07:00', Duration: '00:00:05:00', FPS: '23.976' },
    ]);
    expect(rows.map((row) => row['Tracks'])).toEqual(['VA1A2', 'A1A2', 'A1A2']);
  });

  it('labels drop-frame where the sound report says DF', async () => {
    // 01:00:00;00 in drop-frame is frame 107,892; 1601.6 samples a frame at 48 kHz, the sample at or after it.
    const clock = { samplesSinceMidnight: '172799828', sampleRate: 48_000, rate: NTSC, dropFrame: true };
    const alone = await ale([sound('T010.wav', clock, 2.002)]);
    expect(alone.heading).toContain('FPS\t29.97');
    expect(alone.rows.map(times)).toEqual([
      { Name: 'T010.wav', Start: '01:00:00;00', End: '01:00:02;00', Duration: '00:00:02;00', FPS: '29.97' },
    ]);

    const withPicture = await ale([camera('A010.mov', NTSC, '00:59:59;28', 2.002), sound('T010.wav', clock, 2.002)]);
    expect(withPicture.rows.map((row) => row['Start'])).toEqual(['00:59:59;28', '01:00:00;00']);
  });

  it('refuses a camera clip at another picture rate, naming it and both rates', async () => {
    await expect(
      ale([camera('A001_C003.mov', FILM, '01:00:00:00', 10), camera('B001_C001.mov', { num: 25, den: 1 }, '01:00:00:00', 10)]),
    ).rejects.toThrow('“B001_C001.mov” runs at 25 fps, not the 23.976 fps of “A001_C003.mov”');
  });

  it('refuses a WAV whose report states another timecode rate, naming it and both rates', async () => {
    const clock = { samplesSinceMidnight: '0', sampleRate: 48_000, rate: { num: 25, den: 1 } };
    await expect(ale([camera('A001_C003.mov', FILM, '01:00:00:00', 10), sound('T003.wav', clock, 10)])).rejects.toThrow(
      '“T003.wav” has its timecode at 25 fps, not the 23.976 fps of “A001_C003.mov”',
    );
  });
});
