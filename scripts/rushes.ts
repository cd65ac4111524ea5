// `npm start` and `npm run web`: start local mode (s3rver, cognito-local, the API), then
// Electron (start) or the web-mode server (web, or start where Electron's binary is missing).
// Ctrl-C stops every server and child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, PortInUseError, assertPortsFree, readLocalConfig, startLocalStack, type LocalStack } from '@rushes/lambdas/local';
import { createDispatcher } from '../desktop/src/main/dispatch';
import { createDesktopServices, type DesktopServices } from '../desktop/src/main/services/desktopService';
import { parseRefreshSeconds } from '../desktop/src/main/services/refreshSchedule';
import { DesktopEventHub } from '../desktop/src/main/services/events';
import { startWebModeServer, type WebModeServer } from '../desktop/src/main/web/server';
import { buildElectron, buildRenderer } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const mode = process.argv[2] === 'start' ? 'start' : 'web';
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

const stops: (() => Promise<void>)[] = [];
let shuttingDown: Promise<never> | null = null;

/** Stops everything once, in reverse start order; later calls wait for the first. */
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  })();
  return shuttingDown;
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

/** Path to the Electron binary, fetching it once if this machine can; null where it cannot. */
function electronBinary(): string | null {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const read = () => {
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  };
  if (!existsSync(pkgDir)) return null;
  const found = read();
  if (found || process.env['RUSHES_NO_ELECTRON_DOWNLOAD']) return found;
  console.log('Electron is not installed yet; trying to fetch its binary…');
  spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return read();
}

function printAdminCredentials(stack: LocalStack): void {
  const created = stack.createdAdmin;
  if (!created) return;
  console.log('');
  if (created.temporaryPassword) {
    console.log(`Created the first admin: ${created.email}`);
    console.log(`Temporary password (shown once): ${created.temporaryPassword}`);
    console.log('You will choose a new password at first sign-in.');
  } else {
    console.log(`Created the first admin: ${created.email} (password from RUSHES_ADMIN_PASSWORD)`);
  }
  console.log('');
}

async function startWeb(stack: LocalStack): Promise<WebModeServer> {
  const rendererDir = await buildRenderer();
  const events = new DesktopEventHub();
  const services: DesktopServices = createDesktopServices({
    profile: stack.profile,
    shell: 'web',
    version,
    events,
    // Web mode has no folder picker: downloads go here unless the user types another folder.
    ...(process.env['RUSHES_DOWNLOAD_DIR'] ? { downloadFolder: process.env['RUSHES_DOWNLOAD_DIR'] } : {}),
    // The upload queue (uploads.sqlite) lives with local mode's data, so a restart resumes it.
    stateDir: stack.config.dataDir,
    refreshEverySeconds: parseRefreshSeconds(process.env['RUSHES_REFRESH_SECONDS']),
  });
  stops.push(async () => services.dispose());
  const web = await startWebModeServer({
    port: stack.config.ports.web,
    rendererDir,
    dispatch: createDispatcher(services.api),
    events,
    openCachedMedia: (name) => services.openCachedMedia(name),
  });
  stops.push(web.stop);
  return web;
}

function startElectron(binary: string, stack: LocalStack): ChildProcess {
  const child = spawn(binary, [path.join(root, 'desktop')], {
    stdio: 'inherit',
    env: { ...process.env, RUSHES_PROFILE: stack.profilePath },
  });
  stops.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  // Closing the window ends the session; a crash (killed by a signal) is not a success.
  child.on('exit', (code, signal) => void shutdown(signal ? 1 : (code ?? 0)));
  return child;
}

async function main(): Promise<void> {
  const config = readLocalConfig(process.env);
  const binary = mode === 'start' ? electronBinary() : null;
  if (mode === 'start' && !binary) {
    console.log('Electron cannot run on this machine (its binary could not be fetched); starting web mode instead.');
  }
  if (!binary) {
    await assertPortsFree({ web: config.ports.web }, 'Stop whatever uses it, or set RUSHES_PORT to another port.');
  }
  console.log(`Starting Rushes local mode (data in ${config.dataDir})…`);
  const stack = await startLocalStack(config, {
    onFailure: (message) => {
      console.error(`Rushes is stopping: ${message}`);
      void shutdown(1);
    },
  });
  stops.push(stack.stop);
  printAdminCredentials(stack);

  if (binary) {
    await buildRenderer();
    await buildElectron();
    startElectron(binary, stack);
    console.log(`Rushes is running in Electron. API at ${stack.profile.apiUrl}`);
    return;
  }
  const web = await startWeb(stack);
  console.log(`Rushes is ready at ${web.url}`);
  console.log(`API at ${stack.profile.apiUrl}`);
  console.log('Press Ctrl-C to stop.');
}

main().catch(async (error: unknown) => {
  if (error instanceof PortInUseError || error instanceof ConfigError) {
    console.error(`Rushes could not start: ${error.message}`);
  } else {
    console.error('Rushes could not start:', error instanceof Error ? error.message : error);
    if (process.env['RUSHES_DEBUG']) console.error(error);
  }
  await shutdown(1);
});
