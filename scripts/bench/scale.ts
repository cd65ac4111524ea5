// Benchmark `scale`: local mode over a data folder holding BENCH_SCALE_ASSETS assets
// (1,000,000 by default): catalog rows written straight into SQLite in batches (the search
// index's triggers fill it as they go) and one small object per asset written into the S3
// stand-in's folder, so the bucket and the catalog agree and the reconcile finds nothing to
// do. The seeded folder is kept (BENCH_SCALE_DIR, else one per size in the temp dir) and
// reused by later runs (BENCH_SCALE_SEED_ONLY=1 seeds and stops). Each round starts the local runtime (ingest on), times start to
// API ready, measures its CPU over BENCH_SCALE_IDLE_S seconds idle (this process and its
// children, from /proc), then times GET /v1/search for the search bench's 100 queries and a
// page of 100 from 100 leaf folders; the baseline is the bare SQLite query for each (the word
// index match; the folder page), the two sides interleaved (rounds.ts). Figures are medians
// of the rounds. Targets: start ≤ 15 s, idle CPU ≤ 2 % of a core, search and list p95 ≤ 50 ms.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { parseSearch } from '@rushes/shared';
import { SqliteCatalog } from '../../lambdas/src/adapters/sqliteCatalog';
import { assetToRow } from '../../lambdas/src/adapters/sqlite/rows';
import type { CatalogAsset } from '../../lambdas/src/ports';
import type { LocalStack } from '../../lambdas/src/local';
import { startTestStack } from '../testing/localStack';
import { benchAsset, benchQueries } from '../testing/searchCatalog';
import { benchRounds, compare, range, runRounds, spreadOf } from './lib/rounds';

const ASSETS = Number(process.env['BENCH_SCALE_ASSETS'] ?? 1_000_000);
const IDLE_S = Number(process.env['BENCH_SCALE_IDLE_S'] ?? 30);
const ROUNDS = benchRounds();
const DIR = process.env['BENCH_SCALE_DIR'] ?? path.join(os.tmpdir(), `rushes-bench-scale-${ASSETS}`);
const ADMIN = 'bench@example.com';
const PASSWORD = 'Dailies-2026';
const BATCH = 10_000;
const LIST_FOLDERS = 100;
const PAGE = 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The search catalog's generated asset, as the server's catalog holds it: settled, ready. */
function catalogAsset(i: number): CatalogAsset {
  const { tags, notes, derived: _derived, checksum: _checksum, ...view } = benchAsset(i);
  return {
    ...view,
    checksum: null,
    status: 'ready',
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    ...(tags.length > 0 || notes ? { annotations: { tags, notes } } : {}),
  };
}

/** Every folder path on the way to `folderPath`, top first. */
function chain(folderPath: string): string[] {
  const parts = folderPath.split('/').filter(Boolean);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

async function seed(): Promise<void> {
  const marker = path.join(DIR, 'bench-seeded.json');
  if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { assets: number }).assets === ASSETS) return;
  mkdirSync(DIR, { recursive: true, mode: 0o700 });
  const started = performance.now();
  // The catalog's own schema and folders first (a few thousand, through the adapter).
  const catalog = new SqliteCatalog(path.join(DIR, 'catalog.sqlite'));
  const now = new Date().toISOString();
  const folders = new Set<string>();
  for (let i = 0; i < Math.min(ASSETS, 2_000); i += 1) for (const folder of chain(benchAsset(i).folderPath)) folders.add(folder);
  for (const folder of [...folders].sort()) {
    const parts = folder.split('/').filter(Boolean);
    if (await catalog.getFolder(folder)) continue;
    await catalog.createFolder({
      path: folder,
      name: parts.at(-1)!,
      aclGroups: ['admin'],
      createdBy: ADMIN,
      createdAt: now,
      modifiedAt: now,
    });
  }
  await catalog.close();
  const db = new Database(path.join(DIR, 'catalog.sqlite'));
  // A seed that dies is thrown away (no marker), so it need not survive a crash: no fsync,
  // a large page cache for the word index's segments.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const columns = Object.keys(assetToRow(catalogAsset(0)));
  const insert = db.prepare(`INSERT OR IGNORE INTO assets (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  const bucket = path.join(DIR, 's3', 'rushes-media');
  const made = new Set<string>();
  for (let start = 0; start < ASSETS; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ASSETS - start) }, (_, k) => catalogAsset(start + k));
    db.transaction(() => {
      for (const asset of batch) insert.run(assetToRow(asset));
    })();
    // One small object per asset, written the way the S3 stand-in keeps them on disk.
    for (const asset of batch) {
      const dir = path.join(bucket, asset.folderPath);
      if (!made.has(dir)) mkdirSync(dir, { recursive: true });
      made.add(dir);
      const file = path.join(bucket, asset.key);
      writeFileSync(`${file}._S3rver_object`, 'x');
      writeFileSync(`${file}._S3rver_object.md5`, '9dd4e461268c8034f5c8564e155c67a6');
      writeFileSync(`${file}._S3rver_metadata.json`, '{"content-type":"video/quicktime"}');
    }
    if ((start / BATCH) % 10 === 0) console.log(`seeded ${start + batch.length} assets`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(marker, JSON.stringify({ assets: ASSETS }));
  console.log(`seeded ${ASSETS} assets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** CPU seconds used so far by this process and every process under it (cognito-local). */
function treeCpuSeconds(): number {
  const ticks = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // a process that ended between the listing and the read
    }
  }
  let total = 0;
  const queue = [process.pid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
  }
  return total / ticks;
}

async function signIn(stack: LocalStack): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    const auth = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { USERNAME: ADMIN, PASSWORD },
      }),
    );
    return auth.AuthenticationResult!.IdToken!;
  } finally {
    cognito.destroy();
  }
}

await seed();
// BENCH_SCALE_SEED_ONLY: prepare the data folder (long at a million) and stop, to measure later on a quiet machine.
if (process.env['BENCH_SCALE_SEED_ONLY']) process.exit(0);
const queries = benchQueries().map((text) => {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return { text, words: parsed.value.words };
});
const leafFolders = Array.from({ length: LIST_FOLDERS }, (_, i) => benchAsset((i * 7919) % Math.min(ASSETS, 2_000)).folderPath);

interface OursRound {
  startS: number;
  idlePct: number;
  search: number[];
  list: number[];
}

const ours = async (): Promise<OursRound> => {
  const started = performance.now();
  const stack = await startTestStack({ dataDir: DIR, adminEmail: ADMIN, adminPassword: PASSWORD, ingest: true });
  try {
    const token = await signIn(stack);
    const health = await fetch(new URL('/v1/search?q=a0&limit=1', stack.profile.apiUrl), { headers: { authorization: `Bearer ${token}` } });
    if (health.status !== 200) throw new Error(`the API answered ${health.status}`);
    const startS = (performance.now() - started) / 1000;
    // Idle: nothing asked of it; what it does now it does by itself (timers, the reconcile).
    const cpuBefore = treeCpuSeconds();
    const idleStarted = performance.now();
    await sleep(IDLE_S * 1000);
    const idlePct = ((treeCpuSeconds() - cpuBefore) / ((performance.now() - idleStarted) / 1000)) * 100;
    const get = async (url: URL): Promise<number> => {
      const t = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.json();
      if (response.status !== 200) throw new Error(`${url.pathname} answered ${response.status}`);
      return performance.now() - t;
    };
    const search: number[] = [];
    for (const { text } of queries) {
      const url = new URL('/v1/search', stack.profile.apiUrl);
      url.searchParams.set('q', text);
      url.searchParams.set('limit', '50');
      search.push(await get(url));
    }
    const list: number[] = [];
    for (const folder of leafFolders) {
      const url = new URL('/v1/folders/children', stack.profile.apiUrl);
      url.searchParams.set('path', folder);
      url.searchParams.set('sort', 'name');
      url.searchParams.set('limit', String(PAGE));
      list.push(await get(url));
    }
    return { startS, idlePct, search, list };
  } finally {
    await stack.stop();
  }
};

const baseline = async () => {
  const db = new Database(path.join(DIR, 'catalog.sqlite'), { readonly: true });
  try {
    const match = db.prepare('SELECT rowid FROM asset_words WHERE asset_words MATCH ? LIMIT 51');
    const page = db.prepare(`SELECT * FROM assets WHERE folder_path = ? AND in_trash = 0 ORDER BY name, id LIMIT ${PAGE + 1}`);
    const search: number[] = [];
    for (const { words } of queries) {
      const t = performance.now();
      match.all(words.map((word) => `"${word}"*`).join(' AND '));
      search.push(performance.now() - t);
    }
    const list: number[] = [];
    for (const folder of leafFolders) {
      const t = performance.now();
      page.all(folder);
      list.push(performance.now() - t);
    }
    return { search, list };
  } finally {
    db.close();
  }
};

const result = await runRounds(ROUNDS, {
  ours,
  baseline,
  onRound: (round, o, b) =>
    console.log(
      `round ${round}: start_s=${o.startS.toFixed(1)} idle_cpu_pct=${o.idlePct.toFixed(2)} ` +
        `search_p95_ms=${percentile(o.search, 95).toFixed(1)} list_p95_ms=${percentile(o.list, 95).toFixed(1)} ` +
        `baseline search_p95_ms=${percentile(b.search, 95).toFixed(2)} list_p95_ms=${percentile(b.list, 95).toFixed(2)}`,
    ),
});
const start = spreadOf(result.ours.map((o) => o.startS));
const idle = spreadOf(result.ours.map((o) => o.idlePct));
const search = compare(
  result.ours.map((o) => percentile(o.search, 95)),
  result.baseline.map((b) => percentile(b.search, 95)),
  (a, b) => a / b,
);
const list = compare(
  result.ours.map((o) => percentile(o.list, 95)),
  result.baseline.map((b) => percentile(b.list, 95)),
  (a, b) => a / b,
);
console.log(
  `scale: assets=${ASSETS} start_s=${start.median.toFixed(1)} idle_cpu_pct=${idle.median.toFixed(2)} ` +
    `search_p95_ms=${search.ours.median.toFixed(1)} list_p95_ms=${list.ours.median.toFixed(1)} ` +
    `baseline_search_p95_ms=${search.baseline.median.toFixed(2)} baseline_list_p95_ms=${list.baseline.median.toFixed(2)} ` +
    `spread=start:${range(start, 1)},idle:${range(idle, 2)},search:${range(search.ours, 1)},list:${range(list.ours, 1)} rounds=${search.rounds}`,
);
