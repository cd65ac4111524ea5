// Benchmark `notes`: 10,000 review notes over 1,000 clips in one folder of the local catalog
// (SQLite), put there through the catalog itself (each note with its asset's counts, as the
// API would). Then:
// - open: the notes of a clip with 200 notes, `GET /v1/notes` through the real local API with a
//   real token, many opens; baseline, same run: the same notes read straight from SQLite (one
//   prepared SELECT, no HTTP, auth or JSON), the two interleaved in rounds (rounds.ts); p95 is
//   the median of the rounds' p95s.
// - export: the folder's markers as the desktop makes them: list the folder through the API
//   (pages of 500), `POST /v1/notes/batch` 500 assets a call, `markerClip` and
//   `avidMarkersText`; timed end to end, once per round.
// Targets: open p95 ≤ 100 ms, export ≤ 2 s.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { avidMarkersText, markerClip, reviewRoutes, routes, type AssetView, type ListChildrenResponse, type Note } from '@rushes/shared';
import type { CatalogAsset } from '../../lambdas/src/ports';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../testing/people';
import { cameraTechnical } from '../testing/technical';
import { benchRounds, range, runRounds, spreadOf } from './lib/rounds';

const CLIPS = Number(process.env['BENCH_CLIPS'] ?? 1_000);
const NOTES = Number(process.env['BENCH_NOTES'] ?? 10_000);
/** Clips with NOTES_PER_BIG_CLIP notes each, the ones opened; the other notes spread over the rest. */
const BIG_CLIPS = 20;
const NOTES_PER_BIG_CLIP = 200;
const OPENS = Number(process.env['BENCH_OPENS'] ?? 200);
const ROUNDS = benchRounds();
const FOLDER = 'Bench Show/Day 1/';
const EMAIL = 'bench@example.com';
const BATCH = 500;

interface NotesResponse {
  notes: Note[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const assetId = (i: number) => `bench-clip-${String(i).padStart(5, '0')}`;

function clip(i: number, now: string): CatalogAsset {
  const name = `A${String(1 + (i % 9)).padStart(3, '0')}C${String(i).padStart(3, '0')}_261206_R${(i % 36).toString(36).toUpperCase()}AB.mov`;
  return {
    id: assetId(i),
    key: FOLDER + name,
    folderPath: FOLDER,
    name,
    size: 2_000_000_000,
    checksum: null,
    kind: 'video',
    status: 'ready',
    failureReason: null,
    locations: {},
    // Every fourth clip is 29.97 drop-frame, the rest 23.976, all 10 minutes long.
    technical:
      i % 4 === 0
        ? cameraTechnical({ frameRate: { num: 30000, den: 1001 }, startTimecode: '10:00:00;00', durationSeconds: 600 })
        : cameraTechnical({ startTimecode: `${String(10 + (i % 12)).padStart(2, '0')}:00:00:00`, durationSeconds: 600 }),
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    createdBy: EMAIL,
    createdAt: now,
    modifiedAt: now,
    version: 1,
    trash: null,
  };
}

/** The n-th note of a clip: every fifth one a reply to the note before it, every seventh resolved. */
function noteOf(clipIndex: number, n: number, parent: Note | null, at: string): Note {
  const frame = parent ? parent.frame : (n * 337) % 14_000;
  return {
    id: `note-${clipIndex}x${String(n).padStart(6, '0')}`,
    assetId: assetId(clipIndex),
    parentId: parent ? parent.id : null,
    author: n % 3 === 0 ? 'director@example.com' : 'editor@example.com',
    text: `Note ${n} on clip ${clipIndex}: soft focus on the lead as she turns, check the boom at the top of frame`,
    frame,
    outFrame: n % 6 === 0 && !parent ? frame + 48 : null,
    drawing: n % 10 === 0 ? [{ kind: 'arrow', colour: '#ff3b30', from: [0.2, 0.3], to: [0.45, 0.5] }] : [],
    resolved: !parent && n % 7 === 0,
    resolvedBy: !parent && n % 7 === 0 ? EMAIL : null,
    resolvedAt: !parent && n % 7 === 0 ? at : null,
    createdAt: at,
    editedAt: null,
    version: 1,
  };
}

function notesPerClip(): number[] {
  const counts = Array.from({ length: CLIPS }, (_, i) => (i < BIG_CLIPS ? NOTES_PER_BIG_CLIP : 0));
  const rest = NOTES - BIG_CLIPS * NOTES_PER_BIG_CLIP;
  for (let n = 0; n < rest; n += 1) counts[BIG_CLIPS + (n % (CLIPS - BIG_CLIPS))]! += 1;
  return counts;
}

const data = await tempDataDir('rushes-bench-notes-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: EMAIL, adminPassword: TEST_PASSWORD });
const plain = new Database(path.join(stack.config.dataDir, 'catalog.sqlite'), { readonly: true });
try {
  const now = new Date().toISOString();
  for (const [folderPath, name] of [
    ['Bench Show/', 'Bench Show'],
    [FOLDER, 'Day 1'],
  ] as const) {
    await stack.catalog.createFolder({ path: folderPath, name, aclGroups: ['admin'], createdBy: EMAIL, createdAt: now, modifiedAt: now });
  }
  const seedStart = performance.now();
  const counts = notesPerClip();
  let seeded = 0;
  for (let i = 0; i < CLIPS; i += 1) {
    await stack.catalog.createAsset(clip(i, now));
    let parent: Note | null = null;
    for (let n = 0; n < counts[i]!; n += 1) {
      const at = new Date(Date.parse(now) + seeded * 1000).toISOString();
      const note = noteOf(i, n, n % 5 === 4 ? parent : null, at);
      await stack.catalog.addNote(note);
      if (note.parentId === null) parent = note;
      seeded += 1;
    }
  }
  console.log(`seeded ${CLIPS} clips and ${seeded} notes in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const { tokens } = await signInPeople(stack, { bench: { email: EMAIL, groups: [], existing: true } });
  const headers = { authorization: `Bearer ${tokens.bench}` };
  const api = async <T>(route: { method: string; path: string }, query: Record<string, string>, body?: unknown): Promise<T> => {
    const url = new URL(route.path, stack.profile.apiUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await fetch(url, {
      method: route.method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (response.status !== 200) throw new Error(`${route.path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };

  const select = plain.prepare('SELECT * FROM notes WHERE asset_id = ? ORDER BY frame, created_at, id');
  const opened = (i: number) => assetId(i % BIG_CLIPS);
  const apiOpens = async () => {
    const times: number[] = [];
    for (let i = 0; i < OPENS; i += 1) {
      const started = performance.now();
      const { notes } = await api<NotesResponse>(reviewRoutes.listNotes, { assetId: opened(i) });
      times.push(performance.now() - started);
      if (notes.length !== NOTES_PER_BIG_CLIP) throw new Error(`a clip answered ${notes.length} notes`);
    }
    return times;
  };
  const sqliteOpens = async () => {
    const times: number[] = [];
    for (let i = 0; i < OPENS; i += 1) {
      const started = performance.now();
      const rows = select.all(opened(i));
      times.push(performance.now() - started);
      if (rows.length !== NOTES_PER_BIG_CLIP) throw new Error(`SQLite answered ${rows.length} notes`);
    }
    return times;
  };

  const exportFolder = async () => {
    const started = performance.now();
    const assets: AssetView[] = [];
    let cursor: string | null = null;
    do {
      const page: ListChildrenResponse = await api<ListChildrenResponse>(routes.listChildren, {
        path: FOLDER,
        limit: String(BATCH),
        ...(cursor ? { cursor } : {}),
      });
      assets.push(...page.assets);
      cursor = page.nextCursor;
    } while (cursor);
    const byAsset = new Map<string, Note[]>();
    for (let start = 0; start < assets.length; start += BATCH) {
      const assetIds = assets.slice(start, start + BATCH).map((asset) => asset.id);
      const { notes } = await api<NotesResponse>(reviewRoutes.notesBatch, {}, { assetIds });
      for (const note of notes) {
        const list = byAsset.get(note.assetId);
        if (list) list.push(note);
        else byAsset.set(note.assetId, [note]);
      }
    }
    const text = avidMarkersText(
      assets.map((asset) => markerClip(asset, byAsset.get(asset.id) ?? [])),
      { includeResolved: true },
    );
    const seconds = (performance.now() - started) / 1000;
    const markers = text.split('\n').length - 1;
    return { seconds, markers, clips: assets.length, notes: [...byAsset.values()].reduce((sum, list) => sum + list.length, 0) };
  };

  const exports: number[] = [];
  const { ours, baseline } = await runRounds(ROUNDS, {
    ours: async () => {
      const opens = await apiOpens();
      const exported = await exportFolder();
      if (exported.clips !== CLIPS || exported.notes !== seeded) {
        throw new Error(`the export saw ${exported.clips} clips and ${exported.notes} notes`);
      }
      return { opens, exported };
    },
    baseline: sqliteOpens,
    onRound: (round, { opens, exported }, sqlite) => {
      exports.push(exported.seconds);
      console.log(
        `round ${round}: API p50_ms=${percentile(opens, 50).toFixed(1)} p95_ms=${percentile(opens, 95).toFixed(1)}, ` +
          `SQLite p50_ms=${percentile(sqlite, 50).toFixed(2)} p95_ms=${percentile(sqlite, 95).toFixed(2)}, ` +
          `export_s=${exported.seconds.toFixed(2)} (${exported.markers} markers)`,
      );
    },
  });
  const open = spreadOf(ours.map(({ opens }) => percentile(opens, 95)));
  const bare = spreadOf(baseline.map((times) => percentile(times, 95)));
  const exported = spreadOf(exports);
  console.log(`export: median_s=${exported.median.toFixed(2)} spread=${range(exported, 2)}`);
  console.log(
    `notes: notes=${seeded} open_p95_ms=${open.median.toFixed(1)} export_s=${exported.median.toFixed(2)} ` +
      `baseline_p95_ms=${bare.median.toFixed(2)} spread=${range(open, 1)} rounds=${ROUNDS}`,
  );
} finally {
  plain.close();
  await stack.stop();
  await data.remove();
}
