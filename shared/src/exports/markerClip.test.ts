import { describe, expect, it } from 'vitest';
import type { AssetView } from '../catalogApi';
import type { TechnicalMetadata } from '../domain';
import { NO_REVIEW } from '../review';
import { markerClip } from './markerClip';
import { note } from './test/readers';

const NO_TECHNICAL: TechnicalMetadata = {
  container: null,
  videoCodec: null,
  videoProfile: null,
  width: null,
  height: null,
  frameRate: null,
  durationSeconds: null,
  startTimecode: null,
  audioCodec: null,
  audioChannels: null,
  audioSampleRate: null,
  bitDepth: null,
  colourPrimaries: null,
  colourTransfer: null,
  colourMatrix: null,
  chromaSubsampling: null,
  pixelAspectRatio: null,
  rotation: null,
  videoTracks: null,
  audioTracks: null,
};

function asset(name: string, technical: Partial<TechnicalMetadata> | null, kind: AssetView['kind'] = 'video'): AssetView {
  return {
    id: 'asset-0001',
    key: `Show/Day 1/${name}`,
    folderPath: 'Show/Day 1/',
    name,
    size: 1,
    checksum: null,
    kind,
    status: 'ready',
    failureReason: null,
    locations: {},
    technical: technical === null ? null : { ...NO_TECHNICAL, ...technical },
    derived: { proxy: false, thumbnail: false, filmstrip: false, waveform: false, preview: false },
    createdBy: 'ana@example.com',
    createdAt: '2026-12-06T10:00:00.000Z',
    modifiedAt: '2026-12-06T10:00:00.000Z',
    version: 1,
    trash: null,
    tags: [],
    notes: '',
    review: NO_REVIEW,
  };
}

describe('markerClip', () => {
  it('takes the exact rate, start timecode and duration of a picture clip, and its name as the tape', () => {
    const notes = [note({ frame: 3 })];
    const clip = markerClip(
      asset('A001C003_240517_R1AB.mov', { frameRate: { num: 48000, den: 2002 }, startTimecode: '14:21:07:10', durationSeconds: 10.01 }),
      notes,
    );
    expect(clip).toEqual({
      assetId: 'asset-0001',
      name: 'A001C003_240517_R1AB.mov',
      tape: 'A001C003_240517_R1AB',
      rate: { num: 24000, den: 1001 },
      startTimecode: '14:21:07:10',
      dropFrame: false,
      durationFrames: 240,
      notes,
    });
  });

  it('counts drop-frame where the start timecode says so and the rate allows it', () => {
    expect(markerClip(asset('a.mov', { frameRate: { num: 30000, den: 1001 }, startTimecode: '01:00:00;00' }), []).dropFrame).toBe(true);
    expect(markerClip(asset('a.mov', { frameRate: { num: 30000, den: 1001 }, startTimecode: '01:00:00:00' }), []).dropFrame).toBe(false);
    expect(markerClip(asset('a.mov', { frameRate: { num: 25, den: 1 }, startTimecode: '01:00:00;00' }), []).dropFrame).toBe(false);
  });

  it('counts sound at its timecode rate when known, else at 25, from 00:00:00:00 when it has no timecode', () => {
    const sound = markerClip(asset('Scene 4 T2.wav', { durationSeconds: 2 }, 'audio'), []);
    expect(sound).toMatchObject({ rate: { num: 25, den: 1 }, startTimecode: '00:00:00:00', dropFrame: false, durationFrames: 50 });
    expect(sound.tape).toBe('Scene 4 T2');
    expect(markerClip(asset('b.wav', { startTimecode: '10:00:00;12' }, 'audio'), [])).toMatchObject({
      rate: { num: 30000, den: 1001 },
      dropFrame: true,
    });
    expect(markerClip(asset('b.wav', { startTimecode: '10:00:00;45' }, 'audio'), []).rate).toEqual({ num: 60000, den: 1001 });
    expect(markerClip(asset('c.wav', { frameRate: { num: 24, den: 1 }, startTimecode: '10:00:00:00' }, 'audio'), []).rate).toEqual({
      num: 24,
      den: 1,
    });
  });

  it('leaves the duration unknown when the probe found none, and keeps a name without an extension', () => {
    expect(markerClip(asset('README', null), [])).toMatchObject({ durationFrames: null, tape: 'README', startTimecode: '00:00:00:00' });
  });
});
