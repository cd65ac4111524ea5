import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_REVIEW, matchesSearch, parseSearch, type AssetView } from '@rushes/shared';
import { CatalogCache } from '../src/main/services/search/catalogCache';
import { cameraTechnical, makeAsset } from '../../scripts/testing/assets';

// The cache compiles the query language to FTS5 + SQL; the server evaluates it in code
// (matchesSearch). Both must give the same answers on the same assets.
const codecs = ['prores', 'dnxhd', 'h264', 'hevc', null] as const;
const widths = [720, 1280, 1920, 2048, 3840, 4096, 6144, 8192, null] as const;
const rates = [{ num: 24000, den: 1001 }, { num: 25, den: 1 }, { num: 30000, den: 1001 }, { num: 50, den: 1 }, null] as const;
const folders = ['Show A/Day 1/', 'Show A/Day 2/', 'Show A/Day 10/', 'Show B/Ünit/', ''];

function views(): AssetView[] {
  return Array.from({ length: 400 }, (_, i) => {
    const folder = folders[i % folders.length]!;
    const name = `${'ABC'[i % 3]}${String(i % 7).padStart(3, '0')}_C${String(i).padStart(3, '0')}_${i % 2 ? 'Scène' : 'take'}.${['mov', 'mxf', 'wav', 'mp4'][i % 4]}`;
    const asset = makeAsset(folder, name, {
      kind: i % 4 === 2 ? 'audio' : 'video',
      status: (['ready', 'processing', 'failed', 'ready'] as const)[i % 4],
      locations: i % 5 === 0 ? { ws1: 'S3_FSX' } : {},
      createdAt: new Date(Date.UTC(2026, 2, 1 + (i % 9), i % 24)).toISOString(),
      technical:
        i % 11 === 0
          ? null
          : cameraTechnical({
              videoCodec: codecs[i % 5]!,
              width: widths[i % 9]!,
              frameRate: rates[i % 5]!,
              durationSeconds: (i * 7) % 400,
            }),
    });
    return {
      ...asset,
      derived: { proxy: false, thumbnail: false, filmstrip: false, waveform: false, preview: false },
      tags: i % 13 === 0 ? ['Hero', 'pickup'] : [],
      notes: i % 17 === 0 ? 'Focus buzz at the end' : '',
      review: NO_REVIEW,
    };
  });
}

const queries = [
  'a00',
  'c01',
  'scene',
  'scène',
  'take',
  'day 1',
  'show ünit',
  'unit',
  'mxf',
  'prores',
  '4 2 2',
  'b003 c1',
  'zzz',
  'kind:audio',
  'kind:video status:failed',
  'codec:dnxhd',
  'codec:h264 codec:hevc',
  'res:4k',
  'res:sd',
  'res:8k res:6k',
  'fps:23.976',
  'fps:25',
  'fps:29.97..50',
  'dur:..60',
  'dur:1m..2m',
  'date:2026-03-03',
  'date:2026-03-05..',
  'loc:S3_FSX',
  'loc:S3 take',
  'hero',
  'pick',
  'focus buzz',
  'in:"Show A"',
  'in:"Show A/Day 1"',
  'in:"Show B" c0',
  'status:ready res:fullhd fps:25 a',
];

describe('cache search agrees with the server evaluator', () => {
  const cache = new CatalogCache(':memory:');
  const all = views();
  cache.putAssets(all);

  it.each(queries)('%s', (text) => {
    const parsed = parseSearch(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const expected = all
      .filter((asset) => matchesSearch(asset, parsed.value))
      .map((asset) => asset.id)
      .sort();
    const result = cache.search(parsed.value, 500);
    expect(result.truncated).toBe(false);
    expect(result.assets.map((asset) => asset.id).sort()).toEqual(expected);
  });

  it('has some queries that match and some that do not', () => {
    const counts = queries.map((text) => {
      const parsed = parseSearch(text);
      return parsed.ok ? cache.search(parsed.value, 500).assets.length : -1;
    });
    expect(counts.filter((n) => n > 0).length).toBeGreaterThan(25);
    expect(counts).toContain(0);
  });

  it('replaces an asset in place and removes it', () => {
    const first = all[0]!;
    cache.putAssets([{ ...first, name: 'Renamed_Clip.mov' }]);
    const renamed = parseSearch('renamed');
    if (!renamed.ok) throw new Error(renamed.message);
    expect(cache.search(renamed.value, 10).assets.map((a) => a.id)).toEqual([first.id]);
    cache.removeAssets([first.id]);
    expect(cache.search(renamed.value, 10).assets).toEqual([]);
    expect(cache.count()).toBe(all.length - 1);
  });

  it('indexes only the last words of an asset changed twice in one page, and none of one removed after', () => {
    // The word index's inserts wait for the end of a write: the queue must hold the latest text.
    const local = new CatalogCache(':memory:');
    const [a, b] = [all[1]!, all[2]!];
    local.putAssets([a, b]);
    local.applyChanges(
      [
        { ...a, name: 'Firstname_X.mov' },
        { ...b, name: 'Gone_Y.mov' },
        { ...a, name: 'Secondname_X.mov' },
      ],
      [],
    );
    const ids = (text: string) => {
      const parsed = parseSearch(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return local.search(parsed.value, 10).assets.map((asset) => asset.id);
    };
    expect(ids('secondname')).toEqual([a.id]);
    expect(ids('firstname')).toEqual([]);
    // A new asset put and then dropped with its folder in one write leaves no words behind.
    const fresh = { ...all[3]!, id: '7d0c6d2e-0000-4000-8000-000000000001', name: 'Brandnew_Z.mov', folderPath: 'Elsewhere/' };
    local.putAssets([fresh]);
    local.keepOnlyFolders(folders.filter(Boolean));
    expect(ids('brandnew')).toEqual([]);
    local.applyChanges([{ ...b, name: 'Back_Y.mov' }], [b.id]);
    expect(ids('back')).toEqual([b.id]);
    local.applyChanges([], [b.id]);
    expect(ids('back')).toEqual([]);
    expect(ids('gone')).toEqual([]);
    local.close();
  });

  it("follows tags added, changed and dropped, and drops a tagged asset's tags with it", () => {
    const local = new CatalogCache(':memory:');
    const [plain, tagged] = [
      { ...all[1]!, tags: [] },
      { ...all[2]!, tags: ['Hero', 'pickup'] },
    ];
    local.putAssets([plain, tagged]);
    const ids = (text: string) => {
      const parsed = parseSearch(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return local.search(parsed.value, 10).assets.map((asset) => asset.id);
    };
    expect(ids('tag:hero')).toEqual([tagged.id]);
    local.applyChanges(
      [
        { ...plain, tags: ['Hero'] },
        { ...tagged, tags: ['pickup'] },
      ],
      [],
    );
    expect(ids('tag:hero')).toEqual([plain.id]);
    expect(ids('tag:pickup')).toEqual([tagged.id]);
    local.applyChanges([{ ...plain, name: 'Renamed_Plain.mov', tags: [] }], [tagged.id]);
    expect(ids('tag:hero')).toEqual([]);
    expect(ids('tag:pickup')).toEqual([]);
    local.putAssets([{ ...tagged, name: 'Back_Again.mov', tags: [] }]);
    expect(ids('tag:pickup')).toEqual([]);
    local.close();
  });

  it('writes a feed page only at the position it starts from, and moves the position with it', () => {
    const local = new CatalogCache(':memory:');
    local.applyChanges([all[4]!], [], { from: 0, to: 10 });
    expect(local.getState('since')).toBe('10');
    expect(() => local.applyChanges([all[5]!], [all[4]!.id], { from: 20, to: 30 })).toThrow(/from 20 refused: the cache is at 10/);
    expect(local.getState('since')).toBe('10');
    expect(local.count()).toBe(1);
    local.applyChanges([all[5]!], [], { from: 10, to: 30 });
    expect(local.getState('since')).toBe('30');
    expect(local.count()).toBe(2);
    local.close();
  });
});

describe('cache search past its limit', () => {
  it('answers a subset of the matches and says it is truncated, by folder path or by name', () => {
    const cache = new CatalogCache(':memory:');
    const all = views();
    cache.putAssets(all);
    for (const text of ['show day', 'take', 'show a day 1', 'day kind:video']) {
      const parsed = parseSearch(text);
      if (!parsed.ok) throw new Error(parsed.message);
      const matching = new Set(all.filter((asset) => matchesSearch(asset, parsed.value)).map((asset) => asset.id));
      expect(matching.size).toBeGreaterThan(10);
      const result = cache.search(parsed.value, 10);
      expect(result.truncated).toBe(true);
      expect(result.assets).toHaveLength(10);
      for (const asset of result.assets) expect(matching.has(asset.id)).toBe(true);
    }
  });
});

describe('a cache left open when the machine went down', () => {
  // The cache does not wait for the disk (synchronous = OFF): safe when the app crashes, not
  // when the machine does. Left open during an earlier boot, it is checked, and refilled if damaged.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rushes-cache-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const some = views().slice(0, 60);

  /** A cache written and closed, then marked as left open during boot 1000, as after a crash. */
  function leftOpen(name: string): string {
    const file = path.join(dir, name);
    const cache = new CatalogCache(file, 1000);
    cache.putAssets(some);
    cache.setState('since', '42');
    cache.close();
    const raw = new Database(file);
    expect(raw.prepare("SELECT count(*) AS n FROM state WHERE key = 'open_since_boot'").get()).toEqual({ n: 0 });
    raw.prepare("INSERT INTO state (key, value) VALUES ('open_since_boot', '1000')").run();
    raw.close();
    return file;
  }

  it('keeps what it holds after the app alone crashed, or after a restart if it checks out whole', () => {
    for (const boot of [1001, 9000]) {
      const cache = new CatalogCache(leftOpen(`kept-${boot}.sqlite`), boot);
      expect(cache.count()).toBe(some.length);
      expect(cache.getState('since')).toBe('42');
      cache.close();
    }
  });

  it('starts empty, to be filled again, when it was damaged while the machine went down', () => {
    const file = leftOpen('damaged.sqlite');
    const pages = Math.floor(statSync(file).size / 4096);
    const fd = openSync(file, 'r+');
    for (let page = 2; page < pages - 1; page += 2) writeSync(fd, randomBytes(4096), 0, 4096, page * 4096);
    closeSync(fd);
    const cache = new CatalogCache(file, 9000);
    expect(cache.count()).toBe(0);
    expect(cache.getState('since')).toBeNull();
    cache.putAssets(some.slice(0, 3));
    expect(cache.count()).toBe(3);
    cache.close();
  });
});
