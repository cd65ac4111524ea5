// Benchmark `search`: 1,000,000 assets in the desktop's search cache, in its worker thread
// as the app runs it; 100 as-you-type prefix queries from a fixed list (some with filters),
// each timed from main through the worker and back. Baseline, same run: the same word
// queries as a plain SQLite LIKE scan over the same rows (in this thread, no FTS). The two
// are interleaved in rounds (rounds.ts); p95 is the median of the rounds' p95s.
// Sync: 100,000 feed changes (status and location updates, renames, moves, deletes) taken in by
// the app's own sync (CacheSync.catchUp): feed pages of 1,000, the changed assets asked for
// 500 ids a call, each page applied through the worker in one transaction. The backend is
// answered in this process (the feed and POST /v1/assets/batch from the generated catalog):
// no HTTP, no server, so this is the desktop's side of a sync.
// RSS: this process (main plus the worker thread), the peak seen. Asset ids are computed from
// their number (benchId), not kept: a million id strings are the bench's, not the app's.
// Targets: p95 ≤ 20 ms, 100,000 changes ≤ 10 s, RSS ≤ 400 MB.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseSearch, type AssetView, type RouteResponse } from '@rushes/shared';
import type { BackendClient } from '../../desktop/src/main/services/backend';
import { startCacheWorker } from '../../desktop/src/main/services/search/cacheHost';
import { CacheSync } from '../../desktop/src/main/services/search/cacheSync';
import { benchId, benchAsset as view, benchQueries as queryList } from '../testing/searchCatalog';
import { benchRounds, compare, range, runRounds, spreadOf } from './lib/rounds';

const ASSETS = Number(process.env['BENCH_ASSETS'] ?? 1_000_000);
const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 100_000);
const BASELINE_QUERIES = Number(process.env['BENCH_BASELINE_QUERIES'] ?? 20);
const BATCH = 5_000;
const ROUNDS = benchRounds();

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
  const buildStart = performance.now();
  for (let start = 0; start < ASSETS; start += BATCH) {
    const batch: AssetView[] = [];
    for (let i = start; i < Math.min(ASSETS, start + BATCH); i += 1) batch.push(view(i));
    await host.store.putAssets(batch);
    sampleRss();
  }
  console.log(`built ${await host.store.count()} assets in ${((performance.now() - buildStart) / 1000).toFixed(1)} s ${phaseRss()}`);
  // A user's cache was filled long before a search or a sync: the build's 1.5 GB still going
  // out to disk would compete with both, so it is written out first (untimed).
  if (process.platform !== 'win32') execFileSync('sync');

  const queries = queryList().map((text) => {
    const parsed = parseSearch(text);
    if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
    return { text, query: parsed.value };
  });
  // The warm-up round also brings the rows into the page cache for both sides.
  const plain = new Database(path.join(dir, 'cache.sqlite'), { readonly: true });
  let hits = 0;
  const { ours, baseline } = await runRounds(ROUNDS, {
    ours: async () => {
      const times: number[] = [];
      hits = 0;
      for (const { text, query } of queries) {
        const started = performance.now();
        const result = await host.store.search(query, 100);
        times.push(performance.now() - started);
        if (process.env['BENCH_VERBOSE']) console.log(`${times.at(-1)!.toFixed(1)} ms  ${text}`);
        hits += result.assets.length;
        sampleRss();
      }
      return times;
    },
    // LIKE over the same rows, words only (the filters need the same columns either way).
    baseline: async () => {
      const times: number[] = [];
      for (const { query } of queries.slice(0, BASELINE_QUERIES)) {
        const where =
          query.words.map(() => "(lower(a.name) LIKE ? ESCAPE '\\' OR lower(a.folder_path) LIKE ? ESCAPE '\\')").join(' AND ') || '1';
        const params = query.words.flatMap((word) => [`%${word}%`, `%${word}%`]);
        const started = performance.now();
        plain.prepare(`SELECT v.view FROM assets a JOIN asset_views v ON v.row = a.row WHERE ${where} LIMIT 101`).all(...params);
        times.push(performance.now() - started);
      }
      return times;
    },
    onRound: (round, cache, like) =>
      console.log(
        `round ${round}: cache p50_ms=${percentile(cache, 50).toFixed(1)} p95_ms=${percentile(cache, 95).toFixed(1)}, ` +
          `LIKE p50_ms=${percentile(like, 50).toFixed(1)} p95_ms=${percentile(like, 95).toFixed(1)}`,
      ),
  });
  plain.close();
  const p95 = compare(
    ours.map((times) => percentile(times, 95)),
    baseline.map((times) => percentile(times, 95)),
    (cache, like) => cache / like,
  );
  const all = ours.flat();
  console.log(
    `cache (FTS5, via worker): queries=${queries.length} rounds=${ROUNDS} p50_ms=${spreadOf(ours.map((times) => percentile(times, 50))).median.toFixed(1)} ` +
      `p95_ms=${p95.ours.median.toFixed(1)} spread=${range(p95.ours, 1)} max_ms=${Math.max(...all).toFixed(1)} results=${hits} ${phaseRss()}`,
  );
  console.log(
    `baseline (LIKE scan, same rows): queries=${Math.min(BASELINE_QUERIES, queries.length)} rounds=${ROUNDS} ` +
      `p50_ms=${spreadOf(baseline.map((times) => percentile(times, 50))).median.toFixed(1)} p95_ms=${p95.baseline.median.toFixed(1)} spread=${range(p95.baseline, 1)}`,
  );

  // Sync: change k touches asset (7k mod assets): 50% status/location updates (ingest,
  // transfers), 30% renames or moves, 20% deletes.
  const changeOf = (seq: number) => {
    const k = seq - 1;
    const i = (k * 7) % ASSETS;
    const kind = k % 10 >= 8 ? ('asset.removed' as const) : ('asset.put' as const);
    const after =
      kind === 'asset.removed'
        ? null
        : k % 10 >= 5
          ? view(i + 1, benchId(i), '_v2')
          : { ...view(i), status: 'ready' as const, locations: { ws1: 'S3_FSX' as const }, version: 2 };
    return { seq, kind, target: benchId(i), folderPath: view(i).folderPath, at: new Date(0).toISOString(), after };
  };
  // The assets the current feed page put, as the batch route would answer for them.
  let current = new Map<string, AssetView>();
  const backend = {
    call: async (name: string, input: { query?: { since?: number; limit?: number }; body?: { ids: string[] } }) => {
      if (name === 'changes') {
        const since = input.query?.since ?? CHANGES;
        const last = Math.min(CHANGES, since + (input.query?.limit ?? 500));
        const changes = [];
        current = new Map();
        for (let seq = since + 1; seq <= last; seq += 1) {
          const { after, ...change } = changeOf(seq);
          if (after) current.set(change.target, after);
          changes.push(change);
        }
        return { changes, latest: last } satisfies RouteResponse<'changes'>;
      }
      if (name === 'assetBatch')
        return { assets: input.body!.ids.flatMap((id) => current.get(id) ?? []) } satisfies RouteResponse<'assetBatch'>;
      throw new Error(`the bench's backend does not answer ${name}`);
    },
  } as unknown as Pick<BackendClient, 'call'>;
  await host.store.setState('since', '0');
  const syncStart = performance.now();
  const sampler = setInterval(sampleRss, 100);
  const applied = await new CacheSync(backend, host.store).catchUp();
  clearInterval(sampler);
  sampleRss();
  if (applied !== CHANGES) throw new Error(`the sync took in ${applied} changes, not ${CHANGES}`);
  const syncSeconds = (performance.now() - syncStart) / 1000;
  const remaining = await host.store.count();
  console.log(
    `sync: changes=${CHANGES} seconds=${syncSeconds.toFixed(2)} assets_after=${remaining} (CacheSync with the backend answered in-process) ${phaseRss()}`,
  );
  console.log(
    `search: assets=${ASSETS} p95_ms=${p95.ours.median.toFixed(1)} sync_100k_s=${syncSeconds.toFixed(1)} rss_mb=${Math.round(peakRss / 1024 / 1024)} ` +
      `baseline_p95_ms=${p95.baseline.median.toFixed(1)} spread=${range(p95.ours, 1)} baseline_spread=${range(p95.baseline, 1)} rounds=${ROUNDS}`,
  );
} finally {
  await host.stop();
  await rm(dir, { recursive: true, force: true });
}
