/**
 * What ingest makes from a file, written once: the ffmpeg transcoder (local mode) and the
 * MediaConvert transcoder (cloud) both build their commands from this, and the desktop reads
 * the filmstrip layout from it to scrub on hover.
 */
import type { Fraction, TechnicalMetadata } from './domain';

export const PROXY_SPEC = {
  /** H.264 High in MP4 with the index first (faststart), so playback starts before the download ends. */
  video: {
    codec: 'h264',
    profile: 'high',
    /** The picture fits this box with its shape kept, and is never enlarged: about 720p. */
    maxWidth: 1280,
    maxHeight: 720,
    pixelFormat: 'yuv420p',
    /** Quality-targeted with a ceiling: x264's CRF and MediaConvert's QVBR level aim at the same look. */
    crf: 23,
    qvbrLevel: 7,
    maxBitrate: 5_000_000,
    bufferSize: 10_000_000,
    /** A keyframe every 2 s, so scrubbing a proxy seeks quickly. */
    keyframeSeconds: 2,
  },
  /** The sound of a video proxy, and audio proxies: AAC-LC stereo. */
  audio: { codec: 'aac', channels: 2, sampleRate: 48_000, bitrate: 128_000, audioOnlyBitrate: 192_000 },
  /** One still, a tenth of the way in (past slates and black), at most 10 s in. */
  thumbnail: { maxWidth: 640, maxHeight: 360, atFraction: 0.1, maxAtSeconds: 10 },
  /**
   * The hover-scrub sprite: 100 frames of 160×90 (letterboxed) in 10 rows of 10, row by row.
   * Frame i shows the picture at i × duration / 100, so a pointer at x% of a card shows
   * frame floor(x), whatever the clip's length.
   */
  filmstrip: { columns: 10, rows: 10, frameWidth: 160, frameHeight: 90 },
  /** The picture of a sound file's loudness over time, mixed down to one channel. */
  waveform: { width: 1800, height: 240, colour: '#4fa3e0' },
  /** Still images: a JPEG that fits this box, never enlarged. */
  preview: { maxWidth: 2048, maxHeight: 2048 },
  /** JPEG quality for thumbnails, filmstrips and previews, in percent. */
  jpegQuality: 85,
} as const;

export const FILMSTRIP_FRAMES = PROXY_SPEC.filmstrip.columns * PROXY_SPEC.filmstrip.rows;

/** File names of the derivatives under an asset's folder in the derived bucket, with their types. */
export const DERIVED_FILES = {
  videoProxy: { name: 'proxy.mp4', contentType: 'video/mp4' },
  audioProxy: { name: 'proxy.m4a', contentType: 'audio/mp4' },
  thumbnail: { name: 'thumbnail.jpg', contentType: 'image/jpeg' },
  filmstrip: { name: 'filmstrip.jpg', contentType: 'image/jpeg' },
  waveform: { name: 'waveform.png', contentType: 'image/png' },
  preview: { name: 'preview.jpg', contentType: 'image/jpeg' },
} as const;

export type DerivedFile = keyof typeof DERIVED_FILES;

/**
 * Derivatives live under the asset's id, not its key: a rename or move changes the key but
 * not the picture, and a second run of the same job writes the same keys again.
 */
export function derivedKey(assetId: string, file: DerivedFile): string {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(assetId)) throw new Error(`"${assetId}" is not an asset id`);
  return `${assetId}/${DERIVED_FILES[file].name}`;
}

/**
 * Derivatives made through a look go beside the as-shot ones, under the look's id: a new look
 * writes new keys, so the old graded proxy plays until the new one is ready.
 */
export function gradedKey(assetId: string, lookId: string, file: 'videoProxy' | 'thumbnail' | 'filmstrip'): string {
  if (!/^[a-f0-9]{8,64}$/.test(lookId)) throw new Error(`"${lookId}" is not a look id`);
  return `${derivedKey(assetId, file).replace(/\/[^/]+$/, '')}/look-${lookId}/${DERIVED_FILES[file].name}`;
}

/** Burn-ins on a proxy: the type and its size and margin as fractions of the picture height. */
export const BURN_IN_SPEC = {
  /** DejaVu Sans Mono (Debian's fonts-dejavu-core): fixed width, so running timecode does not jitter. */
  fontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  /** The fontconfig name used when that file is missing. */
  fallbackFont: 'Monospace',
  fontHeight: 0.045,
  margin: 0.03,
  colour: 'white',
  /** A half-transparent black box behind the text keeps it readable on any picture. */
  box: 'black@0.5',
} as const;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The largest even size with the picture's shape that fits the box, never larger than the
 * picture itself (H.264 4:2:0 needs even sides).
 */
export function fitWithin(picture: Size, box: Size): Size {
  if (!(picture.width > 0 && picture.height > 0)) throw new Error(`A picture of ${picture.width}×${picture.height} has no size`);
  const scale = Math.min(1, box.width / picture.width, box.height / picture.height);
  const even = (value: number) => Math.max(2, 2 * Math.round((value * scale) / 2));
  return { width: even(picture.width), height: even(picture.height) };
}

/** The picture as a player shows it: pixel aspect applied, turned by its rotation. */
export function displaySize(technical: Pick<TechnicalMetadata, 'width' | 'height' | 'pixelAspectRatio' | 'rotation'>): Size | null {
  const { width, height } = technical;
  if (!width || !height) return null;
  const par = technical.pixelAspectRatio;
  const displayWidth = par && par.num > 0 && par.den > 0 ? (width * par.num) / par.den : width;
  const turned = technical.rotation === 90 || technical.rotation === 270;
  return turned ? { width: height, height: displayWidth } : { width: displayWidth, height };
}

/** Where the thumbnail is taken, in seconds from the start. */
export function thumbnailSeconds(durationSeconds: number | null): number {
  if (durationSeconds === null || !(durationSeconds > 0)) return 0;
  const at = Math.min(durationSeconds * PROXY_SPEC.thumbnail.atFraction, PROXY_SPEC.thumbnail.maxAtSeconds);
  return Math.round(at * 1000) / 1000;
}

/** A frame rate in lowest terms, or null when it is not a usable rate (0/0, negative, absurd). */
export function normaliseFrameRate(rate: Fraction | null): Fraction | null {
  if (!rate || !Number.isSafeInteger(rate.num) || !Number.isSafeInteger(rate.den) || rate.num <= 0 || rate.den <= 0) return null;
  if (rate.num / rate.den > 1000) return null;
  const divisor = gcd(rate.num, rate.den);
  return { num: rate.num / divisor, den: rate.den / divisor };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
