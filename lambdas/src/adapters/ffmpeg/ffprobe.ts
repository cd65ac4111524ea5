import { compactProduction, type Fraction, type ProductionMetadata, type TechnicalMetadata } from '@rushes/shared';
import type { MediaProbe, ProbeResult, ProbedStream } from '../../ports';
import { cameraMetadata } from './cameraTags';
import { ProcessFailed, SOURCE_PROTOCOLS, isFetchTrouble, run } from './tools';

/** A probe reads headers, not media; this is ample even for a slow store. */
const PROBE_TIMEOUT_MS = 120_000;

export interface FfprobeOptions {
  ffprobe: string;
  /** The codecs the paired ffmpeg decodes (decodableCodecs). */
  decodable: ReadonlySet<string>;
  /** A GET URL for an object of the media bucket (presigned), which ffprobe reads with ranges. */
  sourceUrl(key: string): Promise<string>;
}

/** MediaProbe with ffprobe, reading the object over HTTP so nothing is copied to disk first. */
export class FfprobeMediaProbe implements MediaProbe {
  constructor(private readonly options: FfprobeOptions) {}

  async probe(key: string, signal?: AbortSignal): Promise<ProbeResult | null> {
    const url = await this.options.sourceUrl(key);
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-protocol_whitelist', SOURCE_PROTOCOLS, url];
    let stdout: string;
    try {
      ({ stdout } = await run(this.options.ffprobe, args, { timeoutMs: PROBE_TIMEOUT_MS, signal }));
    } catch (error) {
      // Data ffprobe cannot make sense of is an answer; a source it cannot fetch is not.
      if (error instanceof ProcessFailed && error.signal === null && !isFetchTrouble(error.stderrTail)) return null;
      throw error;
    }
    return parseFfprobe(JSON.parse(stdout) as FfprobeOutput, this.options.decodable);
  }
}

// The parts of `ffprobe -print_format json -show_format -show_streams` read here.
interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  profile?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  pix_fmt?: string;
  bits_per_raw_sample?: string;
  bits_per_sample?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  duration?: string;
  color_primaries?: string;
  color_transfer?: string;
  color_space?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; format_long_name?: string; duration?: string; tags?: Record<string, string> };
}

/** ffprobe's JSON → TechnicalMetadata, with every value it lacks or calls unknown as null. */
export function parseFfprobe(output: FfprobeOutput, decodable: ReadonlySet<string>): ProbeResult {
  const streams = output.streams ?? [];
  const videos = streams.filter((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const video = videos[0];
  const audio = audios[0];
  const timecode =
    video?.tags?.['timecode'] ?? streams.find((s) => s.tags?.['timecode'])?.tags?.['timecode'] ?? output.format?.tags?.['timecode'] ?? null;
  const duration = positive(output.format?.duration) ?? positive(video?.duration) ?? positive(audio?.duration);
  const technical: TechnicalMetadata = {
    container: containerName(output.format),
    videoCodec: known(video?.codec_name),
    videoProfile: known(video?.profile),
    width: video?.width || null,
    height: video?.height || null,
    frameRate: video ? frameRateOf(video) : null,
    durationSeconds: duration,
    startTimecode: timecode && /^\d{2}:\d{2}:\d{2}[:;.]\d{2,3}$/.test(timecode) ? timecode : null,
    audioCodec: known(audio?.codec_name),
    audioChannels: audio?.channels || null,
    audioSampleRate: positive(audio?.sample_rate),
    bitDepth: video ? videoBitDepth(video) : audio ? audioBitDepth(audio) : null,
    colourPrimaries: known(video?.color_primaries),
    colourTransfer: known(video?.color_transfer),
    colourMatrix: known(video?.color_space),
    chromaSubsampling: video?.pix_fmt ? chromaOf(video.pix_fmt) : null,
    pixelAspectRatio: video ? ratio(video.sample_aspect_ratio, ':') : null,
    rotation: video ? rotationOf(video) : null,
    videoTracks: videos.length,
    audioTracks: audios.length,
  };
  const production = cameraProduction(output);
  return {
    technical,
    video: video ? streamOf(video, decodable) : null,
    audio: audio ? streamOf(audio, decodable) : null,
    ...(production ? { production } : {}),
  };
}

/** The camera's tags as production metadata: camera is the model with its index (`ALEXA 35 (A)`). */
function cameraProduction(output: FfprobeOutput): ProductionMetadata | null {
  const camera = cameraMetadata(output);
  const name = [camera.cameraModel, camera.camera ? (camera.cameraModel ? `(${camera.camera})` : camera.camera) : null]
    .filter(Boolean)
    .join(' ');
  return compactProduction({
    reel: camera.reel,
    camera: name || null,
    lens: camera.lens,
    iso: camera.iso,
    shutter: camera.shutter,
    whiteBalance: camera.whiteBalance,
    scene: camera.scene,
    take: camera.take,
    circled: camera.circled,
  });
}

/**
 * The container as people name it. ffprobe names demuxers, not files: every QuickTime, MP4,
 * M4A and 3GP file is `mov,mp4,m4a,3gp,3g2,mj2`, told apart only by the file's major brand;
 * stills come through `*_pipe` demuxers.
 */
const CONTAINERS: Readonly<Record<string, string>> = {
  mxf: 'MXF',
  wav: 'WAV',
  w64: 'Wave64',
  aiff: 'AIFF',
  avi: 'AVI',
  mpegts: 'MPEG-TS',
  mpeg: 'MPEG-PS',
  mp3: 'MP3',
  flac: 'FLAC',
  ogg: 'Ogg',
  gxf: 'GXF',
  r3d: 'R3D',
  dnxhd: 'DNxHD',
  prores: 'ProRes',
  image2: 'Image sequence',
  png_pipe: 'PNG',
  tiff_pipe: 'TIFF',
  jpeg_pipe: 'JPEG',
  psd_pipe: 'PSD',
  exr_pipe: 'OpenEXR',
  dpx_pipe: 'DPX',
  bmp_pipe: 'BMP',
  webp_pipe: 'WebP',
  gif: 'GIF',
  j2k_pipe: 'JPEG 2000',
  jpegxl_pipe: 'JPEG XL',
  sgi_pipe: 'SGI',
  tga_pipe: 'TGA',
};

export function containerName(format: FfprobeOutput['format']): string | null {
  const name = known(format?.format_name);
  if (name === null) return null;
  if (name === 'mov,mp4,m4a,3gp,3g2,mj2') {
    const brand = (format?.tags?.['major_brand'] ?? '').trim().toLowerCase();
    if (brand === 'qt' || brand === '') return 'QuickTime';
    if (brand.startsWith('m4a')) return 'M4A';
    if (brand.startsWith('3g')) return '3GP';
    if (brand.startsWith('mj2')) return 'Motion JPEG 2000';
    return 'MP4';
  }
  if (name === 'matroska,webm') return format?.tags?.['DOCTYPE']?.toLowerCase() === 'webm' ? 'WebM' : 'Matroska';
  return CONTAINERS[name] ?? known(format?.format_long_name) ?? name;
}

function streamOf(stream: FfprobeStream, decodable: ReadonlySet<string>): ProbedStream {
  const codec = known(stream.codec_name);
  const tag = stream.codec_tag_string && !/^\[0\]/.test(stream.codec_tag_string) ? stream.codec_tag_string : null;
  return { codec, codecTag: tag, decodable: codec !== null && decodable.has(codec) };
}

function known(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' || /^(unknown|reserved|unspecified|none|N\/A)$/i.test(trimmed) ? null : trimmed;
}

function positive(value: string | number | undefined): number | null {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) && number > 0 ? number : null;
}

/** `24000/1001` → {24000, 1001}; `0/0` and the like → null. */
export function ratio(value: string | undefined, separator: '/' | ':'): Fraction | null {
  const match = value?.split(separator);
  if (match?.length !== 2) return null;
  const num = Number(match[0]);
  const den = Number(match[1]);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}

/**
 * The average rate when it is a sensible one (interlaced MTS reports its field rate as
 * r_frame_rate), else the base rate. Still images have none.
 */
function frameRateOf(video: FfprobeStream): Fraction | null {
  // A still read by the image demuxers reports its default 25 fps for one frame.
  if (video.codec_name && STILL_CODECS.has(video.codec_name) && (positive(video.duration) ?? 0) <= 0.5) return null;
  const rate = ratio(video.avg_frame_rate, '/') ?? ratio(video.r_frame_rate, '/');
  return rate && rate.num / rate.den <= 1000 ? rate : null;
}

const STILL_CODECS = new Set([
  'png',
  'mjpeg',
  'tiff',
  'exr',
  'psd',
  'bmp',
  'webp',
  'gif',
  'dpx',
  'jpeg2000',
  'ppm',
  'pgm',
  'pbm',
  'pcx',
  'xbm',
  'xpm',
  'sgi',
  'targa',
  'qoi',
  'pam',
  'apng',
  'svg',
  'jpegls',
]);

function videoBitDepth(video: FfprobeStream): number | null {
  const raw = positive(video.bits_per_raw_sample);
  if (raw) return raw;
  const format = video.pix_fmt ?? '';
  const float = /f(16|32)(?:le|be)?$/.exec(format);
  if (float) return Number(float[1]);
  const deep = /(?:p|gray|ya)(\d{1,2})(?:le|be)?$/.exec(format);
  if (deep) return Number(deep[1]);
  if (/^(rgb48|bgr48|rgba64|bgra64)/.test(format)) return 16;
  return /^(yuv|yuvj|yuva|nv12|nv21|gray$|ya8|rgb24|bgr24|rgba$|bgra$|argb$|abgr$|rgb0|bgr0|0rgb|0bgr|pal8|gbrp$|uyvy422|yuyv422)/.test(
    format,
  )
    ? 8
    : null;
}

function audioBitDepth(audio: FfprobeStream): number | null {
  return positive(audio.bits_per_raw_sample) ?? positive(audio.bits_per_sample);
}

/** The chroma subsampling a pixel format carries. */
export function chromaOf(pixFmt: string): string | null {
  if (/^(yuvj?420|yuva420|nv12|nv21|p010|p016)/.test(pixFmt)) return '4:2:0';
  if (/^(yuvj?422|yuva422|uyvy422|yuyv422|nv16|y210|v210)/.test(pixFmt)) return '4:2:2';
  if (/^(yuvj?444|yuva444|ayuv|v308|v408|v410)/.test(pixFmt)) return '4:4:4';
  if (/^(yuvj?411|uyyvyy411)/.test(pixFmt)) return '4:1:1';
  if (/^(yuvj?440)/.test(pixFmt)) return '4:4:0';
  if (/^(yuv410)/.test(pixFmt)) return '4:1:0';
  if (/^(gray|ya8|ya16)/.test(pixFmt)) return '4:0:0';
  if (/^(rgb|bgr|gbr|argb|abgr|rgba|bgra|0rgb|rgb0|0bgr|bgr0|x2rgb|x2bgr|pal8)/.test(pixFmt)) return 'RGB';
  return null;
}

/** Display-matrix rotation (counter-clockwise in ffprobe) → degrees clockwise, 0/90/180/270. */
function rotationOf(video: FfprobeStream): number {
  const matrix = video.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  const degrees = matrix?.rotation !== undefined ? -matrix.rotation : Number(video.tags?.['rotate'] ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}
