// Processes a benchmark runs: the clients it measures (our workers, the aws CLI), each with an
// event loop of its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workers = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'workers');

/** Runs `command` to its end; resolves with what it printed, rejects on a non-zero exit. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

/** One of `workers/NAME.ts` in a Node process of its own; its answer is the JSON line it prints. */
export async function runWorker<T>(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<T> {
  const out = await run(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(workers, `${name}.ts`)], { ...process.env, ...env });
  return JSON.parse(out) as T;
}
