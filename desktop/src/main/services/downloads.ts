import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DomainError, isFinished, type DownloadLink, type TransferState, type TransferView } from '@rushes/shared';
import { TransferRate } from './transferRate';

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
  /** Backoff before attempt n+1 (ms); attempts stop after `maxAttempts`. */
  backoffMs?: (attempt: number) => number;
  maxAttempts?: number;
  now?: () => number;
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
  controller: AbortController | null;
  /** Why the running attempt was stopped: the user paused or cancelled it. */
  stopReason: 'pause' | 'cancel' | null;
  readonly rate: TransferRate;
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
  private readonly jobs = new Map<string, Job>();
  private readonly dirty = new Set<string>();
  private readonly reserved = new Set<string>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private running = 0;
  private disposed = false;
  private readonly fetchImpl: typeof fetch;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly now: () => number;

  constructor(private readonly deps: DownloadManagerDeps) {
    this.fetchImpl = deps.fetch ?? fetch;
    this.concurrency = deps.concurrency ?? 3;
    this.maxAttempts = deps.maxAttempts ?? 4;
    this.backoffMs = deps.backoffMs ?? ((attempt) => Math.min(30_000, 1_000 * 2 ** (attempt - 1)));
    this.now = deps.now ?? Date.now;
  }

  /** Queues the assets; the folder must exist and be writable. */
  async start(assetIds: readonly string[], folder: string): Promise<TransferView[]> {
    const resolved = path.resolve(folder);
    await checkFolder(resolved);
    const added: Job[] = [];
    for (const assetId of new Set(assetIds)) {
      const job: Job = {
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
        controller: null,
        stopReason: null,
        rate: new TransferRate(this.now),
      };
      this.jobs.set(job.id, job);
      added.push(job);
    }
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
    for (const job of added) this.touch(job);
    this.pump();
    return added.map(view);
  }

  list(): TransferView[] {
    return [...this.jobs.values()].map(view);
  }

  pause(ids: readonly string[]): TransferView[] {
    return this.each(ids, (job) => {
      if (job.state === 'queued') this.setState(job, 'paused');
      else if (job.state === 'running') this.stop(job, 'pause');
    });
  }

  resume(ids: readonly string[]): TransferView[] {
    return this.each(ids, (job) => {
      if (job.state === 'paused') this.setState(job, 'queued');
    });
  }

  cancel(ids: readonly string[]): TransferView[] {
    return this.each(ids, (job) => {
      if (job.state === 'running') this.stop(job, 'cancel');
      else if (!isFinished(job.state)) void this.finishCancelled(job);
    });
  }

  retry(ids: readonly string[]): TransferView[] {
    return this.each(ids, (job) => {
      if (job.state === 'failed' || job.state === 'cancelled') {
        job.error = null;
        job.finishedAt = null;
        if (job.state === 'cancelled') job.bytesDone = 0;
        this.setState(job, 'queued');
      }
    });
  }

  clearFinished(): TransferView[] {
    for (const job of [...this.jobs.values()]) {
      if (isFinished(job.state)) {
        this.jobs.delete(job.id);
        this.dirty.delete(job.id);
      }
    }
    return this.list();
  }

  /** Pauses everything running (e.g. on sign-out: the links need a session). */
  pauseAll(): void {
    this.pause([]);
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) if (job.state === 'running') this.stop(job, 'pause');
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
  }

  private each(ids: readonly string[], action: (job: Job) => void): TransferView[] {
    const targets = ids.length === 0 ? [...this.jobs.values()] : ids.map((id) => this.jobs.get(id)).filter((job): job is Job => !!job);
    for (const job of targets) action(job);
    this.pump();
    return targets.map(view);
  }

  private stop(job: Job, reason: 'pause' | 'cancel'): void {
    job.stopReason = reason;
    job.controller?.abort();
  }

  private pump(): void {
    if (this.disposed) return;
    for (const job of this.jobs.values()) {
      if (this.running >= this.concurrency) return;
      if (job.state !== 'queued') continue;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    job.stopReason = null;
    job.startedAt ??= new Date(this.now()).toISOString();
    this.setState(job, 'running');
    for (let attempt = 1; ; attempt++) {
      job.controller = new AbortController();
      job.rate.reset();
      try {
        await this.attempt(job, job.controller.signal);
        job.controller = null;
        job.finishedAt = new Date(this.now()).toISOString();
        this.setState(job, 'succeeded');
        return;
      } catch (error) {
        job.controller = null;
        if (job.stopReason === 'cancel') return this.finishCancelled(job);
        if (job.stopReason === 'pause') return this.setState(job, 'paused');
        if (this.disposed) return;
        const permanent = error instanceof Permanent;
        if (permanent || attempt >= this.maxAttempts) {
          job.error = describeFailure(error, job);
          job.finishedAt = new Date(this.now()).toISOString();
          return this.setState(job, 'failed');
        }
        await delay(this.backoffMs(attempt));
        if (job.stopReason || this.disposed) {
          if (job.stopReason === 'cancel') return this.finishCancelled(job);
          return this.setState(job, 'paused');
        }
      }
    }
  }

  private async attempt(job: Job, signal: AbortSignal): Promise<void> {
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
    this.touch(job);

    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        job.bytesDone += chunk.length;
        job.rate.sample(job.bytesDone);
        this.touch(job);
        callback(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(part, { flags: appending ? 'a' : 'w', mode: 0o644 }),
      { signal },
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
    job.bytesDone = 0;
    job.finishedAt = new Date(this.now()).toISOString();
    this.setState(job, 'cancelled');
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

  private setState(job: Job, state: TransferState): void {
    job.state = state;
    if (state !== 'running') job.rate.reset();
    this.touch(job);
  }

  private touch(job: Job): void {
    this.dirty.add(job.id);
    if (this.notifyTimer || this.disposed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      const changed = [...this.dirty].map((id) => this.jobs.get(id)).filter((j): j is Job => !!j);
      this.dirty.clear();
      if (changed.length > 0) this.deps.onChange(changed.map(view));
    }, this.deps.notifyMs ?? 250);
  }
}

function view(job: Job): TransferView {
  const running = job.state === 'running';
  return {
    id: job.id,
    kind: 'download',
    name: job.name,
    destination: job.folder,
    bytesDone: job.bytesDone,
    bytesTotal: job.bytesTotal,
    state: job.state,
    error: job.error,
    bytesPerSecond: running ? job.rate.bytesPerSecond() : 0,
    etaSeconds: running ? job.rate.etaSeconds(job.bytesTotal - job.bytesDone) : null,
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
