import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALLBACK_MIME, MEDIA_TYPES, derivativesOf, extensionOf, mediaKindOf, mediaTypeOf, mimeTypeOf, type MediaKind } from './mediaTypes';

// The supported types listed by the Guidance for a Media Lake on AWS.
const MEDIA_LAKE_IMAGES = 'apng avif bmp gif ico j2k jp2 jpeg jpg pbm pcx pgm png ppm psd svg tif tiff webp wmf xbm xpm exr'.split(' ');
const MEDIA_LAKE_STILL_RAW = ['cr2', 'erf', 'nef'];
const MEDIA_LAKE_VIDEO = 'flv mp4 mov avi mkv webm mxf mts'.split(' ');
const MEDIA_LAKE_AUDIO = 'wav aiff aif mp3 pcm m4a'.split(' ');

describe('the media type table', () => {
  it.each([
    ...MEDIA_LAKE_IMAGES.map((ext) => [ext, 'image']),
    ...MEDIA_LAKE_STILL_RAW.map((ext) => [ext, 'raw']),
    ...MEDIA_LAKE_VIDEO.map((ext) => [ext, 'video']),
    ...MEDIA_LAKE_AUDIO.map((ext) => [ext, 'audio']),
    ['m2ts', 'video'],
    ['dpx', 'image'],
    ['r3d', 'raw'],
    ['braw', 'raw'],
    ['ari', 'raw'],
    ['arx', 'raw'],
    ['crm', 'raw'],
    ['dng', 'raw'],
    ['cr3', 'raw'],
    ['arw', 'raw'],
    ['xml', 'sidecar'],
    ['ale', 'sidecar'],
    ['edl', 'sidecar'],
    ['srt', 'sidecar'],
    ['mhl', 'sidecar'],
    ['cdl', 'sidecar'],
    ['cube', 'sidecar'],
  ] as Array<[string, MediaKind]>)('knows .%s as %s', (ext, kind) => {
    expect(mediaKindOf(`clip.${ext}`)).toBe(kind);
    expect(MEDIA_TYPES.get(ext)?.kind).toBe(kind);
  });

  it('offers the derivatives each kind can have', () => {
    expect(derivativesOf('A001.mov')).toEqual(['proxy', 'thumbnail', 'filmstrip']);
    expect(derivativesOf('A001.mxf')).toEqual(['proxy', 'thumbnail', 'filmstrip']);
    expect(derivativesOf('sound.wav')).toEqual(['proxy', 'waveform']);
    expect(derivativesOf('plate.exr')).toEqual(['thumbnail', 'preview']);
    expect(derivativesOf('plate.0001.dpx')).toEqual(['thumbnail', 'preview']);
  });

  it('stores camera RAW, sidecars and unknown files without derivatives', () => {
    for (const [ext, type] of MEDIA_TYPES) {
      if (type.kind === 'raw' || type.kind === 'sidecar') expect(type.derivatives, ext).toEqual([]);
    }
    expect(derivativesOf('A001_C001.R3D')).toEqual([]);
    expect(derivativesOf('project.blend')).toEqual([]);
  });

  it('has a well-formed MIME type and consistent derivatives for every entry', () => {
    for (const [ext, type] of MEDIA_TYPES) {
      expect(type.extension).toBe(ext);
      expect(ext).toMatch(/^[a-z0-9]+$/);
      expect(type.mime, ext).toMatch(/^(application|audio|image|text|video)\/[a-z0-9.+-]+$/);
      if (type.derivatives.includes('waveform')) expect(type.kind).toBe('audio');
      if (type.derivatives.includes('filmstrip')) expect(type.kind).toBe('video');
      if (type.derivatives.includes('preview')) expect(type.kind).toBe('image');
    }
  });

  it('gives the MIME types browsers and S3 expect', () => {
    expect(mimeTypeOf('a.mov')).toBe('video/quicktime');
    expect(mimeTypeOf('a.mp4')).toBe('video/mp4');
    expect(mimeTypeOf('a.mxf')).toBe('application/mxf');
    expect(mimeTypeOf('a.mts')).toBe('video/mp2t');
    expect(mimeTypeOf('a.jpg')).toBe('image/jpeg');
    expect(mimeTypeOf('a.wav')).toBe('audio/wav');
    expect(mimeTypeOf('a.mp3')).toBe('audio/mpeg');
    expect(mimeTypeOf('a.r3d')).toBe(FALLBACK_MIME);
    expect(mimeTypeOf('a.unknownext')).toBe('application/octet-stream');
  });
});

describe('reading the extension', () => {
  it('ignores case', () => {
    expect(mediaTypeOf('A001C003_220101_R1AB.MOV')).toMatchObject({ extension: 'mov', kind: 'video' });
    expect(mediaKindOf('Clip.Mxf')).toBe('video');
    expect(mimeTypeOf('STILL.JPEG')).toBe('image/jpeg');
  });

  it('uses the last dot of the last name only', () => {
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('Show/Day.1/clip')).toBe('');
    expect(extensionOf('Show/Day.1/clip.wav')).toBe('wav');
    expect(mediaKindOf('Show.mov/notes')).toBe('other');
  });

  it('treats names without an extension and dotfiles as other', () => {
    expect(mediaTypeOf('README')).toEqual({ extension: '', kind: 'other', mime: FALLBACK_MIME, derivatives: [] });
    expect(mediaTypeOf('.DS_Store')).toMatchObject({ extension: '', kind: 'other' });
    expect(mediaTypeOf('Show/.mov')).toMatchObject({ extension: '', kind: 'other' });
    expect(mediaTypeOf('')).toMatchObject({ extension: '', kind: 'other' });
    expect(mediaTypeOf('clip.')).toMatchObject({ extension: '', kind: 'other' });
  });

  it('does not mistake object property names for extensions', () => {
    expect(mediaKindOf('x.constructor')).toBe('other');
    expect(mediaKindOf('x.__proto__')).toBe('other');
    expect(mediaKindOf('x.toString')).toBe('other');
  });

  it('answers for any name, and every known extension gives its table entry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...MEDIA_TYPES.keys()), (stem, ext) => {
        const type = mediaTypeOf(stem);
        expect(typeof type.mime).toBe('string');
        const known = mediaTypeOf(`${stem.replaceAll('/', '_')}x.${ext.toUpperCase()}`);
        expect(known).toEqual(MEDIA_TYPES.get(ext));
      }),
    );
  });
});
