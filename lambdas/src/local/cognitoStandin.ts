import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { systemClock, type Clock } from '../ports';
import { AdminExtendedHandler } from './cognitoAdminExtensions';
import { startCognitoGuard, type SignInEvent, type SignOuts } from './cognitoGuard';

export interface CognitoStandin {
  /** The guard's address: what clients and token issuers see. */
  endpoint: string;
  /** The full Cognito API (admin calls included), for this process only. */
  adminClient: CognitoIdentityProviderClient;
  child: ChildProcess;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * cognito-local as a child process, listening on a private Unix socket (a named pipe on
 * Windows) rather than a TCP port, behind the guard (see cognitoGuard.ts). It keeps its
 * state in `.cognito/` under its working directory, inside the data dir; its log goes to
 * `logs/cognito-local.log`. If it dies after start, `onUnexpectedExit` is told.
 */
export async function startCognitoStandin(startOptions: {
  dataDir: string;
  port: number;
  onUnexpectedExit?: (code: number | null) => void;
  /** The lockout's and global sign-out's clock (the system's unless a test gives one). */
  clock?: Clock;
  /** Failed codes and lockouts, for the audit log. */
  onSignInEvent?: (event: SignInEvent) => void;
}): Promise<CognitoStandin> {
  const options = { ...startOptions, clock: startOptions.clock ?? systemClock };
  const cwd = path.join(options.dataDir, 'cognito');
  const logDir = path.join(options.dataDir, 'logs');
  // It stores passwords and refresh tokens in plain JSON: only this user may read them.
  await mkdir(path.join(cwd, '.cognito'), { recursive: true, mode: 0o700 });
  await mkdir(logDir, { recursive: true, mode: 0o700 });
  await chmod(cwd, 0o700);
  const endpoint = `http://127.0.0.1:${options.port}`;
  // Tokens name the guard as issuer; this file is cognito-local's own config store.
  await writeFile(path.join(cwd, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2));

  // A short private path: Unix socket paths are limited to ~100 bytes.
  const socketDir = process.platform === 'win32' ? null : await mkdtemp(path.join(os.tmpdir(), 'rushes-cognito-'));
  const socketPath = socketDir ? path.join(socketDir, 'cognito.sock') : `\\\\.\\pipe\\rushes-cognito-${randomBytes(8).toString('hex')}`;

  const log = createWriteStream(path.join(logDir, 'cognito-local.log'), { flags: 'a', mode: 0o600 });
  const entry = path.join(path.dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');
  const child = spawn(
    process.execPath,
    ['-r', path.join(here, 'exit-with-parent.cjs'), '-r', path.join(here, 'listen-on-socket.cjs'), entry],
    {
      cwd,
      env: { ...process.env, RUSHES_LISTEN_SOCKET: socketPath, HOST: '127.0.0.1', NODE_OPTIONS: '', FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const removeSocketDir = async () => {
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(child);
  } catch (error) {
    child.kill('SIGKILL');
    await removeSocketDir();
    throw error;
  }

  let stopping = false;
  child.once('exit', (code) => {
    if (!stopping) options.onUnexpectedExit?.(code);
  });

  const signOuts: SignOuts = new Map();
  let guard: Awaited<ReturnType<typeof startCognitoGuard>>;
  try {
    guard = await startCognitoGuard({
      port: options.port,
      upstreamSocket: socketPath,
      clock: options.clock,
      signOuts,
      ...(options.onSignInEvent ? { onEvent: options.onSignInEvent } : {}),
    });
  } catch (error) {
    stopping = true;
    child.kill('SIGKILL');
    await removeSocketDir();
    throw error;
  }

  const agent = new http.Agent({ keepAlive: true });
  // Every connection of this agent goes to cognito-local's socket.
  (agent as unknown as { createConnection: () => net.Socket }).createConnection = () => net.connect(socketPath);
  const adminClient = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: 'http://cognito-local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new AdminExtendedHandler({ httpAgent: agent }, { socketPath, clock: options.clock, signOuts }),
  });

  const stopChild = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });

  return {
    endpoint,
    adminClient,
    child,
    stop: async () => {
      stopping = true;
      adminClient.destroy();
      agent.destroy();
      await guard.stop();
      await stopChild();
      log.end();
      await removeSocketDir();
    },
  };
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error('cognito-local did not start within 30 s; see logs/cognito-local.log')), 30_000);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-8192);
      if (seen.includes('Cognito Local running on')) finish(null);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`cognito-local exited (code ${code}) before it was ready; see logs/cognito-local.log`));
    function finish(error: Error | null) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
