// Per-query profile of the search benchmark's list: each query's time (median of 3, in this
// thread, no worker hop), the plan the cache chose, and SQLite's EXPLAIN QUERY PLAN for it.
// The 1,000,000-asset cache is built once and kept (PROFILE_DB) so plans can be compared.
//   node --import tsx scripts/bench/profile/search.ts [filter-substring]
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSearch, type AssetView } from '@rushes/shared';
import { CatalogCache } from '../../../desktop/src/main/services/search/catalogCache';
import { benchAsset, benchQueries } from '../../testing/searchCatalog';

const ASSETS = Number(process.env['PROFILE_ASSETS'] ?? 1_000_000);
const file = process.env['PROFILE_DB'] ?? path.join(os.tmpdir(), `rushes-search-profile-${ASSETS}.sqlite`);
const only = process.argv[2];

const fresh = !existsSync(file);
const cache = new CatalogCache(file);
if (fresh || cache.count() !== ASSETS) {
  const started = performance.now();
  for (let start = cache.count(); start < ASSETS; start += 5000) {
    const batch: AssetView[] = [];
    for (let i = start; i < Math.min(ASSETS, start + 5000); i += 1) batch.push(benchAsset(i));
    cache.putAssets(batch);
  }
  console.log(`built ${cache.count()} assets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const rows: { ms: number; text: string }[] = [];
for (const text of benchQueries()) {
  if (only && !text.includes(only)) continue;
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  const times: number[] = [];
  let result = cache.search(parsed.value, 100);
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    result = cache.search(parsed.value, 100);
    times.push(performance.now() - started);
  }
  const ms = times.sort((a, b) => a - b)[1]!;
  rows.push({ ms, text });
  const explained = cache.explain(parsed.value, 100);
  console.log(
    `${ms.toFixed(1).padStart(7)} ms  ${text.padEnd(36)} results=${result.assets.length}${result.truncated ? '+' : ''}  plan=${explained.plan}`,
  );
  for (const line of explained.steps) console.log(`            ${line}`);
}
rows.sort((a, b) => b.ms - a.ms);
const p95 = rows[Math.min(rows.length - 1, Math.floor(rows.length * 0.05))];
console.log(
  `slowest: ${rows
    .slice(0, 8)
    .map((r) => `${r.text} ${r.ms.toFixed(1)}`)
    .join(' | ')}`,
);
console.log(`queries=${rows.length} p95_ms≈${p95?.ms.toFixed(1)}`);
cache.close();
