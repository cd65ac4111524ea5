// Benchmark `feed`: a card lands as many ingest Lambdas at once, each committing its assets
// through the DynamoDB catalog, where every change is numbered in the one change feed.
// 32 writer processes (workers/feedWriter.ts) commit 20,000 new assets into DynamoDB Local
// through the real catalog adapter; the baseline is the same writers putting the same items
// with plain conditional PutItems (each asset's key lock, then its record), no feed. The
// asset records alone are timed too (asset_put_*), which shows what the key lock costs on
// its own. They take turns for a few rounds (rounds.ts), each on a DynamoDB Local of its
// own. While the catalog's writers run, readers follow the feed as `GET /v1/changes` does
// (`changesSince` from their cursor) and check each page: every change exactly once,
// numbered one after the other, so a reader that saw N+1 before N would skip N and count it
// lost. Targets: ratio ≥ 0.5, lost = dup = 0.
// Smaller runs for development: BENCH_FEED_CHANGES, BENCH_FEED_WRITERS, BENCH_FEED_READERS.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCatalog, createCatalogTables } from '../../lambdas/src/adapters/dynamoCatalog';
import { startDynamoLocal } from '../testing/dynamoLocal';
import { benchRounds, compare, range, runRounds } from './lib/rounds';
import { feedAssetId } from './workers/feedAssets';

const CHANGES = wholeNumber('BENCH_FEED_CHANGES', 20_000);
const WRITERS = wholeNumber('BENCH_FEED_WRITERS', 32);
const READERS = wholeNumber('BENCH_FEED_READERS', 2);
const ROUNDS = benchRounds();
// How often a reader at the head of the feed asks again (the desktop: once a second).
const POLL_MS = 100;
const PAGE = 500;
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workers', 'feedWriter.ts');

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number above 0, not "${raw}"`);
  return Number(raw);
}

type Mode = 'catalog' | 'baseline' | 'assets';

interface Writer {
  child: ChildProcess;
  ready: Promise<void>;
  answer: Promise<{ committed: number }>;
}

/** A writer process for assets `first … first + count − 1`; it starts committing on `go`. */
function startWriter(endpoint: string, table: string, mode: Mode, first: number, count: number): Writer {
  const env = {
    ...process.env,
    FEED_ENDPOINT: endpoint,
    FEED_TABLE: table,
    FEED_MODE: mode,
    FEED_FIRST: String(first),
    FEED_COUNT: String(count),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const answer = new Promise<{ committed: number }>((resolve, reject) => {
    let result: { committed: number } | null = null;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else result = JSON.parse(line) as { committed: number };
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`a ${mode} writer exited with ${code}`))));
  });
  // A writer that dies before it is ready must not leave the round waiting.
  void answer.catch(() => onReady());
  return { child, ready, answer };
}

interface Reading {
  seen: number;
  lost: number;
  dup: number;
  /** Pages whose first change was not the one after the reader's cursor. */
  gaps: number;
}

/**
 * Follows the feed from 0 until the writers are done and a read after that finds nothing
 * new, polling ten times as often as the desktop does (desktop/src/main/feed/follower.ts). A change numbered other than cursor + 1 is a gap: the reader moves past it, so what
 * it skipped is counted lost.
 */
async function follow(catalog: DynamoCatalog, expected: ReadonlySet<string>, writersDone: () => boolean): Promise<Reading> {
  const seen = new Set<string>();
  let cursor = 0;
  let dup = 0;
  let gaps = 0;
  for (;;) {
    const done = writersDone();
    const page = await catalog.changesSince(cursor, PAGE);
    for (const change of page) {
      if (change.seq !== cursor + 1) gaps += 1;
      cursor = change.seq;
      if (seen.has(change.target) || !expected.has(change.target)) dup += 1;
      seen.add(change.target);
    }
    if (page.length === 0 && done) break;
    // As the desktop's follower does: the next page at once after a full one, which may have
    // more behind it; otherwise the reader is at the head and asks again after a while.
    if (page.length < PAGE) await sleep(POLL_MS);
  }
  let lost = 0;
  for (const id of expected) if (!seen.has(id)) lost += 1;
  return { seen: seen.size, lost, dup, gaps };
}

interface Side {
  perSecond: number;
  readings: Reading[];
}

const expected = new Set(Array.from({ length: CHANGES }, (_, i) => feedAssetId(i)));

/**
 * One side of a round, on a DynamoDB Local of its own, started before the clock starts and
 * stopped after: DynamoDB Local keeps the streams of dropped tables, and writes slow down as
 * they pile up, so a shared one would make each round slower than the one before.
 */
async function side(mode: Mode): Promise<Side> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = `feed_${mode}`;
  await createCatalogTables(client, table);
  const writers = Array.from({ length: WRITERS }, (_, w) => {
    const first = Math.floor((CHANGES * w) / WRITERS);
    return startWriter(dynamo.endpoint, table, mode, first, Math.floor((CHANGES * (w + 1)) / WRITERS) - first);
  });
  const catalog = new DynamoCatalog({ client, tableName: table });
  try {
    await Promise.all(writers.map((writer) => writer.ready));
    let writing = true;
    const started = performance.now();
    for (const writer of writers) writer.child.stdin?.end('go\n');
    const committed = Promise.all(writers.map((writer) => writer.answer)).then((answers) => {
      writing = false;
      return answers.reduce((sum, answer) => sum + answer.committed, 0);
    });
    const readers = mode === 'catalog' ? Array.from({ length: READERS }, () => follow(catalog, expected, () => !writing)) : [];
    // A reader stops once the writers are done and it has read the feed to its end, so the
    // catalog's time runs until every change is numbered and seen, not only committed.
    const [count, readings] = await Promise.all([committed, Promise.all(readers)]);
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: count / seconds, readings };
  } finally {
    for (const writer of writers) writer.child.kill();
    await catalog.close();
    client.destroy();
    await dynamo.stop();
  }
}

{
  console.log(`feed: ${WRITERS} writers, ${CHANGES} changes, ${READERS} readers, ${ROUNDS} rounds after a warm-up`);
  const rounds = await runRounds(ROUNDS, {
    ours: () => side('catalog'),
    // The baseline writes the same items as the catalog without the feed; the asset item
    // alone is timed beside it, to show what the key lock costs on its own.
    baseline: async () => ({ items: await side('baseline'), assets: await side('assets') }),
    onRound: (round, ours, baseline) => {
      const checks = ours.readings.map((r) => `seen=${r.seen} lost=${r.lost} dup=${r.dup} gaps=${r.gaps}`).join(' | ');
      console.log(
        `round ${round}: commits_per_s=${ours.perSecond.toFixed(0)} baseline_per_s=${baseline.items.perSecond.toFixed(0)} ` +
          `asset_put_per_s=${baseline.assets.perSecond.toFixed(0)} readers: ${checks}`,
      );
    },
  });
  const ours = rounds.ours.map((o) => o.perSecond);
  const comparison = compare(
    ours,
    rounds.baseline.map((b) => b.items.perSecond),
    (catalog, baseline) => catalog / baseline,
  );
  const assetOnly = compare(
    ours,
    rounds.baseline.map((b) => b.assets.perSecond),
    (catalog, assets) => catalog / assets,
  );
  const readings = rounds.ours.flatMap((o) => o.readings);
  const lost = readings.reduce((sum, r) => sum + r.lost, 0);
  const dup = readings.reduce((sum, r) => sum + r.dup, 0);
  console.log(
    `feed: writers=${WRITERS} changes=${CHANGES} commits_per_s=${comparison.ours.median.toFixed(0)} baseline_per_s=${comparison.baseline.median.toFixed(0)} ` +
      `ratio=${comparison.ratio.toFixed(2)} lost=${lost} dup=${dup} spread=${range(comparison.ratioSpread, 2)} rounds=${comparison.rounds} ` +
      `asset_put_per_s=${assetOnly.baseline.median.toFixed(0)} asset_put_ratio=${assetOnly.ratio.toFixed(2)} asset_put_spread=${range(assetOnly.ratioSpread, 2)}`,
  );
}
