import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DomainError, type DownloadLink, type TransferState, type TransferView } from '@rushes/shared';
import { systemClock, type Clock } from './transfers/clock';
import { TransferQueue, exponentialBackoff, withRetry, type ActiveTransfer, type RunOutcome } from './transfers/queue';

/** A partial download sits beside its target under this suffix until it is complete. */
export const PART_SUFFIX = '.rushes-part';

export interface DownloadManagerDeps {
  /** Fresh presigned URLs for assets the user may read (the API checks). */
  links(ids: string[]): Promise<DownloadLink[]>;
  /** Called with the transfers that changed, at most every `notifyMs`. */
  onChange(changed: TransferView[]): void;
  fetch?: typeof fetch;
  concurrency?: number;
  notifyMs?: number;
  /** Backoff before attempt n+1 (ms), before jitter; attempts stop after `maxAttempts`. */
  backoffMs?: (attempt: number) => number;
  maxAttempts?: number;
  /** The system clock in the app; tests drive their own. */
  clock?: Clock;
}

interface Job {
  readonly id: string;
  readonly assetId: string;
  readonly folder: string;
  name: string;
  bytesTotal: number;
  bytesDone: number;
  state: TransferState;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The file this download ends as; chosen on first start so retries resume the same part. */
  target: string | null;
}

/** Thrown inside an attempt when trying again cannot help. */
class Permanent extends Error {}

/**
 * Downloads library assets to a local folder, a few at a time, with progress by bytes,
 * pause (keeps the partial file and resumes it with a Range request), cancel, retry with
 * backoff, and fresh presigned URLs for each attempt (they live minutes). Existing files are
 * never overwritten: a name already taken gets ` (2)`, ` (3)`, … before its extension.
 */
export class DownloadManager {
  private readonly queue: TransferQueue<Job>;
  private readonly reserved = new Set<string>();
  private readonly fetchImpl: typeof fetch;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly clock: Clock;

  constructor(private readonly deps: DownloadManagerDeps) {
    this.fetchImpl = deps.fetch ?? fetch;
    this.maxAttempts = deps.maxAttempts ?? 4;
    this.backoffMs = deps.backoffMs ?? exponentialBackoff(1_000);
    this.clock = deps.clock ?? systemClock;
    this.queue = new TransferQueue<Job>({
      concurrency: deps.concurrency ?? 3,
      clock: this.clock,
      notifyMs: deps.notifyMs ?? 250,
      run: (job, active) => this.run(job, active),
      settle: (job, outcome) => this.settle(job, outcome),
      cancelIdle: (job) => this.finishCancelled(job),
      retryPatch: (job) => ({ error: null, finishedAt: null, ...(job.state === 'cancelled' ? { bytesDone: 0 } : {}) }),
      view,
      onChange: deps.onChange,
    });
  }

  /** Queues the assets; the folder must exist and be writable. */
  async start(assetIds: readonly string[], folder: string): Promise<TransferView[]> {
    const resolved = path.resolve(folder);
    await checkFolder(resolved);
    const added: Job[] = [...new Set(assetIds)].map((assetId) => ({
      id: randomUUID(),
      assetId,
      folder: resolved,
      name: assetId,
      bytesTotal: 0,
      bytesDone: 0,
      state: 'queued',
      error: null,
      startedAt: null,
      finishedAt: null,
      target: null,
    }));
    // Names and sizes now, so the panel shows real names at once (one call per 500).
    const ids = added.map((job) => job.assetId);
    for (let i = 0; i < ids.length; i += 500) {
      const links = await this.deps.links(ids.slice(i, i + 500));
      const byId = new Map(links.map((link) => [link.id, link]));
      for (const job of added.slice(i, i + 500)) {
        const link = byId.get(job.assetId);
        if (link) {
          job.name = link.name;
          job.bytesTotal = link.size;
        }
      }
    }
    const views = added.map((job) => view(job, undefined));
    this.queue.add(added);
    return views;
  }

  list(): TransferView[] {
    return this.queue.list();
  }

  pause(ids: readonly string[]): TransferView[] {
    this.queue.pause(ids);
    return this.views(ids);
  }

  resume(ids: readonly string[]): TransferView[] {
    this.queue.resume(ids);
    return this.views(ids);
  }

  cancel(ids: readonly string[]): TransferView[] {
    this.queue.cancel(ids);
    return this.views(ids);
  }

  retry(ids: readonly string[]): TransferView[] {
    this.queue.retry(ids);
    return this.views(ids);
  }

  clearFinished(): TransferView[] {
    this.queue.clearFinished();
    return this.list();
  }

  /** Pauses everything running (e.g. on sign-out: the links need a session). */
  pauseAll(): void {
    this.queue.pause([]);
  }

  dispose(): void {
    this.queue.dispose();
  }

  /** Resolves when nothing is running and nothing queued could start. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private views(ids: readonly string[]): TransferView[] {
    return this.queue.select(ids).map((job) => this.queue.view(job));
  }

  private async run(job: Job, active: ActiveTransfer): Promise<void> {
    job.startedAt ??= this.isoNow();
    await withRetry(
      () => {
        active.rate.reset();
        return this.attempt(job, active);
      },
      {
        attempts: this.maxAttempts,
        backoffMs: this.backoffMs,
        clock: this.clock,
        signal: active.signal,
        classify: (error) => (error instanceof Permanent ? 'stop' : 'wait'),
      },
    );
  }

  private async settle(job: Job, outcome: RunOutcome): Promise<void> {
    if (outcome.kind === 'succeeded') return this.queue.update(job, { state: 'succeeded', finishedAt: this.isoNow() });
    if (outcome.kind === 'failed') {
      return this.queue.update(job, { state: 'failed', error: describeFailure(outcome.error, job), finishedAt: this.isoNow() });
    }
    if (outcome.as === 'cancelled') return this.finishCancelled(job);
    // Paused, signed out or quitting: the partial file stays for a Range request later.
    this.queue.update(job, { state: outcome.as === 'queued' ? 'queued' : 'paused' });
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private async attempt(job: Job, { signal, rate }: ActiveTransfer): Promise<void> {
    const [link] = await this.deps.links([job.assetId]).catch((error: unknown) => {
      // The API refusing (gone, no longer readable) will not change on a retry.
      if (error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) {
        throw new Permanent(error.message);
      }
      throw error;
    });
    if (!link) throw new Permanent('The file is no longer in the library, or you may no longer read it.');
    job.name = link.name;
    job.bytesTotal = link.size;
    job.target ??= await this.reserveTarget(job.folder, link.name);
    const part = job.target + PART_SUFFIX;

    const have = await sizeOf(part);
    const resumeFrom = have > 0 && have < link.size ? have : 0;
    const response = await this.fetchImpl(link.url, {
      signal,
      headers: resumeFrom > 0 ? { range: `bytes=${resumeFrom}-` } : {},
    });
    if (response.status === 404) throw new Permanent('The file is no longer in storage.');
    if (response.status === 403) throw new Error('Storage refused the link (it may have expired); a new one is fetched on retry.');
    if (!response.ok || !response.body) throw new Error(`Storage answered ${response.status}.`);
    const appending = response.status === 206 && resumeFrom > 0;
    job.bytesDone = appending ? resumeFrom : 0;
    this.queue.touch(job.id);

    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        job.bytesDone += chunk.length;
        rate.sample(job.bytesDone);
        this.queue.touch(job.id);
        callback(null, chunk);
      },
    });
    await writeUntilStopped(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(part, { flags: appending ? 'a' : 'w', mode: 0o644 }),
      signal,
    );
    const written = await sizeOf(part);
    if (written !== link.size) {
      await unlink(part).catch(() => undefined);
      throw new Error(`Received ${written} of ${link.size} bytes.`);
    }
    // The name was free when reserved; if another program took it meanwhile, pick again.
    if (await exists(job.target)) {
      this.reserved.delete(job.target);
      job.target = await this.reserveTarget(job.folder, link.name);
    }
    await rename(part, job.target);
    this.reserved.delete(job.target);
  }

  private async finishCancelled(job: Job): Promise<void> {
    if (job.target) {
      await unlink(job.target + PART_SUFFIX).catch(() => undefined);
      this.reserved.delete(job.target);
      job.target = null;
    }
    this.queue.update(job, { state: 'cancelled', bytesDone: 0, finishedAt: this.isoNow() });
  }

  /** A free name in the folder, not taken on disk, by a partial download, or by another job. */
  private async reserveTarget(folder: string, name: string): Promise<string> {
    const safe = safeFileName(name);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    for (let n = 1; n < 10_000; n++) {
      const candidate = path.join(folder, n === 1 ? safe : `${stem} (${n})${ext}`);
      if (this.reserved.has(candidate)) continue;
      if ((await exists(candidate)) || (await exists(candidate + PART_SUFFIX))) continue;
      this.reserved.add(candidate);
      return candidate;
    }
    throw new Permanent(`Could not find a free name for "${name}" in ${folder}.`);
  }
}

function view(job: Job, active: ActiveTransfer | undefined): TransferView {
  return {
    id: job.id,
    kind: 'download',
    name: job.name,
    destination: job.folder,
    bytesDone: job.bytesDone,
    bytesTotal: job.bytesTotal,
    state: job.state,
    error: job.error,
    bytesPerSecond: active ? active.rate.bytesPerSecond() : 0,
    etaSeconds: active ? active.rate.etaSeconds(job.bytesTotal - job.bytesDone) : null,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The asset name as a single file name: never a path, whatever the server sent. */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+$/, '_')
    .trim();
  return cleaned.length > 0 ? cleaned : 'download';
}

async function checkFolder(folder: string): Promise<void> {
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new DomainError('VALIDATION_FAILED', `There is no folder at ${folder}.`, 'folder');
  }
  if (!info.isDirectory()) throw new DomainError('VALIDATION_FAILED', `${folder} is a file, not a folder.`, 'folder');
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new DomainError('VALIDATION_FAILED', `Rushes may not write to ${folder}.`, 'folder');
  }
}

function describeFailure(error: unknown, job: Job): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return `The disk holding ${job.folder} is full.`;
  if (code === 'EACCES' || code === 'EPERM') return `Rushes may not write to ${job.folder}.`;
  if (code === 'ENOENT') return `The folder ${job.folder} is gone.`;
  if (error instanceof Permanent) return error.message;
  if (error instanceof DomainError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Download failed after several attempts: ${message}`;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Streams `source` through `counter` into `file`. When `signal` aborts (pause, sign-out, quit),
 * the source stops but every byte already counted is still written before the file closes, so
 * the partial file holds what the progress said and a resume asks for exactly the rest; then it
 * throws. A source that fails mid-way fails the write.
 */
async function writeUntilStopped(source: Readable, counter: Transform, file: Writable, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    source.destroy();
    file.destroy();
    throw signal.reason;
  }
  let stopped = false;
  const stop = () => {
    stopped = true;
    source.unpipe(counter);
    source.destroy();
    counter.end();
  };
  source.once('error', (error) => {
    if (!stopped) counter.destroy(error);
  });
  signal.addEventListener('abort', stop, { once: true });
  try {
    const written = pipeline(counter, file);
    source.pipe(counter);
    await written;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (stopped) throw signal.reason;
}
