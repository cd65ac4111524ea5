import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CognitoStandin {
  endpoint: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * cognito-local as a child process (it keeps its state in `.cognito/` under its working
 * directory, which we point into the data dir). Its log goes to a file, not the terminal.
 */
export async function startCognitoStandin(options: { dataDir: string; port: number }): Promise<CognitoStandin> {
  const cwd = path.join(options.dataDir, 'cognito');
  const logDir = path.join(options.dataDir, 'logs');
  await mkdir(cwd, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, 'cognito-local.log'), { flags: 'a' });
  const entry = path.join(path.dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');

  const child = spawn(process.execPath, ['-r', path.join(here, 'exit-with-parent.cjs'), entry], {
    cwd,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', NODE_OPTIONS: '', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('cognito-local did not start within 30 s; see logs/cognito-local.log')), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('Cognito Local running on')) done();
      else if (seen.length > 65_536) seen = seen.slice(-4096);
    };
    const onExit = (code: number | null) => fail(new Error(`cognito-local exited (code ${code}) before it was ready; see logs/cognito-local.log`));
    function done() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolve();
    }
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    child,
    stop: () =>
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
      }),
  };
}
