// Test and bench support: the technical metadata of a typical camera original (UHD ProRes 422 HQ
// at 23.976 with two channels of 24-bit sound), for tests to vary by the fields they are about.
import type { TechnicalMetadata } from '@rushes/shared';

export function cameraTechnical(overrides: Partial<TechnicalMetadata> = {}): TechnicalMetadata {
  return {
    container: 'mov',
    videoCodec: 'prores',
    videoProfile: '422 HQ',
    width: 3840,
    height: 2160,
    frameRate: { num: 24000, den: 1001 },
    durationSeconds: 30,
    startTimecode: '01:00:00:00',
    audioCodec: 'pcm_s24le',
    audioChannels: 2,
    audioSampleRate: 48000,
    bitDepth: 10,
    colourPrimaries: 'bt709',
    colourTransfer: 'bt709',
    colourMatrix: 'bt709',
    chromaSubsampling: '4:2:2',
    pixelAspectRatio: { num: 1, den: 1 },
    rotation: 0,
    videoTracks: 1,
    audioTracks: 1,
    ...overrides,
  };
}
