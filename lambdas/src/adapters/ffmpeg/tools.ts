import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BURN_IN_SPEC } from '@rushes/shared';

/** Which ffmpeg and ffprobe ingest runs, and where they came from, for the start-up log. */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** `system` (on PATH, e.g. Debian's apt package) or `npm` (@ffmpeg-installer, @ffprobe-installer). */
  readonly source: 'system' | 'npm';
  /** ffmpeg's first version line. */
  readonly version: string;
}

/**
 * A system ffmpeg/ffprobe when both run (distributions keep them patched and current),
 * else the binaries the npm packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe
 * ship inside the registry tarballs (an ffmpeg 4.1 build from 2018: it works, but is old).
 * Returns null when neither exists, so the caller can say what to install.
 */
export function findFfmpegTools(env: { PATH?: string | undefined } = process.env): FfmpegTools | null {
  const ffmpeg = onPath('ffmpeg', env.PATH);
  const ffprobe = onPath('ffprobe', env.PATH);
  const systemVersion = ffmpeg && ffprobe && versionOf(ffprobe, env) ? versionOf(ffmpeg, env) : null;
  if (ffmpeg && ffprobe && systemVersion) return { ffmpeg, ffprobe, source: 'system', version: systemVersion };
  const shipped = npmShipped();
  if (shipped) {
    const version = versionOf(shipped.ffmpeg, env);
    if (version && versionOf(shipped.ffprobe, env)) return { ...shipped, source: 'npm', version };
  }
  return null;
}

function onPath(name: string, searchPath: string | undefined): string | null {
  const file = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, file);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function versionOf(command: string, env: { PATH?: string | undefined }): string | null {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, PATH: env.PATH ?? '' } });
  if (result.status !== 0 || typeof result.stdout !== 'string') return null;
  return result.stdout.split('\n')[0]?.trim() || null;
}

function npmShipped(): { ffmpeg: string; ffprobe: string } | null {
  const require = createRequire(import.meta.url);
  try {
    const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
    return { ffmpeg, ffprobe };
  } catch {
    return null; // optional dependencies: absent on platforms they do not cover
  }
}

/**
 * The codecs this ffmpeg can decode, from `ffmpeg -decoders`: a decoder named after its
 * codec (`prores`), or one that says `(codec av1)` (libdav1d).
 */
export async function decodableCodecs(ffmpeg: string): Promise<ReadonlySet<string>> {
  const { stdout } = await run(ffmpeg, ['-hide_banner', '-decoders'], { timeoutMs: 30_000 });
  return parseDecoders(stdout);
}

export function parseDecoders(listing: string): ReadonlySet<string> {
  const codecs = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = /^\s*[VAS][.A-Z]{5}\s+(\S+)\s+(.*)$/.exec(line);
    if (!match || match[1] === '=') continue;
    codecs.add(/\(codec ([^)]+)\)\s*$/.exec(match[2]!)?.[1] ?? match[1]!);
  }
  return codecs;
}

export interface RunResult {
  readonly stdout: string;
  /** The end of stderr, where ffmpeg says what went wrong. */
  readonly stderrTail: string;
}

export class ProcessFailed extends Error {
  override name = 'ProcessFailed';
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(`${command} ${signal ? `was killed (${signal})` : `exited with ${code}`}: ${lastLine(stderrTail)}`);
  }
}

/**
 * Runs a program with arguments (never through a shell, so no name is ever interpreted),
 * collects stdout and the end of stderr, and kills it on abort or after `timeoutMs`.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason ?? new Error('aborted'));
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderrTail = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4096);
    });
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(kill, options.timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      if (options.signal?.aborted) return reject(options.signal.reason ?? new Error('aborted'));
      if (code === 0) resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderrTail });
      else reject(new ProcessFailed(command.split('/').pop() ?? command, code, signal, stderrTail));
    });
  });
}

export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/**
 * ffmpeg's messages for a source it could not fetch (worth another try), as opposed to data
 * it could not make sense of (not worth one).
 */
export function isFetchTrouble(stderr: string): boolean {
  return /Server returned|Connection refused|Connection timed out|Operation timed out|Network is unreachable|No route to host|Failed to resolve|Input\/output error|Broken pipe|Connection reset/i.test(
    stderr,
  );
}

/** Protocols ffmpeg may use for a source: presigned URLs only, never `file:` or playlist tricks. */
export const SOURCE_PROTOCOLS = 'http,https,tcp,tls';

/** The burn-in font if this machine has it (Debian: fonts-dejavu-core), else null: drawtext then asks fontconfig. */
export function burnInFont(): string | null {
  try {
    accessSync(BURN_IN_SPEC.fontFile, constants.R_OK);
    return BURN_IN_SPEC.fontFile;
  } catch {
    return null;
  }
}
