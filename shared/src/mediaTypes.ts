/**
 * The media type table: what each file extension is, its MIME type, and which derivatives
 * the ingest pipeline (ffmpeg) can make from it.
 *
 * The extension gives only a first answer. A `.mov` may hold ProRes, DNxHD or H.264 and an
 * `.mxf` may hold ARRIRAW that no decoder here can read: the probe decides in the end, and
 * ingest ends `failed` or `skipped` with a reason when the file does not hold what its
 * extension promised. Camera RAW is always recognised and stored, but gets no derivatives.
 */

export type MediaKind = 'video' | 'audio' | 'image' | 'raw' | 'sidecar' | 'other';

export type Derivative = 'proxy' | 'thumbnail' | 'filmstrip' | 'waveform' | 'preview';

export interface MediaType {
  /** Lower case, without the dot; `` when the name has none. */
  readonly extension: string;
  readonly kind: MediaKind;
  readonly mime: string;
  readonly derivatives: readonly Derivative[];
}

export const FALLBACK_MIME = 'application/octet-stream';

const VIDEO: readonly Derivative[] = ['proxy', 'thumbnail', 'filmstrip'];
const AUDIO: readonly Derivative[] = ['proxy', 'waveform'];
const IMAGE: readonly Derivative[] = ['thumbnail', 'preview'];
const NONE: readonly Derivative[] = [];

type Entry = readonly [kind: MediaKind, mime: string, derivatives: readonly Derivative[]];

const video = (mime: string): Entry => ['video', mime, VIDEO];
const audio = (mime: string): Entry => ['audio', mime, AUDIO];
const image = (mime: string): Entry => ['image', mime, IMAGE];
const raw = (mime: string = FALLBACK_MIME): Entry => ['raw', mime, NONE];
const sidecar = (mime: string): Entry => ['sidecar', mime, NONE];

// MIME types: the IANA registration or the name browsers send where one exists, else the
// freedesktop.org shared-mime-info name, else application/octet-stream, never an invented one.
const TABLE: Readonly<Record<string, Entry>> = {
  // Video. MTS/M2TS are AVCHD transport streams; ProRes and DNxHD arrive in MOV and MXF.
  mov: video('video/quicktime'),
  mp4: video('video/mp4'),
  m4v: video('video/x-m4v'),
  mxf: video('application/mxf'),
  mts: video('video/mp2t'),
  m2ts: video('video/mp2t'),
  ts: video('video/mp2t'),
  avi: video('video/x-msvideo'),
  mkv: video('video/x-matroska'),
  webm: video('video/webm'),
  flv: video('video/x-flv'),
  mpg: video('video/mpeg'),
  mpeg: video('video/mpeg'),
  '3gp': video('video/3gpp'),
  wmv: video('video/x-ms-wmv'),

  // Audio. Production sound is mostly broadcast WAV (BWF), sometimes with a .bwf extension.
  wav: audio('audio/wav'),
  bwf: audio('audio/wav'),
  aiff: audio('audio/x-aiff'),
  aif: audio('audio/x-aiff'),
  mp3: audio('audio/mpeg'),
  m4a: audio('audio/mp4'),
  aac: audio('audio/aac'),
  flac: audio('audio/flac'),
  ogg: audio('audio/ogg'),
  opus: audio('audio/ogg'),
  // Raw PCM has no header: without the sample rate, channels and sample format nothing can
  // decode it, and no MIME type describes it honestly.
  pcm: ['audio', FALLBACK_MIME, NONE],

  // Still images, including VFX plates (EXR, DPX, often as frame sequences).
  apng: image('image/apng'),
  avif: image('image/avif'),
  bmp: image('image/bmp'),
  gif: image('image/gif'),
  ico: image('image/vnd.microsoft.icon'),
  j2k: image('image/x-jp2-codestream'),
  jp2: image('image/jp2'),
  jpeg: image('image/jpeg'),
  jpg: image('image/jpeg'),
  pbm: image('image/x-portable-bitmap'),
  pcx: image('image/vnd.zbrush.pcx'),
  pgm: image('image/x-portable-graymap'),
  png: image('image/png'),
  ppm: image('image/x-portable-pixmap'),
  psd: image('image/vnd.adobe.photoshop'),
  svg: image('image/svg+xml'),
  tif: image('image/tiff'),
  tiff: image('image/tiff'),
  webp: image('image/webp'),
  // ffmpeg has no Windows Metafile decoder, so a WMF is stored and shown without a preview.
  wmf: ['image', 'image/wmf', NONE],
  xbm: image('image/x-xbitmap'),
  xpm: image('image/x-xpixmap'),
  exr: image('image/x-exr'),
  dpx: image('image/dpx'),

  // Camera RAW, motion: RED, Blackmagic, ARRI, Canon Cinema RAW Light, Nikon N-RAW, Phantom.
  r3d: raw(),
  braw: raw(),
  ari: raw(),
  arx: raw(),
  crm: raw(),
  nev: raw(),
  cine: raw(),
  // Camera RAW, stills (Media Lake lists cr2, erf and nef as images; ffmpeg cannot decode them).
  dng: raw('image/x-adobe-dng'),
  cr2: raw('image/x-canon-cr2'),
  cr3: raw('image/x-canon-cr3'),
  crw: raw('image/x-canon-crw'),
  nef: raw('image/x-nikon-nef'),
  nrw: raw('image/x-nikon-nrw'),
  arw: raw('image/x-sony-arw'),
  srf: raw('image/x-sony-srf'),
  sr2: raw('image/x-sony-sr2'),
  orf: raw('image/x-olympus-orf'),
  rw2: raw('image/x-panasonic-rw2'),
  raf: raw('image/x-fuji-raf'),
  pef: raw('image/x-pentax-pef'),
  x3f: raw('image/x-sigma-x3f'),
  erf: raw(),
  '3fr': raw(),
  iiq: raw(),

  // Sidecars that travel with the media: logs, edit lists, subtitles, checksums, colour.
  xml: sidecar('application/xml'),
  fcpxml: sidecar('application/xml'),
  mhl: sidecar('application/xml'), // ASC Media Hash List
  cdl: sidecar('application/xml'), // ASC Color Decision List
  ccc: sidecar('application/xml'),
  cc: sidecar('application/xml'),
  rmd: sidecar('application/xml'), // RED metadata
  xmp: sidecar('application/rdf+xml'),
  ale: sidecar('text/plain'), // Avid Log Exchange
  edl: sidecar('text/plain'),
  cube: sidecar('text/plain'), // 3D LUT
  srt: sidecar('application/x-subrip'),
  vtt: sidecar('text/vtt'),
  csv: sidecar('text/csv'),
  txt: sidecar('text/plain'),
  md5: sidecar('text/plain'),
  json: sidecar('application/json'),
  otio: sidecar('application/json'), // OpenTimelineIO
  aaf: sidecar(FALLBACK_MIME),
  pdf: sidecar('application/pdf'), // camera and sound reports
};

/** Every extension Rushes recognises, for upload dialogs and documentation. */
export const MEDIA_TYPES: ReadonlyMap<string, MediaType> = new Map(
  Object.entries(TABLE).map(([extension, [kind, mime, derivatives]]) => [extension, { extension, kind, mime, derivatives }]),
);

/**
 * The lower-case extension of a name or key, without the dot. A name without a dot, or
 * whose only dot starts it (`.DS_Store`), has no extension.
 */
export function extensionOf(nameOrKey: string): string {
  const name = nameOrKey.slice(nameOrKey.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function mediaTypeOf(nameOrKey: string): MediaType {
  const extension = extensionOf(nameOrKey);
  return MEDIA_TYPES.get(extension) ?? { extension, kind: 'other', mime: FALLBACK_MIME, derivatives: NONE };
}

export function mediaKindOf(nameOrKey: string): MediaKind {
  return mediaTypeOf(nameOrKey).kind;
}

export function mimeTypeOf(nameOrKey: string): string {
  return mediaTypeOf(nameOrKey).mime;
}

export function derivativesOf(nameOrKey: string): readonly Derivative[] {
  return mediaTypeOf(nameOrKey).derivatives;
}
