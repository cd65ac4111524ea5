import {
  NO_REVIEW,
  PRODUCTION_SEARCH_FIELDS,
  frameRateOf,
  isOnEditShare,
  productionKeys,
  productionValue,
  resolutionClass,
  searchText,
  tagKey,
  tagsOf,
  type AssetView,
  type ProductionSearchField,
  type SearchQuery,
} from '@rushes/shared';

/**
 * What the cache stores of an asset, shared by writes and the migration that rebuilds the
 * index. Besides the words bare search matches, each asset carries facet tokens in their own
 * FTS5 column (`kindaudio`, `res4k`, a hash per codec and tag): a filter on kind, status,
 * codec, resolution, tag or production term (`scene:12A`) then joins the word lists inside FTS5, which skips through the
 * long lists by the short one, instead of checking every word match's row afterwards. The
 * facets only narrow: the same filters are checked exactly on the rows FTS5 returns (a hash
 * may collide). Location is left out on purpose: it changes with every transfer, and a facet
 * change rewrites the asset's index entry.
 */
export interface IndexedAsset {
  readonly columns: {
    folder_path: string;
    name: string;
    kind: string;
    status: string;
    video_codec: string | null;
    audio_codec: string | null;
    width: number | null;
    fps: number | null;
    duration: number | null;
    created_ms: number;
    on_fsx: number;
    text_hash: number;
    /** How many tags: an asset without any skips the tag table when it changes. */
    tag_count: number;
    /** Take marks and note count, for the review filters. */
    circled: number;
    rating: number;
    review_status: string;
    note_count: number;
    /** A hash of the notes' text, 0 for none: the notes index is rewritten only when it changes. */
    note_hash: number;
    /** How many production keys: an asset without any skips the production table when it changes. */
    production_count: number;
  };
  readonly text: { name: string; path: string; technical: string; facets: string };
  /** The asset's review notes as one text, for `note:` ('' for none). */
  readonly noteText: string;
  /** `tagKey` form, distinct. */
  readonly tags: readonly string[];
  /** The keys `scene:`, `take:` and the other production terms find the asset by (shared productionKeys). */
  readonly production: readonly ProductionKey[];
}

export interface ProductionKey {
  readonly field: ProductionSearchField;
  readonly key: string;
}

/**
 * An asset as the cache writes it, its index rows and stored view worked out beforehand: the
 * cache's host does this in main for each page it sends (cacheHost.ts), so the worker spends
 * its time in SQLite while main prepares the next page.
 */
export interface PreparedAsset extends IndexedAsset {
  readonly id: string;
  /** The asset view as JSON, as results return it. */
  readonly view: string;
}

/**
 * An asset as the sync hands it to the cache: its view, and the text of its review notes,
 * which the view does not carry (the sync reads them with notesBatch); absent means none.
 */
export type CachedAsset = AssetView & { readonly noteText?: string };

export function prepareAsset(asset: CachedAsset | PreparedAsset): PreparedAsset {
  if (isPrepared(asset)) return asset;
  const { noteText: _noteText, ...view } = asset;
  return { ...indexAsset(asset), id: asset.id, view: JSON.stringify(view) };
}

function isPrepared(asset: CachedAsset | PreparedAsset): asset is PreparedAsset {
  return typeof (asset as Partial<PreparedAsset>).view === 'string' && (asset as Partial<PreparedAsset>).columns !== undefined;
}

/** The columns in the order the cache reads them back (catalogCache.ts). */
export const STORED_COLUMNS = [
  'folder_path',
  'name',
  'kind',
  'status',
  'video_codec',
  'audio_codec',
  'width',
  'fps',
  'duration',
  'created_ms',
  'on_fsx',
  'text_hash',
  'tag_count',
  'circled',
  'rating',
  'review_status',
  'note_count',
  'note_hash',
  'production_count',
] as const satisfies readonly (keyof IndexedAsset['columns'])[];

export function indexAsset(asset: CachedAsset): IndexedAsset {
  const t = asset.technical;
  const review = asset.review ?? NO_REVIEW;
  const noteText = asset.noteText ?? '';
  const text = searchText(asset);
  const tags = [...new Set(tagsOf(asset).map(tagKey))];
  const production = PRODUCTION_SEARCH_FIELDS.flatMap((field) => {
    const value = productionValue(asset.production, field);
    return value === null ? [] : productionKeys(field, value).map((key) => ({ field, key }));
  });
  const facets = [
    `kind${asset.kind}`,
    `status${asset.status}`,
    ...codecFacets([t?.videoCodec ?? null, t?.audioCodec ?? null]),
    ...(resolutionClass(t?.width ?? null) ? [`res${resolutionClass(t!.width)}`] : []),
    ...tags.map(tagFacet),
    ...production.map(({ field, key }) => productionFacet(field, key)),
  ].join(' ');
  return {
    columns: {
      folder_path: asset.folderPath,
      name: asset.name,
      kind: asset.kind,
      status: asset.status,
      video_codec: t?.videoCodec ?? null,
      audio_codec: t?.audioCodec ?? null,
      width: t?.width ?? null,
      fps: frameRateOf(asset),
      duration: t?.durationSeconds ?? null,
      created_ms: Date.parse(asset.createdAt),
      on_fsx: isOnEditShare(asset) ? 1 : 0,
      text_hash: hashText(`${text.name}\n${text.path}\n${text.details}\n${facets}`),
      tag_count: tags.length,
      circled: review.circled ? 1 : 0,
      rating: review.rating,
      review_status: review.status,
      note_count: review.noteCount,
      note_hash: noteText === '' ? 0 : hashText(noteText) || 1,
      production_count: production.length,
    },
    text: { name: text.name, path: text.path, technical: text.details, facets },
    noteText,
    tags,
    production,
  };
}

/**
 * The query's filters as an FTS5 expression over the facets column, or null when it has
 * none that facets cover. Values of one field are alternatives; tags are all required.
 */
export function facetMatch(query: SearchQuery): string | null {
  const groups: string[][] = [];
  if (query.kinds.length > 0) groups.push(query.kinds.map((kind) => `kind${kind}`));
  if (query.statuses.length > 0) groups.push(query.statuses.map((status) => `status${status}`));
  if (query.codecs.length > 0) groups.push(codecFacets(query.codecs));
  if (query.resolutions.length > 0) groups.push(query.resolutions.map((name) => `res${name}`));
  for (const tag of query.tags) groups.push([tagFacet(tag)]);
  for (const field of PRODUCTION_SEARCH_FIELDS) {
    const terms = query.production[field];
    // A prefix has no facet (they are hashed): a field with one is left to the exact check.
    if (terms.length === 0 || terms.some((term) => term.prefix)) continue;
    groups.push(terms.map((term) => `(${term.keys.map((key) => productionFacet(field, key)).join(' AND ')})`));
  }
  if (groups.length === 0) return null;
  return groups.map((group) => `facets : (${group.join(' OR ')})`).join(' AND ');
}

/** The query's `note:` words as an FTS5 expression over the notes index, or null. */
export function noteMatch(words: readonly string[]): string | null {
  return words.length > 0 ? words.map((word) => `"${word}"*`).join(' AND ') : null;
}

/** The query's words as an FTS5 expression over the text columns (never the facets), or null. */
export function wordMatch(words: readonly string[]): string | null {
  // Words come from searchWords: letters and digits only, so quoting them is enough.
  return words.length > 0 ? `{name path technical} : (${words.map((word) => `"${word}"*`).join(' AND ')})` : null;
}

function codecFacets(codecs: readonly (string | null)[]): string[] {
  return codecs.filter((codec): codec is string => codec !== null).map((codec) => `codec${hashText(codec.toLowerCase()).toString(36)}`);
}

/** `scene` + a hash of the key: one token, whatever the key's spaces. */
function productionFacet(field: ProductionSearchField, key: string): string {
  return `${field}${hashText(key).toString(36)}`;
}

function tagFacet(tag: string): string {
  return `tag${hashText(tag).toString(36)}`;
}

/** FNV-1a, 32 bits, unsigned: enough to tell whether indexed text changed, and to name a facet. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
