// The search benchmark's catalog and query list, shared by the bench (scripts/bench/search.ts)
// and the per-query profile (scripts/bench/profile/search.ts) so both time the same things.
import { NO_REVIEW, type AssetView } from '@rushes/shared';
import { cameraTechnical } from './assets';

const CODECS = ['prores', 'dnxhd', 'arriraw', 'h264'];
const WIDTHS = [1920, 3840, 4096, 6144];
const RATES = [
  { num: 24000, den: 1001 },
  { num: 25, den: 1 },
  { num: 24, den: 1 },
  { num: 30000, den: 1001 },
];

/**
 * Asset `i`'s id, shaped like the server's random UUIDs: the first group is a hash of `i`, so
 * ids fall all over the cache's id index as random ones do, and the last group is `i` itself,
 * so they never collide. A bench that needs an asset's id again computes it instead of
 * keeping a million strings in the process whose memory it measures.
 */
export function benchId(i: number): string {
  const scrambled = (Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return `${scrambled}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** Camera-card names: `A012C034_260301_R1AB.mov` in `Show 3/Day 12/Cam A/`. */
export function benchAsset(i: number, id: string = benchId(i), suffix = ''): AssetView {
  const camera = 'ABCD'[i % 4]!;
  const folderPath = `Show ${i % 10}/Day ${Math.floor(i / 10) % 50}/Cam ${camera}/`;
  const name = `${camera}${String(i % 997).padStart(3, '0')}C${String(i % 1000).padStart(3, '0')}_26${String(1 + (i % 12)).padStart(2, '0')}01_${(i * 7919).toString(36).toUpperCase()}${suffix}.mov`;
  const at = new Date(Date.UTC(2026, i % 12, 1 + (i % 28))).toISOString();
  return {
    id,
    key: folderPath + name,
    folderPath,
    name,
    size: 50_000_000 + i,
    checksum: null,
    kind: i % 20 === 0 ? 'audio' : 'video',
    status: i % 50 === 0 ? 'processing' : 'ready',
    failureReason: null,
    locations: i % 9 === 0 ? { ws1: 'S3_FSX' } : {},
    technical: cameraTechnical({
      videoCodec: CODECS[i % 4]!,
      width: WIDTHS[i % 4]!,
      frameRate: RATES[i % 4]!,
      durationSeconds: 5 + (i % 600),
    }),
    derived: { proxy: true, thumbnail: true, filmstrip: false, waveform: false, preview: false },
    createdBy: 'bench@example.com',
    createdAt: at,
    modifiedAt: at,
    version: 1,
    trash: null,
    tags: i % 100 === 0 ? ['hero'] : [],
    notes: '',
    review: NO_REVIEW,
  };
}

/** 100 queries as an editor types them: growing prefixes of reels and clips, words, filters. */
export function benchQueries(): string[] {
  const list: string[] = [];
  for (let i = 0; list.length < 100; i += 1) {
    const reel = `${'ABCD'[i % 4]}${String((i * 37) % 997).padStart(3, '0')}`;
    const forms = [
      reel.slice(0, 2),
      reel.slice(0, 3),
      reel,
      `${reel}c0`,
      `${reel}c${String((i * 13) % 1000).padStart(3, '0')}`,
      `show ${i % 10} day ${i % 50}`,
      `cam ${'abcd'[i % 4]} ${reel.slice(0, 3)}`,
      `${reel.slice(0, 2)} res:4k`,
      `${reel.slice(0, 3)} codec:prores fps:23.976`,
      `day ${i % 50} kind:audio`,
    ];
    list.push(forms[i % forms.length]!);
  }
  return list;
}
