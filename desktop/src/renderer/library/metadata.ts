import { displaySize, normaliseFrameRate, type AssetView, type Fraction, type WorkstationView } from '@rushes/shared';
import { clockFor } from './clock';
import { formatDate, formatFormat, formatFrameRate, formatResolution, formatSize } from './format';
import { editSharesOf, sharePath } from './locations';

/** The metadata panel's content: every probed field, grouped as an editor looks for it. */

export interface MetadataRow {
  label: string;
  value: string;
  /** Timecode, checksums, ids: set in the monospaced face so digits line up. */
  mono?: boolean;
}

export interface MetadataGroup {
  title: 'File' | 'Production' | 'Video' | 'Picture' | 'Audio' | 'Timecode' | 'Checksum' | 'Location';
  rows: MetadataRow[];
}

const KIND_NAMES: Record<AssetView['kind'], string> = {
  video: 'Video',
  audio: 'Sound',
  image: 'Still image',
  raw: 'Camera RAW',
  sidecar: 'Sidecar',
  other: 'Other file',
};

const STATUS_NAMES: Record<AssetView['status'], string> = {
  uploading: 'Uploading',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

const CHECKSUM_NAMES: Record<string, string> = {
  sha256: 'SHA-256',
  md5: 'MD5',
  sha1: 'SHA-1',
  xxh64: 'xxHash64',
  xxh3: 'XXH3',
  xxh128: 'XXH128',
  crc32c: 'CRC32C',
  crc64nvme: 'CRC64NVME',
};

const fraction = (value: Fraction | null | undefined, separator = '/') => (value ? `${value.num}${separator}${value.den}` : '');
const khz = (rate: number) => `${Number((rate / 1000).toFixed(3))} kHz`;

function rows(list: [string, string | number | null | undefined, boolean?][]): MetadataRow[] {
  return list
    .filter((row): row is [string, string | number, boolean?] => row[1] !== null && row[1] !== undefined && row[1] !== '')
    .map(([label, value, mono]) => ({ label, value: String(value), ...(mono ? { mono } : {}) }));
}

/** Start, end and duration in the clip's own timecode; only the start as probed without a frame rate. */
function timecodeRows(asset: AssetView): MetadataRow[] {
  const t = asset.technical;
  if (!t || !normaliseFrameRate(t.frameRate)) return rows([['Start', t?.startTimecode, true]]);
  const clock = clockFor({ ...asset, kind: 'video' }, null);
  const count = clock.frameCount;
  return rows([
    ['Start', clock.label(0), true],
    ['End', count > 0 ? clock.label(count - 1) : null, true],
    ['Duration', count > 0 ? clock.length(count) : null, true],
    ['Frames', count > 0 ? count.toLocaleString() : null, true],
    ['Counting', clock.base.dropFrame ? 'Drop-frame (;)' : 'Non-drop (:)'],
    ['Seconds', t.durationSeconds ? t.durationSeconds.toFixed(3) : null, true],
  ]);
}

/** `workstations`: those this user may see, to name the edit shares an asset is on (others stay ids). */
export function metadataGroups(asset: AssetView, workstations: readonly WorkstationView[] = []): MetadataGroup[] {
  const t = asset.technical;
  const fps = formatFrameRate(asset);
  const shown = t ? displaySize(t) : null;
  const hasPicture = Boolean(t?.videoCodec || t?.width);
  const groups: MetadataGroup[] = [
    {
      title: 'File',
      rows: rows([
        ['Name', asset.name],
        ['Folder', asset.folderPath || '/'],
        ['Kind', KIND_NAMES[asset.kind]],
        ['Format', formatFormat(asset.name)],
        ['Container', t?.container],
        ['Size', `${formatSize(asset.size)} (${asset.size.toLocaleString()} bytes)`],
        ['Status', STATUS_NAMES[asset.status]],
        ['Why it failed', asset.failureReason],
        ['Uploaded', `${formatDate(asset.createdAt)} by ${asset.createdBy}`],
        ['Modified', formatDate(asset.modifiedAt)],
        ['Asset id', asset.id, true],
      ]),
    },
    { title: 'Production', rows: productionRows(asset) },
    {
      // A still's picture fields are the same probe fields; "Video" would mislead there.
      title: asset.kind === 'image' ? 'Picture' : 'Video',
      rows: hasPicture
        ? rows([
            ['Codec', t?.videoCodec],
            ['Profile', t?.videoProfile],
            ['Resolution', formatResolution(asset)],
            [
              'Shown as',
              shown && (shown.width !== t?.width || shown.height !== t?.height)
                ? `${Math.round(shown.width)}×${Math.round(shown.height)}`
                : null,
            ],
            [
              'Pixel aspect',
              t?.pixelAspectRatio && t.pixelAspectRatio.num !== t.pixelAspectRatio.den
                ? fraction(t.pixelAspectRatio, ':')
                : t?.pixelAspectRatio
                  ? 'Square (1:1)'
                  : null,
            ],
            ['Frame rate', fps ? `${fps} fps (${fraction(t?.frameRate)})` : null],
            ['Bit depth', t?.bitDepth ? `${t.bitDepth}-bit` : null],
            ['Chroma', t?.chromaSubsampling],
            ['Primaries', t?.colourPrimaries],
            ['Transfer', t?.colourTransfer],
            ['Matrix', t?.colourMatrix],
            ['Rotation', t?.rotation ? `${t.rotation}°` : null],
            ['Video tracks', t?.videoTracks],
          ])
        : [],
    },
    {
      title: 'Audio',
      rows: rows([
        ['Codec', t?.audioCodec],
        ['Channels', t?.audioChannels],
        ['Sample rate', t?.audioSampleRate ? khz(t.audioSampleRate) : null],
        ['Bit depth', !hasPicture && t?.bitDepth ? `${t.bitDepth}-bit` : null],
        ['Audio tracks', t?.audioTracks || null],
      ]),
    },
    { title: 'Timecode', rows: timecodeRows(asset) },
    {
      title: 'Checksum',
      rows: asset.checksum
        ? rows([[CHECKSUM_NAMES[asset.checksum.algorithm] ?? asset.checksum.algorithm, asset.checksum.value, true]])
        : [],
    },
    { title: 'Location', rows: locationRows(asset, workstations) },
  ];
  return groups.filter((group) => group.rows.length > 0);
}

/** What the camera and the sound report say about the take, and why part of it could not be read. */
function productionRows(asset: AssetView): MetadataRow[] {
  const p = asset.production;
  if (!p) return [];
  return rows([
    ['Scene', p.scene],
    ['Take', p.take],
    ['Circled', p.circled === undefined ? null : p.circled ? 'Yes (sound report)' : 'No'],
    [asset.kind === 'audio' ? 'Sound roll' : 'Reel', p.reel, true],
    ['Camera', p.camera],
    ['Lens', p.lens],
    ['ISO', p.iso],
    ['Shutter', p.shutter],
    ['White balance', p.whiteBalance],
    ['Sound notes', p.soundNotes],
    ['Tracks', p.trackNames?.map((name, index) => `${index + 1}: ${name || '—'}`).join(', ')],
    ['Could not read', p.problem],
  ]);
}

/** Always in S3 (its key); on each edit share that holds it (S3_FSX), by workstation name, the file's path there. */
function locationRows(asset: AssetView, workstations: readonly WorkstationView[]): MetadataRow[] {
  const byId = new Map(workstations.map((station) => [station.id, station]));
  const shares = editSharesOf(asset, new Map(workstations.map((station) => [station.id, station.name])));
  const list: MetadataRow[] = [
    { label: 'S3 key', value: asset.key, mono: true },
    {
      label: 'Location',
      value:
        shares.length === 0
          ? 'S3 (on no edit share)'
          : `S3_FSX (also on ${shares.length === 1 ? 'an edit share' : `${shares.length} edit shares`})`,
    },
  ];
  for (const share of shares) {
    const station = byId.get(share.id);
    list.push(
      station
        ? { label: station.name, value: sharePath(station, asset.key), mono: true }
        : { label: `Workstation ${share.id}`, value: 'On its edit share (a workstation you cannot use)' },
    );
  }
  return list;
}
