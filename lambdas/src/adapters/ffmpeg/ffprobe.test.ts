import { describe, expect, it } from 'vitest';
import { chromaOf, containerName, parseFfprobe, type FfprobeOutput } from './ffprobe';
import { parseDecoders } from './tools';

const decoders = new Set(['h264', 'pcm_s16le', 'aac', 'mjpeg']);

describe('parseFfprobe', () => {
  it('reads a phone clip: rotation, VFR average rate, cover art not counted as a track', () => {
    const output: FfprobeOutput = {
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.345000' },
      streams: [
        {
          codec_type: 'video',
          codec_name: 'h264',
          profile: 'High',
          width: 1920,
          height: 1080,
          pix_fmt: 'yuvj420p',
          sample_aspect_ratio: '1:1',
          r_frame_rate: '90000/1',
          avg_frame_rate: '30000/1001',
          color_primaries: 'unknown',
          side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
        },
        { codec_type: 'audio', codec_name: 'aac', channels: 1, sample_rate: '44100' },
        { codec_type: 'video', codec_name: 'mjpeg', width: 300, height: 300, disposition: { attached_pic: 1 } },
      ],
    };
    const { technical, video, audio } = parseFfprobe(output, decoders);
    expect(technical).toMatchObject({
      videoCodec: 'h264',
      frameRate: { num: 30000, den: 1001 },
      rotation: 90,
      bitDepth: 8,
      chromaSubsampling: '4:2:0',
      colourPrimaries: null,
      durationSeconds: 12.345,
      videoTracks: 1,
      audioTracks: 1,
      audioSampleRate: 44100,
      startTimecode: null,
    });
    expect(video).toEqual({ codec: 'h264', codecTag: null, decodable: true });
    expect(audio).toEqual({ codec: 'aac', codecTag: null, decodable: true });
  });

  it('names a codec no decoder here reads, and finds the timecode on the tmcd track', () => {
    const { technical, video } = parseFfprobe(
      {
        format: { format_name: 'mxf', duration: '4.0' },
        streams: [
          { codec_type: 'video', codec_tag_string: 'ARRI', width: 3424, height: 2202, r_frame_rate: '24/1', avg_frame_rate: '24/1' },
          { codec_type: 'data', codec_tag_string: 'tmcd', tags: { timecode: '10:00:00:00' } },
        ],
      },
      decoders,
    );
    expect(video).toEqual({ codec: null, codecTag: 'ARRI', decodable: false });
    expect(technical.startTimecode).toBe('10:00:00:00');
    expect(technical.audioTracks).toBe(0);
  });

  it('gives a still no frame rate', () => {
    const { technical } = parseFfprobe(
      {
        format: { format_name: 'png_pipe' },
        streams: [
          {
            codec_type: 'video',
            codec_name: 'png',
            width: 32,
            height: 32,
            pix_fmt: 'rgb48be',
            r_frame_rate: '25/1',
            avg_frame_rate: '0/0',
          },
        ],
      },
      decoders,
    );
    expect(technical).toMatchObject({ frameRate: null, bitDepth: 16, chromaSubsampling: 'RGB', durationSeconds: null });
  });

  it('maps pixel formats to chroma subsampling', () => {
    expect(['yuv420p', 'yuv422p10le', 'yuv444p12le', 'yuv411p', 'gray16le', 'gbrpf32le', 'weird'].map(chromaOf)).toEqual([
      '4:2:0',
      '4:2:2',
      '4:4:4',
      '4:1:1',
      '4:0:0',
      'RGB',
      null,
    ]);
  });
});

describe('parseDecoders', () => {
  it('knows a codec by its decoder name, or by the codec a decoder names', () => {
    const listing = [
      'Decoders:',
      ' V..... = Video',
      ' ------',
      ' VFS..D prores               ProRes (iCodec Pro)',
      ' V....D libdav1d             dav1d AV1 decoder by VideoLAN (codec av1)',
      ' A....D pcm_s24le            PCM signed 24-bit little-endian',
    ].join('\n');
    expect([...parseDecoders(listing)].sort()).toEqual(['av1', 'pcm_s24le', 'prores']);
  });
});

describe('containerName', () => {
  it('names the file as people do, not the demuxer', () => {
    const mov = 'mov,mp4,m4a,3gp,3g2,mj2';
    expect(containerName({ format_name: mov, tags: { major_brand: 'qt  ' } })).toBe('QuickTime');
    expect(containerName({ format_name: mov })).toBe('QuickTime');
    expect(containerName({ format_name: mov, tags: { major_brand: 'isom' } })).toBe('MP4');
    expect(containerName({ format_name: mov, tags: { major_brand: 'mp42' } })).toBe('MP4');
    expect(containerName({ format_name: mov, tags: { major_brand: 'M4A ' } })).toBe('M4A');
    expect(containerName({ format_name: mov, tags: { major_brand: '3gp5' } })).toBe('3GP');
    expect(containerName({ format_name: 'mxf' })).toBe('MXF');
    expect(containerName({ format_name: 'tiff_pipe' })).toBe('TIFF');
    expect(containerName({ format_name: 'matroska,webm', tags: { DOCTYPE: 'webm' } })).toBe('WebM');
    expect(containerName({ format_name: 'matroska,webm' })).toBe('Matroska');
    expect(containerName({ format_name: 'caf', format_long_name: 'Apple CAF (Core Audio Format)' })).toBe('Apple CAF (Core Audio Format)');
    expect(containerName({ format_name: 'somethingnew' })).toBe('somethingnew');
    expect(containerName({})).toBeNull();
  });
});
