import type { LookRender } from '@rushes/shared';
import type { Catalog } from '../../ports';
import type { LookRenderer, RegradeOutcome } from './renders';

/** A re-render as it is kept between the Lambdas that start, run and finish it. */
export interface StoredLookRender extends LookRender {
  readonly renderId: string;
}

/**
 * How one asset of a re-render ended. `cancelled`: its job was stopped by a cancel; it is not
 * counted done or failed (the re-render itself reads `cancelled`).
 */
export type RenderedAsset =
  { readonly status: 'done' } | { readonly status: 'failed'; readonly reason: string } | { readonly status: 'cancelled' };

/** An asset whose job was submitted and has not reported back yet. */
export interface OpenRenderJob {
  readonly assetId: string;
  readonly jobId: string;
}

/**
 * Where a queued re-render's progress lives (the catalog table in the cloud). Each asset is
 * counted once: `settle` counts an asset only the first time it ends, so a job event or a
 * queue message delivered twice changes nothing the second time.
 */
export interface LookRenderStore {
  /** Records a new re-render of `assetIds` at `folderPath`, replacing the one there. */
  begin(render: StoredLookRender, assetIds: readonly string[]): Promise<void>;
  get(folderPath: string): Promise<StoredLookRender | null>;
  /** Marks the re-render cancelled if it is still running; returns it as it is then. */
  cancel(folderPath: string): Promise<StoredLookRender | null>;
  /** The asset's job was submitted and will report through its completion event. */
  submitted(folderPath: string, renderId: string, assetId: string, jobId: string): Promise<void>;
  /** The asset ended; counted once, and only for that re-render. */
  settle(folderPath: string, renderId: string, assetId: string, outcome: RenderedAsset): Promise<void>;
  /** The folder a re-render was started at (a job's completion event names the re-render only). */
  folderOf(renderId: string): Promise<string | null>;
  /** Whether the asset still waits for its job (not submitted, not settled): a redelivered message submits nothing twice. */
  isPending(folderPath: string, renderId: string, assetId: string): Promise<boolean>;
  /** The re-render's assets submitted and not yet settled, with their job ids. */
  openJobs(folderPath: string, renderId: string): Promise<OpenRenderJob[]>;
}

/** A re-render's id as `newId` makes it (a UUID in the cloud); checked wherever one arrives from outside. */
export const RENDER_ID_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

/** A queue message: a few assets of one re-render. */
export interface RenderBatch {
  readonly folderPath: string;
  readonly renderId: string;
  readonly assetIds: readonly string[];
}

export interface QueuedLookRendersDeps {
  catalog: Pick<Catalog, 'listAssetsUnder'>;
  store: LookRenderStore;
  /** Puts a batch on the render queue (SQS in the cloud). */
  enqueue(batch: RenderBatch): Promise<void>;
  newId(): string;
  /** Stops a submitted job (MediaConvert CancelJob); throws when the job can no longer be stopped. */
  cancelJob(jobId: string): Promise<void>;
  log(message: string, error?: unknown): void;
  /** Assets per message: a message is one Lambda run, so this bounds the jobs submitted at once. */
  batchSize: number;
}

/**
 * Re-renders when nothing stays running between requests (the cloud): `start` records the
 * assets to redo and queues them in small batches; a queue-driven worker (`runBatch`) submits a
 * job per asset; each job's completion event settles its asset (`settleRenderJob`). Progress
 * and cancel read and write the store, so any Lambda sees the same job. Cancel stops what has
 * not been submitted, and stops the jobs submitted and not yet finished (their assets settle
 * `cancelled` and keep their previous graded proxy).
 */
export class QueuedLookRenders implements LookRenderer {
  constructor(private readonly deps: QueuedLookRendersDeps) {}

  async start(folderPath: string): Promise<LookRender> {
    // The jobs of a re-render this one replaces are stopped too: finishing later, they would put the old look back.
    await this.cancel(folderPath);
    const ids: string[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder(folderPath)) {
      if (asset.kind === 'video' && asset.status === 'ready' && asset.derived.proxy) ids.push(asset.id);
    }
    const render: StoredLookRender = {
      folderPath,
      renderId: this.deps.newId(),
      state: ids.length === 0 ? 'finished' : 'running',
      total: ids.length,
      done: 0,
      failed: 0,
    };
    await this.deps.store.begin(render, ids);
    const size = Math.max(1, this.deps.batchSize);
    for (let at = 0; at < ids.length; at += size) {
      await this.deps.enqueue({ folderPath, renderId: render.renderId, assetIds: ids.slice(at, at + size) });
    }
    return publicView(render);
  }

  async progress(folderPath: string): Promise<LookRender | null> {
    const render = await this.deps.store.get(folderPath);
    return render ? publicView(render) : null;
  }

  async cancel(folderPath: string): Promise<LookRender | null> {
    const render = await this.deps.store.cancel(folderPath);
    if (!render) return null;
    if (render.state === 'cancelled') {
      for (const job of await this.deps.store.openJobs(folderPath, render.renderId)) {
        try {
          await this.deps.cancelJob(job.jobId);
        } catch (error) {
          // Finished (or failed) in the meantime: its completion event no longer counts for a cancelled re-render.
          this.deps.log(`look: job ${job.jobId} of ${job.assetId} could not be cancelled`, error);
        }
        await this.deps.store.settle(folderPath, render.renderId, job.assetId, { status: 'cancelled' });
      }
    }
    return publicView(render);
  }
}

/**
 * A re-render job's completion event: its asset is counted done or failed, once, and only while
 * that re-render is the folder's current one. Answers false when the re-render is unknown.
 */
export async function settleRenderJob(
  store: LookRenderStore,
  event: { renderId: string; assetId: string; outcome: RenderedAsset },
): Promise<boolean> {
  const folderPath = await store.folderOf(event.renderId);
  if (folderPath === null) return false;
  await store.settle(folderPath, event.renderId, event.assetId, event.outcome);
  return true;
}

/**
 * One queue message: each asset of a re-render still running is regraded (a job submitted);
 * one that needs no job (already made with this look, or no look any more) or cannot be made
 * is settled at once. `regrade` throws for trouble worth another try: the message returns to
 * the queue, and `lastAttempt` settles the asset failed instead of trying for ever.
 */
export async function runRenderBatch(
  batch: RenderBatch,
  deps: {
    store: LookRenderStore;
    /** Submits the asset's graded job, tagged with the re-render it belongs to. */
    regrade(assetId: string, renderId: string): Promise<RegradeOutcome>;
    lastAttempt: boolean;
  },
): Promise<{ submitted: number; settled: number; skipped: number }> {
  const counts = { submitted: 0, settled: 0, skipped: 0 };
  for (const assetId of batch.assetIds) {
    const render = await deps.store.get(batch.folderPath);
    if (
      !render ||
      render.renderId !== batch.renderId ||
      render.state !== 'running' ||
      !(await deps.store.isPending(batch.folderPath, batch.renderId, assetId))
    ) {
      counts.skipped += 1;
      continue;
    }
    let outcome: RegradeOutcome;
    try {
      outcome = await deps.regrade(assetId, batch.renderId);
    } catch (error) {
      if (!deps.lastAttempt) throw error;
      const why = error instanceof Error ? error.message : String(error);
      outcome = { status: 'failed', reason: `Rushes tried again and could not submit the job (${why.slice(0, 200)})` };
    }
    if (outcome.jobId && outcome.status === 'success') {
      await deps.store.submitted(batch.folderPath, batch.renderId, assetId, outcome.jobId);
      counts.submitted += 1;
    } else {
      await deps.store.settle(
        batch.folderPath,
        batch.renderId,
        assetId,
        outcome.status === 'failed'
          ? { status: 'failed', reason: outcome.reason ?? 'the graded proxy could not be made' }
          : { status: 'done' },
      );
      counts.settled += 1;
    }
  }
  return counts;
}

function publicView(render: StoredLookRender): LookRender {
  const { folderPath, state, total, done, failed } = render;
  return { folderPath, state, total, done, failed };
}
