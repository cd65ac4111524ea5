import { access, constants, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  readTransferManifest,
  transferManifestKey,
  transferResultKey,
  type TransferEntry,
  type TransferManifest,
  type TransferResult,
} from '@rushes/shared';
import { TransferRefused, type TransferExecutor, type TransferLaunch, type TransferReports } from '../ports';
import { SizeMismatch, downloadObject, type Downloaded } from './objectDownload';
import {
  SHARE_PHRASES,
  lstatOrNull,
  openPart,
  removeEmptiedFolders,
  resolveShareRoot,
  sameFile,
  shareFolder,
  shareReason,
} from './shareFiles';

type ResultEntry = TransferResult['entries'][number];

/**
 * Files copied at once. Small files are bound by per-file round trips (GET, open, rename),
 * which a few at once hide; large media is bound by CPU on a 2-core machine (receiving,
 * hashing, writing), where more streams do not add throughput. At most half the slots take
 * large files, so a card's sidecar files keep flowing beside its clips.
 */
export const DEFAULT_FILES_AT_ONCE = 4;
/** From this size a file counts as large for the slots above. */
export const LARGE_FILE_BYTES = 64 * 1024 ** 2;
/** Progress reports per job and second, at most (each one may be a catalog write). */
const PROGRESS_PER_SECOND = 4;
/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a job stops early; also the phrase every file not done is failed with. */
const CANCELLED = 'cancelled';
const TIMED_OUT = 'timed out';

export interface LocalTransferExecutorOptions {
  s3: S3Client;
  reports: TransferReports;
  filesAtOnce?: number;
}

interface RunningJob {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Local mode's workstation: runs a transfer manifest against a folder on this machine, with
 * the same verification, safety rules, result format and failure phrases as the Linux
 * script the SSM document runs (transfers/scripts/rushes-transfer.sh). A copy streams the
 * object into `<name>.rushes-part`, hashing SHA-256 in the same pass, and renames it only
 * when size and checksum match the manifest; a remove deletes only a file whose checksum
 * still matches. Running a manifest again resumes it: what is already there is `present`.
 * The result goes next to the manifest (`result.json`) before the core hears of it, as in
 * the cloud.
 */
export class LocalTransferExecutor implements TransferExecutor {
  readonly platforms = ['local'] as const;
  private readonly running = new Map<string, RunningJob>();
  private readonly filesAtOnce: number;

  constructor(private readonly options: LocalTransferExecutorOptions) {
    const filesAtOnce = options.filesAtOnce ?? DEFAULT_FILES_AT_ONCE;
    if (!Number.isInteger(filesAtOnce) || filesAtOnce < 1 || filesAtOnce > 64)
      throw new RangeError('filesAtOnce must be a whole number from 1 to 64');
    this.filesAtOnce = filesAtOnce;
  }

  async start(launch: TransferLaunch): Promise<{ commandId: string | null }> {
    if (launch.workstation.platform !== 'local') throw new TransferRefused('This workstation is not a folder on this machine');
    if (launch.manifest.key !== transferManifestKey(launch.jobId))
      throw new TransferRefused('The transfer manifest is not where a manifest belongs');
    if (this.running.has(launch.jobId)) throw new TransferRefused('This transfer is already running');
    const root = await resolveShareRoot(launch.workstation.shareRoot);
    if (!root) throw new TransferRefused(SHARE_PHRASES.noShare);
    try {
      // Root ignores modes, but a read-only mount still answers EROFS here.
      await access(root, constants.W_OK);
    } catch {
      throw new TransferRefused('the share root is not writable on this workstation');
    }
    const controller = new AbortController();
    // SSM ends a command at its execution timeout; the local job does the same.
    const timer = setTimeout(() => controller.abort(TIMED_OUT), Math.min(launch.timeoutSeconds * 1000, MAX_TIMER_MS));
    const done = this.run(launch, controller.signal)
      .catch((error: unknown) => console.error(`Rushes: transfer ${launch.jobId} could not report its end`, error))
      .finally(() => {
        clearTimeout(timer);
        this.running.delete(launch.jobId);
      });
    this.running.set(launch.jobId, { controller, done });
    return { commandId: null };
  }

  async cancel(launch: TransferLaunch): Promise<void> {
    const job = this.running.get(launch.jobId);
    if (!job) return; // already ended: its result stands
    job.controller.abort(CANCELLED);
    await job.done;
  }

  /** Resolves when the job, if running, has ended and reported (for shutdown and tests). */
  async settled(jobId: string): Promise<void> {
    await this.running.get(jobId)?.done;
  }

  private async run(launch: TransferLaunch, signal: AbortSignal): Promise<void> {
    const result = await this.execute(launch, signal);
    try {
      await this.options.s3.send(
        new PutObjectCommand({
          Bucket: launch.manifest.bucket,
          Key: transferResultKey(launch.jobId),
          Body: JSON.stringify(result),
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      console.error(`Rushes: transfer ${launch.jobId} could not write its result`, error);
      await this.options.reports.finished(launch.jobId, { error: 'the result could not be written to S3' });
      return;
    }
    await this.options.reports.finished(launch.jobId, { result });
  }

  /** The whole job; never throws: whatever goes wrong ends up in the result. */
  private async execute(launch: TransferLaunch, signal: AbortSignal): Promise<TransferResult> {
    let text: string;
    try {
      const object = await this.options.s3.send(new GetObjectCommand({ Bucket: launch.manifest.bucket, Key: launch.manifest.key }), {
        abortSignal: signal,
      });
      text = await object.Body!.transformToString();
    } catch {
      return jobFailed(launch.jobId, [], signal.aborted ? String(signal.reason) : 'the manifest could not be read from S3');
    }
    let manifest: TransferManifest;
    try {
      manifest = readTransferManifest(text);
    } catch {
      // The script's own test: the first line is exactly `{"version":1,` in any manifest writeTransferManifest made.
      return jobFailed(
        launch.jobId,
        indexesIn(text),
        /^\{"version":1,\n/.test(text) ? 'the manifest is incomplete' : 'the manifest is not version 1',
      );
    }
    const indexes = manifest.entries.map((_, index) => index);
    if (manifest.jobId !== launch.jobId) return jobFailed(launch.jobId, indexes, 'the manifest belongs to another job');
    if (manifest.operation !== launch.operation || manifest.shareRoot !== launch.workstation.shareRoot) {
      return jobFailed(launch.jobId, indexes, 'the manifest does not match the job');
    }
    const root = await resolveShareRoot(manifest.shareRoot);
    if (!root) return jobFailed(launch.jobId, indexes, SHARE_PHRASES.noShare);

    const progress = new ProgressThrottle((index, bytes) => this.options.reports.progress(launch.jobId, index, bytes));
    const folders = new Map<string, Promise<string | null>>();
    const share: Share = {
      s3: this.options.s3,
      bucket: manifest.bucket,
      root,
      signal,
      progress: (index, bytes) => progress.report(index, bytes),
      // Files of one folder share the walk (and its checks) instead of racing to make it.
      folder: (segments) => {
        const relative = segments.join('/');
        let found = folders.get(relative);
        if (!found) {
          found = shareFolder(root, segments, manifest.operation === 'copy');
          folders.set(relative, found);
          found.catch(() => folders.delete(relative));
        }
        return found;
      },
    };
    const entries: ResultEntry[] = new Array<ResultEntry>(manifest.entries.length);
    try {
      const queue = new FileQueue(manifest.entries, this.filesAtOnce);
      await Promise.all(
        Array.from({ length: Math.min(this.filesAtOnce, manifest.entries.length) }, async () => {
          for (let index = queue.next(); index !== undefined; index = queue.next()) {
            const entry = manifest.entries[index]!;
            entries[index] = signal.aborted
              ? failed(index, String(signal.reason))
              : manifest.operation === 'copy'
                ? await copyFile(share, index, entry)
                : await removeFile(share, index, entry);
            queue.done(index);
          }
        }),
      );
    } finally {
      progress.stop();
    }
    return { version: 1, jobId: launch.jobId, error: null, entries };
  }
}

/** What one file's work needs from its job. */
interface Share {
  s3: S3Client;
  /** The media bucket the manifest names. */
  bucket: string;
  /** The share root, resolved. */
  root: string;
  signal: AbortSignal;
  progress(index: number, bytes: number): void;
  /** The real folder of these segments below the root (made for a copy), null when missing. */
  folder(segments: readonly string[]): Promise<string | null>;
}

function failed(index: number, error: string, bytes: number | null = null, sha256: string | null = null): ResultEntry {
  return { index, status: 'failed', bytes, sha256, error };
}

function jobFailed(jobId: string, indexes: readonly number[], error: string): TransferResult {
  return { version: 1, jobId, error, entries: indexes.map((index) => failed(index, error)) };
}

/** The entries of a manifest that did not validate, found the way the script finds them. */
function indexesIn(text: string): number[] {
  return [...text.matchAll(/^\{"index":(\d+),/gm)].map((match) => Number(match[1]));
}

/** The reason for an error, unless the job was stopped, which then is the reason. */
function reasonFor(share: Share, error: unknown, fallback: string): string {
  return share.signal.aborted ? String(share.signal.reason) : shareReason(error, fallback);
}

async function copyFile(share: Share, index: number, entry: TransferEntry): Promise<ResultEntry> {
  const segments = entry.path.split('/');
  const name = segments.pop()!;
  let folder: string;
  try {
    folder = (await share.folder(segments))!;
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.folderNotMade));
  }
  const destination = path.join(folder, name);
  try {
    const found = await lstatOrNull(destination);
    if (found) {
      return (await sameFile(found, destination, entry.size, entry.sha256, share.signal))
        ? { index, status: 'present', bytes: entry.size, sha256: entry.sha256, error: null }
        : failed(index, SHARE_PHRASES.differentFile);
    }
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.copyFailed));
  }

  let part: string | undefined;
  try {
    const opened = await openPart(destination);
    part = opened.part;
    let downloaded: Downloaded;
    try {
      const source = {
        s3: share.s3,
        bucket: share.bucket,
        key: entry.key,
        size: entry.size,
        signal: share.signal,
        onBytes: (total: number) => share.progress(index, total),
      };
      downloaded = await downloadObject(source, opened.handle);
    } finally {
      // A network share may report a failed write only here.
      await opened.handle.close();
    }
    if (downloaded.sha256 !== entry.sha256)
      return await discard(part, {
        ...failed(index, SHARE_PHRASES.checksumMismatch, downloaded.bytes, downloaded.sha256),
        md5: downloaded.md5,
      });
    try {
      await rename(part, destination);
    } catch (error) {
      return await discard(part, failed(index, reasonFor(share, error, SHARE_PHRASES.notPutInPlace)));
    }
    return { index, status: 'copied', bytes: downloaded.bytes, sha256: downloaded.sha256, md5: downloaded.md5, error: null };
  } catch (error) {
    const outcome =
      error instanceof SizeMismatch && !share.signal.aborted
        ? failed(index, SHARE_PHRASES.sizeMismatch, error.bytes)
        : failed(index, reasonFor(share, error, SHARE_PHRASES.copyFailed));
    return part ? await discard(part, outcome) : outcome;
  }
}

/** Removes a part file that will not become the file, then answers `outcome`. */
async function discard(part: string, outcome: ResultEntry): Promise<ResultEntry> {
  await unlink(part).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') console.error('Rushes: a .rushes-part file could not be removed', error.code);
  });
  return outcome;
}

async function removeFile(share: Share, index: number, entry: TransferEntry): Promise<ResultEntry> {
  const segments = entry.path.split('/');
  const name = segments.pop()!;
  try {
    const folder = await share.folder(segments);
    const target = folder && path.join(folder, name);
    const found = target ? await lstatOrNull(target) : null;
    if (!target || !found) return { index, status: 'absent', bytes: null, sha256: null, error: null };
    if (!(await sameFile(found, target, entry.size, entry.sha256, share.signal)))
      return { index, status: 'changed', bytes: null, sha256: null, error: SHARE_PHRASES.changed };
    try {
      await unlink(target);
    } catch (error) {
      return failed(index, reasonFor(share, error, SHARE_PHRASES.notRemoved));
    }
    await removeEmptiedFolders(share.root, segments);
    return { index, status: 'removed', bytes: entry.size, sha256: entry.sha256, error: null };
  } catch (error) {
    return failed(index, reasonFor(share, error, SHARE_PHRASES.notRemoved));
  }
}

/**
 * Hands out the manifest's files to the job's slots in manifest order, except that large
 * files take at most half the slots: several 1 GiB clips never hold every slot while the
 * small files queue behind them.
 */
class FileQueue {
  private readonly large: number[] = [];
  private readonly small: number[] = [];
  private nextLarge = 0;
  private nextSmall = 0;
  private largeRunning = 0;
  private readonly largeSlots: number;

  constructor(
    private readonly entries: readonly TransferEntry[],
    filesAtOnce: number,
  ) {
    this.largeSlots = Math.max(1, Math.floor(filesAtOnce / 2));
    entries.forEach((entry, index) => (entry.size >= LARGE_FILE_BYTES ? this.large : this.small).push(index));
  }

  /** The next file for a free slot; undefined when this slot has nothing left it may take (the others drain the rest). */
  next(): number | undefined {
    const large = this.large[this.nextLarge];
    const small = this.small[this.nextSmall];
    if (large !== undefined && this.largeRunning < this.largeSlots && (small === undefined || large < small)) {
      this.nextLarge += 1;
      this.largeRunning += 1;
      return large;
    }
    if (small !== undefined) this.nextSmall += 1;
    return small;
  }

  done(index: number): void {
    if (this.entries[index]!.size >= LARGE_FILE_BYTES) this.largeRunning -= 1;
  }
}

/**
 * At most PROGRESS_PER_SECOND reports per job, whatever the number of files in flight:
 * the first at once, then each tick the file that has waited longest, with its latest count.
 */
class ProgressThrottle {
  private readonly pending = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;
  private stopped = false;

  constructor(private readonly emit: (index: number, bytes: number) => void) {}

  report(index: number, bytes: number): void {
    if (this.stopped) return;
    // Setting a key already waiting keeps its place: the longest-waiting file goes first.
    this.pending.set(index, bytes);
    if (this.timer) return;
    const wait = this.last + 1000 / PROGRESS_PER_SECOND - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const first = this.pending.entries().next();
    if (first.done) return;
    const [index, bytes] = first.value;
    this.pending.delete(index);
    this.last = Date.now();
    try {
      this.emit(index, bytes);
    } catch (error) {
      console.error('Rushes: a transfer progress report failed', error);
    }
    if (this.pending.size > 0 && !this.stopped) this.timer = setTimeout(() => this.flush(), 1000 / PROGRESS_PER_SECOND);
  }
}
