import type { Asset } from './domain';
import { NO_REVIEW } from './review';
import { resolutionClass, searchWords, tagKey, type NumberRange, type SearchQuery } from './searchQuery';
import { matchesProduction } from './searchQueryProduction';

/** What search needs of an asset (an Asset or an AssetView both have it). */
export type Searchable = Pick<Asset, 'name' | 'folderPath' | 'kind' | 'status' | 'technical' | 'locations' | 'createdAt'> & {
  /** An AssetView carries tags and notes flat; a catalog Asset as annotations. */
  readonly tags?: readonly string[];
  readonly notes?: string;
  readonly annotations?: Asset['annotations'];
  /** Take marks and note counts; absent means none. */
  readonly review?: Asset['review'];
  /** The text of the asset's review notes (replies included), for `note:`; absent means none. */
  readonly noteText?: string;
  /** Camera and sound report fields, for `scene:`, `take:` and the rest; absent means none. */
  readonly production?: Asset['production'];
};

/** Whether a query asks about the text of review notes: only then must a reader fetch them. */
export function needsNoteText(query: SearchQuery): boolean {
  return query.noteWords.length > 0;
}

/** The text that bare words search: the desktop cache indexes exactly this. */
export function searchText(asset: Searchable): { name: string; path: string; details: string } {
  const t = asset.technical;
  const technical = t
    ? [
        t.container,
        t.videoCodec,
        t.videoProfile,
        t.audioCodec,
        t.startTimecode,
        t.chromaSubsampling,
        t.colourPrimaries,
        t.colourTransfer,
      ].filter((value): value is string => value !== null)
    : [];
  const tags = tagsOf(asset);
  const notes = asset.notes ?? asset.annotations?.notes ?? '';
  return { name: asset.name, path: asset.folderPath, details: [...technical, ...tags, notes].filter(Boolean).join(' ') };
}

export function tagsOf(asset: Searchable): readonly string[] {
  return asset.tags ?? asset.annotations?.tags ?? [];
}

export function frameRateOf(asset: Searchable): number | null {
  const rate = asset.technical?.frameRate;
  return rate && rate.den > 0 ? rate.num / rate.den : null;
}

export function isOnEditShare(asset: Searchable): boolean {
  return Object.values(asset.locations).includes('S3_FSX');
}

/**
 * Whether an asset answers a query: the server's evaluator. The desktop cache compiles the
 * same query to SQL; the contract tests hold the two to the same answers.
 */
export function matchesSearch(asset: Searchable, query: SearchQuery): boolean {
  if (query.folder && !asset.folderPath.startsWith(query.folder)) return false;
  if (query.kinds.length > 0 && !query.kinds.includes(asset.kind)) return false;
  if (query.statuses.length > 0 && !query.statuses.includes(asset.status)) return false;
  if (query.location && isOnEditShare(asset) !== (query.location === 'S3_FSX')) return false;
  const t = asset.technical;
  if (query.codecs.length > 0) {
    const codecs = [t?.videoCodec, t?.audioCodec].map((codec) => codec?.toLowerCase());
    if (!query.codecs.some((codec) => codecs.includes(codec))) return false;
  }
  if (query.resolutions.length > 0) {
    const found = resolutionClass(t?.width ?? null);
    if (!found || !query.resolutions.includes(found)) return false;
  }
  if (query.frameRates.length > 0) {
    const rate = frameRateOf(asset);
    if (rate === null || !query.frameRates.some((range) => within(rate, range))) return false;
  }
  if (query.duration) {
    const seconds = t?.durationSeconds ?? null;
    if (seconds === null || !within(seconds, query.duration)) return false;
  }
  if (query.created && !within(Date.parse(asset.createdAt), query.created)) return false;
  if (query.tags.length > 0) {
    const tags = tagsOf(asset).map(tagKey);
    if (!query.tags.every((tag) => tags.includes(tag))) return false;
  }
  const review = asset.review ?? NO_REVIEW;
  if (query.circled !== null && review.circled !== query.circled) return false;
  if (query.rating && !within(review.rating, query.rating)) return false;
  if (query.reviewStatuses.length > 0 && !query.reviewStatuses.includes(review.status)) return false;
  if (query.hasNotes && review.noteCount === 0) return false;
  if (!matchesProduction(asset.production, query.production)) return false;
  if (query.noteWords.length > 0) {
    const words = searchWords(asset.noteText ?? '');
    if (!query.noteWords.every((prefix) => words.some((word) => word.startsWith(prefix)))) return false;
  }
  if (query.words.length > 0) {
    const text = searchText(asset);
    const words = searchWords(`${text.name} ${text.path} ${text.details}`);
    if (!query.words.every((prefix) => words.some((word) => word.startsWith(prefix)))) return false;
  }
  return true;
}

export function within(value: number, range: NumberRange): boolean {
  return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
}
