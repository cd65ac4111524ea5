import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_REVIEW, matchesSearch, parseSearch, searchWords, type AssetView, type SearchQuery } from '@rushes/shared';
import { CatalogCache } from '../src/main/services/search/catalogCache';
import type { PlanName } from '../src/main/services/search/searchPlan';
import { cameraTechnical, makeAsset } from '../../scripts/testing/assets';

// Property: on a small random catalog, every plan the cache may choose gives the naive answer
// (the server's evaluator over every asset) for random queries: in full when the page holds
// all matches, and a true subset of the right size, flagged truncated, when it does not.
// The catalog is changed and partly removed in between, as sync would, so facets and tags
// must follow updates.

const FOLDERS = ['Show A/Day 1/Cam A/', 'Show A/Day 2/Cam B/', 'Show B/Day 1/Cam A/', 'Show B/Day 12/', 'Réel/', ''];
const NAME_WORDS = ['A001', 'A002', 'B010', 'C001', 'take', 'Scène', 'day', 'cam', 'show', 'sound'];
const TAGS = ['Hero', 'pickup', 'Night shoot', 'b-roll'];
const KINDS = ['video', 'audio', 'image', 'raw'] as const;
const STATUSES = ['ready', 'processing', 'failed'] as const;
const CODECS = ['prores', 'dnxhd', 'h264', 'pcm_s24le', null] as const;
const WIDTHS = [720, 1920, 3840, 6144, null] as const;
const RATES = [{ num: 24000, den: 1001 }, { num: 25, den: 1 }, null] as const;

const assetArb = fc.record({
  folder: fc.constantFrom(...FOLDERS),
  words: fc.array(fc.constantFrom(...NAME_WORDS), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom(...STATUSES),
  videoCodec: fc.constantFrom(...CODECS),
  audioCodec: fc.constantFrom(...CODECS),
  width: fc.constantFrom(...WIDTHS),
  rate: fc.constantFrom(...RATES),
  duration: fc.integer({ min: 0, max: 300 }),
  day: fc.integer({ min: 1, max: 5 }),
  fsx: fc.boolean(),
  tags: fc.subarray(TAGS),
  notes: fc.constantFrom('', 'focus buzz', 'boom in shot'),
  production: fc.record(
    {
      scene: fc.constantFrom('12A', '12AB', '12 a', '4'),
      take: fc.constantFrom('3', '03', '4', '000'),
      reel: fc.constantFrom('A002R2EC', 'A002', '007'),
      camera: fc.constantFrom('ALEXA Mini LF (A)', 'ALEXA 35 (B)', 'A'),
      lens: fc.constantFrom('Cooke S4/i 32mm', 'Zeiss 32mm T1.5', 'Signature Prime 47mm'),
      iso: fc.constantFrom('800', '1600'),
    },
    { requiredKeys: [] },
  ),
});

function view(
  i: number,
  spec: {
    folder: string;
    words: string[];
    kind: (typeof KINDS)[number];
    status: (typeof STATUSES)[number];
    videoCodec: string | null;
    audioCodec: string | null;
    width: number | null;
    rate: { num: number; den: number } | null;
    duration: number;
    day: number;
    fsx: boolean;
    tags: string[];
    notes: string;
    production?: Record<string, string>;
  },
): AssetView {
  const asset = makeAsset(spec.folder, `${spec.words.join('_')}_${i}.mov`, {
    id: `asset-${String(i).padStart(4, '0')}`,
    kind: spec.kind,
    status: spec.status,
    locations: spec.fsx ? { ws1: 'S3_FSX' } : {},
    createdAt: new Date(Date.UTC(2026, 2, spec.day, 12)).toISOString(),
    technical: cameraTechnical({
      videoCodec: spec.videoCodec,
      audioCodec: spec.audioCodec,
      width: spec.width,
      frameRate: spec.rate,
      durationSeconds: spec.duration,
    }),
  });
  return {
    ...asset,
    derived: { proxy: false, thumbnail: false, filmstrip: false, waveform: false, preview: false },
    tags: spec.tags,
    notes: spec.notes,
    review: NO_REVIEW,
    ...(spec.production && Object.keys(spec.production).length > 0 ? { production: spec.production } : {}),
  };
}

/** Query text as a user types it: prefixes of words in names and paths, and filters. */
const queryArb = fc
  .record({
    words: fc.array(
      fc
        .constantFrom(...new Set([...NAME_WORDS, ...FOLDERS, 'Show Z', 'focus', 'prores', 'hero', 'zzz'].flatMap(searchWords)))
        .chain((word) => fc.integer({ min: 1, max: word.length }).map((n) => word.slice(0, n))),
      { maxLength: 3 },
    ),
    filters: fc.subarray(
      [
        'kind:video',
        'kind:audio',
        'status:ready',
        'status:failed',
        'codec:prores',
        'codec:pcm_s24le',
        'res:4k',
        'res:sd',
        'fps:25',
        'fps:23.976',
        'dur:..60',
        'dur:100..',
        'date:2026-03-02..2026-03-03',
        'loc:S3_FSX',
        'loc:S3',
        'in:"Show A"',
        'in:"Show B/Day 1"',
        'tag:hero',
        'tag:"night shoot"',
        'tag:b-roll',
        'scene:12A',
        'scene:12a*',
        'scene:"12 A"',
        'take:3',
        'take:0*',
        'take:0',
        'reel:A002',
        'reel:a002*',
        'reel:7',
        'camera:A',
        'camera:"alexa mini"',
        'camera:alex*',
        'lens:32mm',
        'lens:"cooke 32mm" lens:zeiss',
        'iso:800 iso:1600',
      ],
      { maxLength: 3 },
    ),
  })
  .map(({ words, filters }) => [...words, ...filters].join(' '));

function plansFor(query: SearchQuery): PlanName[] {
  return query.words.length > 0 ? ['folders', 'words'] : ['facets', 'rows'];
}

function parsed(text: string): SearchQuery {
  const result = parseSearch(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.value;
}

function check(cache: CatalogCache, catalog: readonly AssetView[], text: string): void {
  const query = parsed(text);
  const expected = catalog
    .filter((asset) => matchesSearch(asset, query))
    .map((asset) => asset.id)
    .sort();
  for (const plan of [...plansFor(query), undefined]) {
    const full = cache.search(query, 1000, plan);
    expect({ text, plan, ids: full.assets.map((asset) => asset.id).sort() }).toEqual({ text, plan, ids: expected });
    expect(full.truncated).toBe(false);
    const page = cache.search(query, 3, plan);
    expect(page.assets.length).toBe(Math.min(3, expected.length));
    expect(page.truncated).toBe(expected.length > 3);
    for (const asset of page.assets) expect(expected).toContain(asset.id);
  }
}

describe('search plans agree with the naive evaluator', () => {
  it('on random catalogs, changed and trimmed as sync would, for random queries', () => {
    fc.assert(
      fc.property(
        fc.array(assetArb, { minLength: 20, maxLength: 80 }),
        fc.array(assetArb, { maxLength: 30 }),
        fc.array(queryArb, { minLength: 10, maxLength: 10 }),
        // Sometimes every folder is under one show, so its words are in every path.
        fc.boolean(),
        (specs, changes, queries, oneShow) => {
          const cache = new CatalogCache(':memory:');
          const within = <T extends { folder: string }>(spec: T): T => (oneShow ? { ...spec, folder: `Show Z/${spec.folder}` } : spec);
          try {
            let catalog = specs.map((spec, i) => view(i, within(spec)));
            cache.putAssets(catalog);
            for (const text of queries.slice(0, 5)) check(cache, catalog, text);
            // Updates (new name, tags, kind...) to the first few, and every fifth removed: a
            // feed page names each asset once (sync keeps only its last change).
            const removed = catalog.filter((_, i) => i % 5 === 4).map((asset) => asset.id);
            const updated = changes
              .slice(0, catalog.length)
              .map((spec, i) => ({ ...view(i, within(spec)), version: 2 }))
              .filter((asset) => !removed.includes(asset.id));
            cache.applyChanges(updated, removed);
            const byId = new Map(catalog.map((asset) => [asset.id, asset]));
            for (const asset of updated) byId.set(asset.id, asset);
            for (const id of removed) byId.delete(id);
            catalog = [...byId.values()];
            for (const text of queries.slice(5)) check(cache, catalog, text);
          } finally {
            cache.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('takes each plan on the queries it is for', () => {
    const cache = new CatalogCache(':memory:');
    // Big enough that one failed file in it is too rare to find by reading folders.
    const catalog = Array.from({ length: 6000 }, (_, i) =>
      view(i, {
        folder: FOLDERS[i % 4]!,
        words: [NAME_WORDS[i % NAME_WORDS.length]!],
        kind: i % 20 === 0 ? 'audio' : 'video',
        status: i === 7 ? 'failed' : 'ready',
        videoCodec: 'prores',
        audioCodec: null,
        width: 1920,
        rate: null,
        duration: 10,
        day: 1,
        tags: i === 9 ? ['Hero'] : [],
        fsx: i % 2 === 0,
        notes: '',
      }),
    );
    cache.putAssets(catalog);
    const chosen = (text: string) => cache.explain(parsed(text), 10).plan;
    // Words every folder holds select nothing and are dropped; what is left is a folder word
    // with a common filter: read the folders.
    expect(chosen('show day')).toBe('rows');
    expect(chosen('show a day kind:video')).toBe('folders');
    expect(cache.search(parsed('show day'), 10000).assets).toHaveLength(catalog.length);
    // A word no folder holds, or a filter too rare to find a page in the folders: FTS5.
    expect(chosen('a001')).toBe('words');
    expect(chosen('a status:failed')).toBe('words');
    expect(chosen('a tag:hero')).toBe('words');
    expect(chosen('kind:audio')).toBe('facets');
    expect(chosen('loc:S3_FSX dur:..5')).toBe('rows');
    // Production terms are facets too, unless one is a prefix.
    expect(chosen('scene:12A take:3')).toBe('facets');
    expect(chosen('reel:A00*')).toBe('rows');
  });
});
