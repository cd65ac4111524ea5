import { describe, expect, it } from 'vitest';
import { FILMSTRIP_FRAMES, PROXY_SPEC, derivedKey, displaySize, fitWithin, normaliseFrameRate, thumbnailSeconds } from './proxySpec';

const box = { width: PROXY_SPEC.video.maxWidth, height: PROXY_SPEC.video.maxHeight };
const still = { pixelAspectRatio: null, rotation: null };

describe('the proxy size', () => {
  it('fits about 720p, keeps the shape, never enlarges, and keeps both sides even', () => {
    expect(fitWithin({ width: 1920, height: 1080 }, box)).toEqual({ width: 1280, height: 720 });
    expect(fitWithin({ width: 3840, height: 2160 }, box)).toEqual({ width: 1280, height: 720 });
    expect(fitWithin({ width: 4096, height: 2160 }, box)).toEqual({ width: 1280, height: 676 });
    expect(fitWithin({ width: 1440, height: 1080 }, box)).toEqual({ width: 960, height: 720 });
    expect(fitWithin({ width: 640, height: 360 }, box)).toEqual({ width: 640, height: 360 });
    expect(fitWithin({ width: 721, height: 405 }, box)).toEqual({ width: 722, height: 406 });
    expect(() => fitWithin({ width: 0, height: 1080 }, box)).toThrow();
  });

  it('uses the picture as players show it: anamorphic pixels widened, phone rotation turned', () => {
    expect(displaySize({ width: 1440, height: 1080, pixelAspectRatio: { num: 4, den: 3 }, rotation: 0 })).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(displaySize({ width: 1920, height: 1080, pixelAspectRatio: { num: 1, den: 1 }, rotation: 90 })).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(fitWithin(displaySize({ width: 1920, height: 1080, rotation: 270, pixelAspectRatio: null })!, box)).toEqual({
      width: 406,
      height: 720,
    });
    expect(displaySize({ width: null, height: 1080, ...still })).toBeNull();
  });
});

describe('frame rates', () => {
  it('keeps exact fractions in lowest terms and refuses rates that are not rates', () => {
    expect(normaliseFrameRate({ num: 24000, den: 1001 })).toEqual({ num: 24000, den: 1001 });
    expect(normaliseFrameRate({ num: 50, den: 2 })).toEqual({ num: 25, den: 1 });
    expect(normaliseFrameRate({ num: 60000, den: 2002 })).toEqual({ num: 30000, den: 1001 });
    expect(normaliseFrameRate({ num: 0, den: 0 })).toBeNull();
    expect(normaliseFrameRate({ num: 90000, den: 1 })).toBeNull();
    expect(normaliseFrameRate(null)).toBeNull();
  });
});

describe('thumbnail time, filmstrip and keys', () => {
  it('takes the thumbnail a tenth of the way in, at most 10 s in', () => {
    expect(thumbnailSeconds(5)).toBe(0.5);
    expect(thumbnailSeconds(600)).toBe(10);
    expect(thumbnailSeconds(null)).toBe(0);
    expect(thumbnailSeconds(0)).toBe(0);
  });

  it('lays the filmstrip out as 100 frames of 160×90', () => {
    expect(FILMSTRIP_FRAMES).toBe(100);
    expect(PROXY_SPEC.filmstrip.columns * PROXY_SPEC.filmstrip.frameWidth).toBe(1600);
  });

  it('puts derivatives under the asset id, and refuses anything else as an id', () => {
    expect(derivedKey('4f1d2c3b-aaaa-4bbb-8ccc-0123456789ab', 'videoProxy')).toBe('4f1d2c3b-aaaa-4bbb-8ccc-0123456789ab/proxy.mp4');
    expect(derivedKey('4f1d2c3b-aaaa-4bbb-8ccc-0123456789ab', 'waveform')).toBe('4f1d2c3b-aaaa-4bbb-8ccc-0123456789ab/waveform.png');
    expect(() => derivedKey('../../etc', 'thumbnail')).toThrow();
  });
});
