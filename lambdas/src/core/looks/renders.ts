import type { LookRender } from '@rushes/shared';
import type { Catalog } from '../../ports';
import { JobQueue } from '../jobQueue';

/**
 * Re-renders after a folder's look changed, as the Looks use case drives them: in this process
 * (LookRenders, local mode) or through a queue and MediaConvert (QueuedLookRenders, the cloud).
 */
export interface LookRenderer {
  /** Starts re-rendering below `folderPath`, replacing (cancelling) one already running there. */
  start(folderPath: string): Promise<LookRender>;
  /** The newest re-render started at this folder, or null. */
  progress(folderPath: string): LookRender | null | Promise<LookRender | null>;
  /** Stops a re-render: what is done stays done; the rest keep their previous graded proxy. */
  cancel(folderPath: string): Promise<LookRender | null>;
}

/**
 * How one asset's graded derivatives were brought up to date; `skipped` when they already were.
 * `jobId` when a job elsewhere (MediaConvert) makes them and reports through its completion event.
 */
export type RegradeOutcome = { readonly status: 'success' | 'skipped' | 'failed'; readonly reason?: string; readonly jobId?: string };

export interface LookRendersDeps {
  catalog: Pick<Catalog, 'listAssetsUnder'>;
  /** Re-makes one asset's graded derivatives from its source (Ingest.regrade). */
  regrade(assetId: string, signal: AbortSignal): Promise<RegradeOutcome>;
  /** Jobs at once per re-render: ingest of new uploads shares the machine. */
  concurrency: number;
  log(message: string, error?: unknown): void;
}

interface Running {
  progress: { -readonly [K in keyof LookRender]: LookRender[K] };
  queue: JobQueue;
}

/**
 * Re-renders after a folder's look changed: every video below it whose graded proxy was made
 * with another look is made again from its source in the media bucket (nothing is uploaded
 * again), a few at a time on the job queue. The asset keeps its old graded proxy until the new
 * one is stored, so it plays throughout. Progress is kept per folder while the process runs;
 * a restart loses the count, not the work (a new change of the look starts it again).
 */
export class LookRenders implements LookRenderer {
  private readonly renders = new Map<string, Running>();

  constructor(private readonly deps: LookRendersDeps) {}

  /** Starts re-rendering below `folderPath`, replacing (cancelling) one already running there. */
  async start(folderPath: string): Promise<LookRender> {
    await this.cancel(folderPath);
    const ids: string[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder(folderPath)) {
      if (asset.kind === 'video' && asset.status === 'ready' && asset.derived.proxy) ids.push(asset.id);
    }
    const progress: Running['progress'] = { folderPath, state: 'running', total: ids.length, done: 0, failed: 0 };
    const queue = new JobQueue({
      concurrency: this.deps.concurrency,
      maxAttempts: 2,
      backoffMs: () => 2_000,
      run: async (id, _attempt, signal) => {
        const outcome = await this.deps.regrade(id, signal);
        if (outcome.status === 'failed') {
          progress.failed += 1;
          this.deps.log(`look: re-rendering ${id} failed: ${outcome.reason ?? ''}`);
        }
        progress.done += 1;
      },
      onGiveUp: async () => {
        progress.failed += 1;
        progress.done += 1;
      },
      log: (message, error) => this.deps.log(`look: ${message}`, error),
    });
    this.renders.set(folderPath, { progress, queue });
    for (const id of ids) queue.add(id);
    void queue.idle().then(() => {
      if (progress.state === 'running') progress.state = 'finished';
    });
    return { ...progress };
  }

  /** The newest re-render started at this folder, or null. */
  progress(folderPath: string): LookRender | null {
    const running = this.renders.get(folderPath);
    return running ? { ...running.progress } : null;
  }

  /** Stops a re-render: what is done stays done; the rest keep their previous graded proxy. */
  async cancel(folderPath: string): Promise<LookRender | null> {
    const running = this.renders.get(folderPath);
    if (!running) return null;
    if (running.progress.state === 'running') running.progress.state = 'cancelled';
    await running.queue.stop();
    return { ...running.progress };
  }

  /** Resolves when no re-render has work left. */
  async idle(): Promise<void> {
    await Promise.all([...this.renders.values()].map((running) => running.queue.idle()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.renders.keys()].map((path) => this.cancel(path)));
  }
}
