import { access, constants } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readTransferManifest, transferManifestKey, transferResultKey, type TransferManifest, type TransferResult } from '@rushes/shared';
import { TransferRefused, type TransferExecutor, type TransferLaunch, type TransferReports } from '../ports';
import { copyFile, failed, removeFile, type ResultEntry, type Share } from './localTransferFiles';
import { DEFAULT_FILES_AT_ONCE, FileQueue, ProgressThrottle } from './localTransferPacing';
import { SHARE_PHRASES, resolveShareRoot, shareFolder } from './shareFiles';

export { DEFAULT_FILES_AT_ONCE, LARGE_FILE_BYTES } from './localTransferPacing';

/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a job stops early; also the phrase every file not done is failed with. */
const CANCELLED = 'cancelled';
const TIMED_OUT = 'timed out';

export interface LocalTransferExecutorOptions {
  s3: S3Client;
  reports: TransferReports;
  filesAtOnce?: number;
  /**
   * Read object bodies from a plain-HTTP endpoint straight into pooled buffers
   * (localTransferHttp.ts); false sends every GET through the SDK's stream. Default true.
   */
  directReads?: boolean;
}

interface RunningJob {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Local mode's workstation: runs a transfer manifest against a folder on this machine, with
 * the same verification, safety rules, result format and failure phrases as the Linux
 * script the SSM document runs (transfers/scripts/rushes-transfer.sh); each file's work is
 * in localTransferFiles.ts, the pacing of the files in localTransferPacing.ts. Running a
 * manifest again resumes it: what is already there is `present`. The result goes next to
 * the manifest (`result.json`) before the core hears of it, as in the cloud.
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
      directReads: this.options.directReads ?? true,
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

function jobFailed(jobId: string, indexes: readonly number[], error: string): TransferResult {
  return { version: 1, jobId, error, entries: indexes.map((index) => failed(index, error)) };
}

/** The entries of a manifest that did not validate, found the way the script finds them. */
function indexesIn(text: string): number[] {
  return [...text.matchAll(/^\{"index":(\d+),/gm)].map((match) => Number(match[1]));
}
