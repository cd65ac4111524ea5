import { isDomainError, type FsxJobsUpdate, type TransferJob } from '@rushes/shared';
import type { Clock } from './clock';

/** How often running jobs are asked about: the workstation reports per file, about once a second locally. */
export const FSX_POLL_MS = 1000;
/** The newest jobs the transfer panel shows. */
export const FSX_LIST_LIMIT = 50;

/** The two reads the follower makes (the Rushes API's listTransfers and transferDetail routes). */
export interface FsxJobReader {
  list(limit: number): Promise<{ jobs: TransferJob[] }>;
  detail(id: string): Promise<TransferJob>;
}

function isActive(job: TransferJob): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/**
 * Follows the S3 ↔ edit-share jobs that are queued or running, and pushes what it learns to
 * the renderer: the newest page of the list each second, the per-file detail of running jobs
 * someone opened, and the final detail of each job once it ends. The change feed carries no
 * job events, so main asks the API; with no job running it asks nothing.
 */
export class FsxJobFollower {
  /** Active jobs, by id; a job whose detail was asked for is followed with its files. */
  private readonly following = new Map<string, { withFiles: boolean }>();
  private cancelTick: (() => void) | null = null;
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly reader: FsxJobReader,
    private readonly clock: Clock,
    private readonly push: (update: FsxJobsUpdate) => void,
    private readonly log: (message: string, error: unknown) => void = () => undefined,
  ) {}

  /** Jobs the renderer was just given (started, listed, cancelled, or opened with `withFiles`). */
  note(jobs: readonly TransferJob[], withFiles = false): void {
    for (const job of jobs) {
      if (!isActive(job)) continue;
      const known = this.following.get(job.id);
      this.following.set(job.id, { withFiles: withFiles || (known?.withFiles ?? false) });
    }
    this.schedule();
  }

  /** Signed out or switching backend: nothing more is asked or pushed until jobs are noted again. */
  stop(): void {
    this.following.clear();
    this.cancelTick?.();
    this.cancelTick = null;
  }

  /** For good (quit or another backend). */
  dispose(): void {
    this.stopped = true;
    this.stop();
  }

  private schedule(): void {
    if (this.stopped || this.cancelTick || this.ticking || this.following.size === 0) return;
    this.cancelTick = this.clock.after(FSX_POLL_MS, () => {
      this.cancelTick = null;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    try {
      const { jobs } = await this.reader.list(FSX_LIST_LIMIT);
      if (this.following.size === 0) return; // stopped while asking
      const listed = new Map(jobs.map((job) => [job.id, job]));
      const details: TransferJob[] = [];
      for (const [id, { withFiles }] of [...this.following]) {
        let job = listed.get(id);
        // Files come only with the detail: for jobs someone opened, for the final states of a
        // job that just ended (its end is reported with them), and for one too old to be listed.
        if (job === undefined || withFiles || !isActive(job)) {
          job = await this.reader.detail(id);
          details.push(job);
        }
        if (!isActive(job)) this.following.delete(id);
      }
      for (const job of jobs) if (isActive(job) && !this.following.has(job.id)) this.following.set(job.id, { withFiles: false });
      // Details first: an ended job reaches the renderer with its files, so its end is told with them.
      if (details.length > 0) this.push({ jobs: details, listed: false, error: null });
      this.push({ jobs, listed: true, error: null });
    } catch (error) {
      this.log('following edit-share transfers', error);
      // Following goes on; the panel says the list is stale.
      const message = isDomainError(error) ? error.message : 'Rushes could not ask about edit-share transfers.';
      this.push({ jobs: [], listed: false, error: message });
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }
}
