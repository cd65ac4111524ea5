import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCognitoGuard } from './cognitoGuard';

export interface CognitoStandin {
  endpoint: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * cognito-local as a child process on an internal port (it keeps its state in `.cognito/`
 * under its working directory, which we point into the data dir), behind the guard that
 * gives sign-in Cognito's semantics. Clients and token issuers see only the guard's port.
 * cognito-local's log goes to a file, not the terminal.
 */
export async function startCognitoStandin(options: { dataDir: string; port: number }): Promise<CognitoStandin> {
  const cwd = path.join(options.dataDir, 'cognito');
  const logDir = path.join(options.dataDir, 'logs');
  await mkdir(path.join(cwd, '.cognito'), { recursive: true });
  await mkdir(logDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  // Tokens name the guard as issuer; this file is cognito-local's own config store.
  await writeFile(path.join(cwd, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2));
  const log = createWriteStream(path.join(logDir, 'cognito-local.log'), { flags: 'a' });
  const entry = path.join(path.dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');

  const child = spawn(process.execPath, ['-r', path.join(here, 'exit-with-parent.cjs'), entry], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: '', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  const upstreamPort = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('cognito-local did not start within 30 s; see logs/cognito-local.log')), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const ready = /Cognito Local running on https?:\/\/[^:\s]+:(\d+)/.exec(seen);
      if (ready?.[1]) done(Number(ready[1]));
      else if (seen.length > 65_536) seen = seen.slice(-4096);
    };
    const onExit = (code: number | null) => fail(new Error(`cognito-local exited (code ${code}) before it was ready; see logs/cognito-local.log`));
    function done(port: number) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolve(port);
    }
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  let guard: Awaited<ReturnType<typeof startCognitoGuard>>;
  try {
    guard = await startCognitoGuard({ port: options.port, upstreamPort });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const stopChild = () =>
    new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          log.end();
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          log.end();
          resolve();
        });
        child.kill('SIGTERM');
      });
  return {
    endpoint,
    child,
    stop: async () => {
      await guard.stop();
      await stopChild();
    },
  };
}
