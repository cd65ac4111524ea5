// Benchmark `search`: 1,000,000 assets in the desktop's search cache, in its worker thread
// as the app runs it; 100 as-you-type prefix queries from a fixed list (some with filters),
// each timed from main through the worker and back. Baseline, same run: the same word
// queries as a plain SQLite LIKE scan over the same rows (in this thread, no FTS).
// Sync: 100,000 feed changes (updates, renames, moves, deletes in feed-sized batches of 1,000)
// applied to the cache through the worker: the cache side of sync. Not included: fetching
// each changed asset from the API (one request per asset today).
// RSS: this process (main plus the worker thread), the peak seen.
// Targets: p95 ≤ 20 ms, 100,000 changes ≤ 10 s, RSS ≤ 400 MB.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseSearch, type AssetView } from '@rushes/shared';
import { startCacheWorker } from '../../desktop/src/main/services/search/cacheHost';
import { cameraTechnical } from '../testing/assets';

const ASSETS = Number(process.env['BENCH_ASSETS'] ?? 1_000_000);
const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 100_000);
const BASELINE_QUERIES = Number(process.env['BENCH_BASELINE_QUERIES'] ?? 20);
const BATCH = 5_000;
const CODECS = ['prores', 'dnxhd', 'arriraw', 'h264'];
const WIDTHS = [1920, 3840, 4096, 6144];
const RATES = [{ num: 24000, den: 1001 }, { num: 25, den: 1 }, { num: 24, den: 1 }, { num: 30000, den: 1001 }];

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Camera-card names: `A012C034_260301_R1AB.mov` in `Show 3/Day 12/Cam A/`. */
function view(i: number, id: string = randomUUID(), suffix = ''): AssetView {
  const camera = 'ABCD'[i % 4]!;
  const folderPath = `Show ${i % 10}/Day ${Math.floor(i / 10) % 50}/Cam ${camera}/`;
  const name = `${camera}${String(i % 997).padStart(3, '0')}C${String(i % 1000).padStart(3, '0')}_26${String(1 + (i % 12)).padStart(2, '0')}01_${(i * 7919).toString(36).toUpperCase()}${suffix}.mov`;
  const at = new Date(Date.UTC(2026, i % 12, 1 + (i % 28))).toISOString();
  return {
    id, key: folderPath + name, folderPath, name, size: 50_000_000 + i, checksum: null,
    kind: i % 20 === 0 ? 'audio' : 'video', status: i % 50 === 0 ? 'processing' : 'ready', failureReason: null,
    locations: i % 9 === 0 ? { ws1: 'S3_FSX' } : {},
    technical: cameraTechnical({ videoCodec: CODECS[i % 4]!, width: WIDTHS[i % 4]!, frameRate: RATES[i % 4]!, durationSeconds: 5 + (i % 600) }),
    derived: { proxy: true, thumbnail: true, filmstrip: false, waveform: false, preview: false },
    createdBy: 'bench@example.com', createdAt: at, modifiedAt: at, version: 1, trash: null,
    tags: i % 100 === 0 ? ['hero'] : [], notes: '',
  };
}

/** 100 queries as an editor types them: growing prefixes of reels and clips, words, filters. */
function queryList(): string[] {
  const list: string[] = [];
  for (let i = 0; list.length < 100; i += 1) {
    const reel = `${'ABCD'[i % 4]}${String((i * 37) % 997).padStart(3, '0')}`;
    const forms = [
      reel.slice(0, 2), reel.slice(0, 3), reel, `${reel}c0`, `${reel}c${String((i * 13) % 1000).padStart(3, '0')}`,
      `show ${i % 10} day ${i % 50}`, `cam ${'abcd'[i % 4]} ${reel.slice(0, 3)}`, `${reel.slice(0, 2)} res:4k`,
      `${reel.slice(0, 3)} codec:prores fps:23.976`, `day ${i % 50} kind:audio`,
    ];
    list.push(forms[i % forms.length]!);
  }
  return list;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-bench-search-'));
const host = startCacheWorker(path.join(dir, 'cache.sqlite'));
try {
  const ids: string[] = [];
  const buildStart = performance.now();
  for (let start = 0; start < ASSETS; start += BATCH) {
    const batch: AssetView[] = [];
    for (let i = start; i < Math.min(ASSETS, start + BATCH); i += 1) {
      const asset = view(i);
      ids.push(asset.id);
      batch.push(asset);
    }
    await host.store.putAssets(batch);
    sampleRss();
  }
  console.log(`built ${await host.store.count()} assets in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);

  const queries = queryList().map((text) => {
    const parsed = parseSearch(text);
    if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
    return { text, query: parsed.value };
  });
  for (const { query } of queries.slice(0, 5)) await host.store.search(query, 100); // warm the page cache
  const times: number[] = [];
  let hits = 0;
  for (const { text, query } of queries) {
    const started = performance.now();
    const result = await host.store.search(query, 100);
    times.push(performance.now() - started);
    if (process.env['BENCH_VERBOSE']) console.log(`${(performance.now() - started).toFixed(1)} ms  ${text}`);
    hits += result.assets.length;
    sampleRss();
  }
  console.log(`cache (FTS5, via worker): queries=${times.length} p50_ms=${percentile(times, 50).toFixed(1)} p95_ms=${percentile(times, 95).toFixed(1)} max_ms=${Math.max(...times).toFixed(1)} results=${hits}`);

  // Baseline: LIKE over the same rows, words only (the filters need the same columns either way).
  const plain = new Database(path.join(dir, 'cache.sqlite'), { readonly: true });
  const baseline: number[] = [];
  for (const { query } of queries.slice(0, BASELINE_QUERIES)) {
    const where = query.words.map(() => "(lower(a.name) LIKE ? ESCAPE '\\' OR lower(a.folder_path) LIKE ? ESCAPE '\\')").join(' AND ') || '1';
    const params = query.words.flatMap((word) => [`%${word}%`, `%${word}%`]);
    const started = performance.now();
    plain.prepare(`SELECT v.view FROM assets a JOIN asset_views v ON v.row = a.row WHERE ${where} LIMIT 101`).all(...params);
    baseline.push(performance.now() - started);
  }
  plain.close();
  console.log(`baseline (LIKE scan, same rows): queries=${baseline.length} p50_ms=${percentile(baseline, 50).toFixed(1)} p95_ms=${percentile(baseline, 95).toFixed(1)}`);

  // Sync: a feed page of 1,000 changes at a time: 50% status/location updates (ingest,
  // transfers), 30% renames or moves, 20% deletes.
  const syncStart = performance.now();
  for (let start = 0; start < CHANGES; start += 1000) {
    const puts: AssetView[] = [];
    const removes: string[] = [];
    for (let k = start; k < Math.min(CHANGES, start + 1000); k += 1) {
      const i = (k * 7) % ASSETS;
      if (k % 10 >= 8) removes.push(ids[i]!);
      else if (k % 10 >= 5) puts.push(view(i + 1, ids[i]!, '_v2'));
      else puts.push({ ...view(i, ids[i]!), status: 'ready', locations: { ws1: 'S3_FSX' }, version: 2 });
    }
    await host.store.removeAssets(removes);
    await host.store.putAssets(puts);
    sampleRss();
  }
  const syncSeconds = (performance.now() - syncStart) / 1000;
  console.log(`sync: changes=${CHANGES} seconds=${syncSeconds.toFixed(2)} (cache side; API fetches not included)`);
  console.log(`search: assets=${ASSETS} p95_ms=${percentile(times, 95).toFixed(1)} sync_100k_s=${syncSeconds.toFixed(1)} rss_mb=${Math.round(peakRss / 1024 / 1024)}`);
} finally {
  await host.stop();
  await rm(dir, { recursive: true, force: true });
}
