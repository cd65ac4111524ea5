// Benchmark `list`: a folder of 100,000 assets in the local catalog (SQLite), listed through
// the real local API a page of 500 at a time with a real token. Baseline, same run: the same
// page read straight from SQLite with no HTTP, auth or JSON, the two interleaved in rounds
// (rounds.ts); p95 is the median of the rounds' p95s. Target: p95 ≤ 50 ms per page.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CatalogAsset } from '../../lambdas/src/ports';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { cameraTechnical } from '../testing/technical';
import { benchRounds, compare, range, runRounds, spreadOf } from './lib/rounds';

const ASSETS = Number(process.env['BENCH_ASSETS'] ?? 100_000);
const PAGES = Number(process.env['BENCH_PAGES'] ?? 200);
const ROUNDS = benchRounds();
const FOLDER = 'Bench Show/Day 1/';
const PASSWORD = 'Dailies-2026';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function asset(i: number, now: string): CatalogAsset {
  const name = `A${String(i % 999).padStart(3, '0')}_C${String(i).padStart(6, '0')}_${(i * 7919).toString(36).toUpperCase()}.mov`;
  return {
    id: randomUUID(),
    key: FOLDER + name,
    folderPath: FOLDER,
    name,
    size: 50_000_000 + ((i * 104_729) % 4_000_000_000),
    checksum: { algorithm: 'xxh64', value: (i * 2654435761).toString(16).padStart(16, '0').slice(-16) },
    kind: 'video',
    status: 'ready',
    failureReason: null,
    locations: {},
    technical: cameraTechnical({ durationSeconds: 12 + (i % 300) }),

    derived: { proxy: `proxies/${i}.mp4`, thumbnail: `thumbs/${i}.jpg`, filmstrip: null, waveform: null, preview: null },
    createdBy: 'bench@example.com',
    createdAt: now,
    modifiedAt: now,
    version: 1,
    trash: null,
  };
}

const data = await tempDataDir('rushes-bench-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: 'bench@example.com', adminPassword: PASSWORD });
try {
  const now = new Date().toISOString();
  await stack.catalog.createFolder({
    path: 'Bench Show/',
    name: 'Bench Show',
    aclGroups: ['admin'],
    createdBy: 'bench',
    createdAt: now,
    modifiedAt: now,
  });
  await stack.catalog.createFolder({
    path: FOLDER,
    name: 'Day 1',
    aclGroups: ['admin'],
    createdBy: 'bench',
    createdAt: now,
    modifiedAt: now,
  });
  const buildStart = performance.now();
  for (let i = 0; i < ASSETS; i += 1) await stack.catalog.createAsset(asset(i, now));
  const buildMs = performance.now() - buildStart;
  console.log(`built ${ASSETS} assets in ${(buildMs / 1000).toFixed(1)} s`);

  const cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const auth = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.profile.cognito.clientId,
      AuthParameters: { USERNAME: 'bench@example.com', PASSWORD },
    }),
  );
  cognito.destroy();
  const token = auth.AuthenticationResult!.IdToken!;

  // Collect cursors across the whole folder, for name and size sorts, then time random pages.
  const cursors: { sort: string; cursor: string | null }[] = [];
  for (const sort of ['name', 'size']) {
    let cursor: string | null = null;
    do {
      cursors.push({ sort, cursor });
      const page = await stack.catalog.listAssets({ folderPath: FOLDER, sort: sort as 'name', direction: 'asc', limit: 500, cursor });
      cursor = page.nextCursor;
    } while (cursor);
  }
  const pick = (i: number) => cursors[(i * 7919) % cursors.length]!;

  // Each round reads the same PAGES pages both ways; a round's figure is its p95.
  const sqlitePages = async () => {
    const times: number[] = [];
    for (let i = 0; i < PAGES; i += 1) {
      const { sort, cursor } = pick(i);
      const started = performance.now();
      const page = await stack.catalog.listAssets({ folderPath: FOLDER, sort: sort as 'name', direction: 'asc', limit: 500, cursor });
      times.push(performance.now() - started);
      if (page.items.length === 0) throw new Error('empty page');
    }
    return times;
  };
  const apiPages = async () => {
    const times: number[] = [];
    for (let i = 0; i < PAGES; i += 1) {
      const { sort, cursor } = pick(i);
      const url = new URL('/v1/folders/children', stack.profile.apiUrl);
      url.searchParams.set('path', FOLDER);
      url.searchParams.set('sort', sort);
      url.searchParams.set('limit', '500');
      if (cursor) url.searchParams.set('cursor', cursor);
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { assets: unknown[] };
      times.push(performance.now() - started);
      if (response.status !== 200 || body.assets.length === 0) throw new Error(`API answered ${response.status}`);
    }
    return times;
  };
  const { ours, baseline } = await runRounds(ROUNDS, {
    ours: apiPages,
    baseline: sqlitePages,
    onRound: (round, api, sqlite) =>
      console.log(
        `round ${round}: API p50_ms=${percentile(api, 50).toFixed(1)} p95_ms=${percentile(api, 95).toFixed(1)}, ` +
          `SQLite p50_ms=${percentile(sqlite, 50).toFixed(1)} p95_ms=${percentile(sqlite, 95).toFixed(1)}`,
      ),
  });
  const p50 = spreadOf(ours.map((times) => percentile(times, 50)));
  const p95 = compare(
    ours.map((times) => percentile(times, 95)),
    baseline.map((times) => percentile(times, 95)),
    (api, sqlite) => api / sqlite,
  );

  const firstRows = process.env['BENCH_SKIP_UI']
    ? null
    : await (await import('./lib/listFirstRows')).measureFirstRows(stack, FOLDER, PASSWORD);

  console.log(
    `baseline (SQLite, no HTTP): p50_ms=${spreadOf(baseline.map((times) => percentile(times, 50))).median.toFixed(1)} ` +
      `p95_ms=${p95.baseline.median.toFixed(1)} spread=${range(p95.baseline, 1)}`,
  );
  console.log(
    `list: assets=${ASSETS} p50_ms=${p50.median.toFixed(1)} p95_ms=${p95.ours.median.toFixed(1)} first_rows_ms=${firstRows === null ? 'skipped' : firstRows.toFixed(0)} ` +
      `baseline_p95_ms=${p95.baseline.median.toFixed(1)} spread=${range(p95.ours, 1)} baseline_spread=${range(p95.baseline, 1)} rounds=${p95.rounds}`,
  );
} finally {
  await stack.stop();
  await data.remove();
}
