// Benchmark `search`: 1,000,000 assets in the desktop's search cache, in its worker thread
// as the app runs it; 100 as-you-type prefix queries from a fixed list (some with filters),
// each timed from main through the worker and back. Baseline, same run: the same word
// queries as a plain SQLite LIKE scan over the same rows (in this thread, no FTS).
// Sync: 100,000 feed changes (updates, renames, moves, deletes in feed-sized batches of 1,000)
// applied to the cache through the worker, one transaction a page as the sync applies them:
// the cache side of sync. Not included: fetching the changed assets from the API (the sync
// asks POST /v1/assets/batch, 500 ids a call, 4 calls at once).
// RSS: this process (main plus the worker thread), the peak seen.
// Targets: p95 ≤ 20 ms, 100,000 changes ≤ 10 s, RSS ≤ 400 MB.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseSearch, type AssetView } from '@rushes/shared';
import { startCacheWorker } from '../../desktop/src/main/services/search/cacheHost';
import { benchAsset as view, benchQueries as queryList } from '../testing/searchCatalog';

const ASSETS = Number(process.env['BENCH_ASSETS'] ?? 1_000_000);
const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 100_000);
const BASELINE_QUERIES = Number(process.env['BENCH_BASELINE_QUERIES'] ?? 20);
const BATCH = 5_000;

let peakRss = 0;
/** The peak of each phase too, so a figure over the target says where it came from. */
let phasePeak = 0;
const sampleRss = () => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  phasePeak = Math.max(phasePeak, rss);
};
const phaseRss = () => {
  const mb = Math.round(phasePeak / 1024 / 1024);
  phasePeak = 0;
  return `peak_rss_mb=${mb}`;
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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
  console.log(`built ${await host.store.count()} assets in ${((performance.now() - buildStart) / 1000).toFixed(1)} s ${phaseRss()}`);

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
  console.log(`cache (FTS5, via worker): queries=${times.length} p50_ms=${percentile(times, 50).toFixed(1)} p95_ms=${percentile(times, 95).toFixed(1)} max_ms=${Math.max(...times).toFixed(1)} results=${hits} ${phaseRss()}`);

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
    await host.store.applyChanges(puts, removes);
    sampleRss();
  }
  const syncSeconds = (performance.now() - syncStart) / 1000;
  console.log(`sync: changes=${CHANGES} seconds=${syncSeconds.toFixed(2)} (cache side; API fetches not included) ${phaseRss()}`);
  console.log(`search: assets=${ASSETS} p95_ms=${percentile(times, 95).toFixed(1)} sync_100k_s=${syncSeconds.toFixed(1)} rss_mb=${Math.round(peakRss / 1024 / 1024)}`);
} finally {
  await host.stop();
  await rm(dir, { recursive: true, force: true });
}
