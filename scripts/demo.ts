// `npm run demo`: fills local mode with a small generated show through the real upload and
// ingest path (the desktop's main-side services, the local API, s3rver, ffmpeg), so a new
// user sees a working library. Same data dir and ports as `npm start`; refuses to run
// beside a running Rushes, and does nothing if `Demo Show/` is already there.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupSecret, isFinished, type TransferView } from '@rushes/shared';
import { DEMO_EMAIL, enrolIfRequired, ensureDemoUser } from './demoUser';
import {
  ConfigError,
  PortInUseError,
  assertPortsFree,
  readLocalConfig,
  startLocalStack,
  type LocalConfig,
  type LocalStack,
} from '@rushes/lambdas/local';
import { findFfmpegTools } from '../lambdas/src/adapters/ffmpeg/tools';
import type { CatalogAsset } from '../lambdas/src/ports';
import { createDesktopServices, type DesktopServices } from '../desktop/src/main/services/desktopService';
import { DesktopEventHub } from '../desktop/src/main/services/events';
import { proresClipArgs } from './ffmpegRecipes';

export const DEMO_SHOW = 'Demo Show';
export const DEMO_SHOW_PATH = `${DEMO_SHOW}/`;
export { DEMO_EMAIL } from './demoUser';

/** How long ingest may take before the demo gives up waiting (a 2-core machine needs ~30 s). */
const INGEST_TIMEOUT_MS = 5 * 60_000;

const clip = (source: string, rate: string, seconds: number) => proresClipArgs({ source, size: '1280x720', rate, seconds });
const wav = (frequency: number, seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
  '-ac',
  '2',
  '-c:a',
  'pcm_s24le',
  '-f',
  'wav',
];
const still = (source: string, size: string, codec: 'png' | 'tiff') => [
  '-f',
  'lavfi',
  '-i',
  `${source}=size=${size}:rate=1`,
  '-frames:v',
  '1',
  '-c:v',
  codec,
  '-f',
  'image2',
];

/** The show, below `Demo Show/`: a path → the ffmpeg arguments that make it (before the output path). */
export const DEMO_MEDIA: Readonly<Record<string, readonly string[]>> = {
  'Day 1/A001/A001C001.mov': clip('testsrc2', '25', 5),
  'Day 1/A001/A001C002.mov': clip('smptehdbars', '25', 4),
  'Day 1/A001/A001C003.mov': clip('testsrc2', '24000/1001', 5),
  'Day 1/Sound/S01T01.wav': wav(440, 5),
  'Day 1/Sound/S01T02.wav': wav(660, 4),
  'Day 1/Stills/Set reference.png': still('testsrc2', '1280x720', 'png'),
  'Day 1/Stills/Slate.tiff': still('smptehdbars', '1024x576', 'tiff'),
  'Day 2/B001/B001C001.mov': clip('testsrc', '24000/1001', 5),
};

export class DemoError extends Error {
  override name = 'DemoError';
}

export type DemoResult =
  | { outcome: 'exists' }
  | {
      outcome: 'created';
      email: string;
      password: string;
      /** The authenticator key (base32) when the demo user's group must use two-step sign-in, else null. */
      authenticatorKey: string | null;
      files: number;
      bytes: number;
      ready: number;
      failed: { path: string; reason: string }[];
      seconds: number;
    };

export interface DemoOptions {
  config: LocalConfig;
  /** One finished line of output. */
  log: (line: string) => void;
  /** A progress line that replaces the previous one (a terminal); without it, only finished lines are shown. */
  status?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Starts local mode, signs in as the demo user through the desktop's own services, uploads
 * a generated show and waits for ingest, then stops everything it started.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { config, log, signal } = options;
  const started = Date.now();
  if (!config.ingest.enabled)
    throw new DemoError('Ingest is off (RUSHES_INGEST=off), so the demo would stay "Processing": unset it and run again.');
  const tools = findFfmpegTools();
  if (!tools) throw new DemoError('The demo makes its media with ffmpeg, which is not installed: sudo apt-get install -y ffmpeg');
  if (config.admin.email === DEMO_EMAIL)
    throw new DemoError(
      `${DEMO_EMAIL} is the admin here (RUSHES_ADMIN_EMAIL); the demo keeps its own user, so choose another admin email.`,
    );
  // Before anything is touched: a running Rushes holds the same data dir.
  await assertPortsFree(
    { web: config.ports.web, API: config.ports.api, S3: config.ports.s3, Cognito: config.ports.cognito },
    'Rushes seems to be running: stop it (Ctrl-C where it runs), then run `npm run demo` again.',
  );

  log(`Starting Rushes local mode (data in ${config.dataDir})…`);
  const stack = await startLocalStack(config);
  const media = await mkdtemp(path.join(os.tmpdir(), 'rushes-demo-'));
  // The demo's own upload queue: the data dir's uploads.sqlite is web mode's, whose queued
  // uploads would otherwise resume under the demo user's session.
  const stateDir = path.join(config.dataDir, 'tmp', 'demo-uploads');
  let services: DesktopServices | null = null;
  try {
    announceAdmin(stack, log);
    const existing = await stack.catalog.getFolder(DEMO_SHOW_PATH);
    if (existing) {
      log(`"${DEMO_SHOW}" is already in the library${existing.trash ? ' (in the trash)' : ''}; nothing to do.`);
      log(`To make it again, delete "${DEMO_SHOW}" for good (an admin empties it from the trash), then run \`npm run demo\`.`);
      return { outcome: 'exists' };
    }
    const password = await ensureDemoUser(stack);

    log(`Making ${Object.keys(DEMO_MEDIA).length} files with ffmpeg…`);
    const localFolders = await makeMedia(tools.ffmpeg, media, signal);
    signal?.throwIfAborted();

    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    services = createDesktopServices({
      profile: stack.profile,
      shell: 'web',
      version: await rushesVersion(),
      events: new DesktopEventHub(),
      stateDir,
    });
    const { api } = services;
    const session = await api.signIn({ email: DEMO_EMAIL, password });
    if (session.status !== 'signedIn') throw new DemoError(`Signing in as ${DEMO_EMAIL} did not finish (${session.status}).`);
    const authenticatorKey = await enrolIfRequired(api);

    await api.createFolder({ parentPath: '', name: DEMO_SHOW });
    const plan = await api.planLocalUpload({ folderPath: DEMO_SHOW_PATH, paths: localFolders });
    const notNew = plan.items.filter((item) => item.outcome !== 'new');
    if (notNew.length > 0 || plan.unreadable.length > 0) {
      const first = notNew[0]
        ? `${notNew[0].relativePath}: ${notNew[0].outcome}${notNew[0].message ? ` (${notNew[0].message})` : ''}`
        : plan.unreadable[0]!.message;
      throw new DemoError(`The upload plan is not all new files, e.g. ${first}`);
    }
    log(`Uploading ${plan.items.length} files (${megabytes(plan.totalBytes)}) to "${DEMO_SHOW}"…`);
    const begun = await api.startUpload({ folderPath: DEMO_SHOW_PATH, paths: localFolders });
    if (begun.conflicts.length > 0 || begun.skipped.length > 0) throw new DemoError('Some demo files were not started (taken names).');

    const transfers = await waitForUploads(
      services,
      begun.transfers.map((t) => t.id),
      options,
    );
    const uploadFailures = transfers.filter((t) => t.state !== 'succeeded');

    log('Waiting for ingest (probe, proxies, thumbnails)…');
    const assets = await waitForIngest(stack, options);
    const failed = [
      ...uploadFailures.map((t) => ({ path: `${t.destination}${t.name}`, reason: t.error ?? t.state })),
      ...assets.filter((a) => a.status === 'failed').map((a) => ({ path: a.key, reason: a.failureReason ?? 'failed' })),
    ];
    return {
      outcome: 'created',
      email: DEMO_EMAIL,
      password,
      authenticatorKey,
      files: plan.items.length,
      bytes: plan.totalBytes,
      // Of the files it uploaded: the ASC MHL history the server writes beside each card is not one.
      ready: assets.filter((a) => a.status === 'ready' && !a.folderPath.endsWith('/ascmhl/')).length,
      failed,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    options.status?.('');
    services?.dispose();
    await stack.stop();
    await rm(media, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
  }
}

function announceAdmin(stack: LocalStack, log: (line: string) => void): void {
  const created = stack.createdAdmin;
  if (!created) return;
  if (created.temporaryPassword) {
    log(`Created the first admin: ${created.email}`);
    log(`Temporary password (shown once): ${created.temporaryPassword}`);
  } else {
    log(`Created the first admin: ${created.email} (password from RUSHES_ADMIN_PASSWORD)`);
  }
}

/** Writes the show under `dir/Demo Show/`, two ffmpeg runs at a time; returns its day folders. */
async function makeMedia(ffmpeg: string, dir: string, signal: AbortSignal | undefined): Promise<string[]> {
  const show = path.join(dir, DEMO_SHOW);
  const queue = Object.entries(DEMO_MEDIA);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [relative, args] = next;
      const file = path.join(show, ...relative.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await runFfmpeg(ffmpeg, [...args, file], signal);
    }
  };
  await Promise.all([worker(), worker()]);
  const days = [...new Set(Object.keys(DEMO_MEDIA).map((relative) => relative.split('/')[0]!))];
  return days.map((day) => path.join(show, day));
}

function runFfmpeg(ffmpeg: string, args: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new DemoError(`ffmpeg could not make ${path.basename(args.at(-1) ?? '')} (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** Polls the upload queue until every transfer has finished; a line per finished file. */
async function waitForUploads(services: DesktopServices, ids: readonly string[], options: DemoOptions): Promise<TransferView[]> {
  const wanted = new Set(ids);
  const reported = new Set<string>();
  for (;;) {
    options.signal?.throwIfAborted();
    const transfers = (await services.api.listUploads()).filter((t) => wanted.has(t.id));
    for (const t of transfers) {
      if (!isFinished(t.state) || reported.has(t.id)) continue;
      reported.add(t.id);
      const where = `${t.destination}${t.name}`.slice(DEMO_SHOW_PATH.length);
      options.log(
        t.state === 'succeeded' ? `  uploaded  ${where} (${megabytes(t.bytesTotal)})` : `  ${t.state}  ${where}: ${t.error ?? ''}`,
      );
    }
    if (transfers.every((t) => isFinished(t.state))) return transfers;
    const done = transfers.reduce((sum, t) => sum + t.bytesDone, 0);
    const total = transfers.reduce((sum, t) => sum + t.bytesTotal, 0);
    options.status?.(`Uploading: ${reported.size} of ${transfers.length} files, ${megabytes(done)} of ${megabytes(total)}`);
    await sleep(200);
  }
}

/** Waits until no asset of the show is uploading or processing; a line per asset as it ends. */
async function waitForIngest(stack: LocalStack, options: DemoOptions): Promise<CatalogAsset[]> {
  const deadline = Date.now() + INGEST_TIMEOUT_MS;
  const reported = new Set<string>();
  for (;;) {
    options.signal?.throwIfAborted();
    const assets: CatalogAsset[] = [];
    for await (const asset of stack.catalog.listAssetsUnder(DEMO_SHOW_PATH)) assets.push(asset);
    for (const asset of assets) {
      if ((asset.status !== 'ready' && asset.status !== 'failed') || reported.has(asset.id)) continue;
      reported.add(asset.id);
      const where = asset.key.slice(DEMO_SHOW_PATH.length);
      const made = Object.entries(asset.derived)
        .filter(([, key]) => key !== null)
        .map(([name]) => name);
      options.log(
        asset.status === 'ready'
          ? `  ready     ${where}${made.length > 0 ? ` (${made.join(', ')})` : ''}`
          : `  failed    ${where}: ${asset.failureReason ?? ''}`,
      );
    }
    if (assets.length > 0 && reported.size === assets.length) return assets;
    if (Date.now() > deadline)
      throw new DemoError(
        `Ingest did not finish within ${INGEST_TIMEOUT_MS / 60_000} minutes (${reported.size} of ${assets.length} done).`,
      );
    options.status?.(`Processing: ${reported.size} of ${assets.length} files done`);
    // Returns at once while the last storage event is still on its way, hence the poll.
    await Promise.race([stack.ingest.idle(), sleep(1000)]);
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

async function rushesVersion(): Promise<string> {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  return (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

function printSummary(result: Extract<DemoResult, { outcome: 'created' }>, log: (line: string) => void): void {
  log('');
  log(
    `${DEMO_SHOW}: ${result.files} files, ${megabytes(result.bytes)}; ${result.ready} ready, ${result.failed.length} failed; ${result.seconds.toFixed(0)} s.`,
  );
  for (const { path: where, reason } of result.failed) log(`  ${where}: ${reason}`);
  log('');
  log('Open it with `npm start` (or `npm run web`) and sign in as:');
  log(`  ${result.email}`);
  log(`  ${result.password}   (shown once)`);
  if (result.authenticatorKey) {
    log('Media managers use two-step sign-in here: add this key to an authenticator app (shown once):');
    log(`  ${groupSecret(result.authenticatorKey)}`);
  }
}

async function main(): Promise<number> {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new DemoError('Stopped (Ctrl-C).')));
  process.once('SIGTERM', () => abort.abort(new DemoError('Stopped.')));
  process.once('SIGHUP', () => abort.abort(new DemoError('Stopped (the terminal closed).')));
  const tty = process.stdout.isTTY;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) process.stdout.write('\r\x1b[2K');
    statusShown = false;
  };
  const log = (line: string) => {
    clearStatus();
    console.log(line);
  };
  const status = (line: string) => {
    clearStatus();
    if (!line) return;
    process.stdout.write(line.slice(0, (process.stdout.columns || 80) - 1));
    statusShown = true;
  };
  try {
    const result = await runDemo({ config: readLocalConfig(process.env), log, ...(tty ? { status } : {}), signal: abort.signal });
    if (result.outcome === 'created') printSummary(result, log);
    return result.outcome === 'created' && result.failed.length > 0 ? 1 : 0;
  } catch (error) {
    clearStatus();
    const known = error instanceof DemoError || error instanceof PortInUseError || error instanceof ConfigError;
    // An aborted ffmpeg or wait throws a generic AbortError; the reason says what happened.
    const reason = abort.signal.aborted ? abort.signal.reason : error;
    console.error(`The demo could not run: ${reason instanceof Error ? reason.message : String(reason)}`);
    if (!known && process.env['RUSHES_DEBUG']) console.error(error);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit as `npm start` does, whatever timers the SDK clients leave behind.
  process.exit(await main());
}
