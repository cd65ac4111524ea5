import { z } from 'zod';
import type { Catalog, Clock } from '../ports';
import type { Ingest } from './ingest';
import type { StorageSync } from './sync';

/**
 * An asset still `processing` this long after its last change has lost its job: the ingest
 * event's retries (two, over at most two hours) are long over, and a MediaConvert job of a
 * long take finishes well within it.
 */
export const STUCK_AFTER_MS = 3 * 3600_000;
/** The constant input of the hourly schedule's target: the ingest Lambda tells it from an S3 event by `rushes`. */
export const RECONCILE_EVENT = { rushes: 'reconcile' } as const;
/** Keys the scheduled reconcile reads from each side per run: a few list calls an hour. */
export const CLOUD_RECONCILE_STRETCH = 5_000;

/**
 * What Lambda hands an asynchronous invocation's on-failure destination once every retry
 * has failed: the original event and the last error. Only the fields used are checked.
 */
const FailureRecord = z.object({
  requestContext: z.object({ condition: z.string(), approximateInvokeCount: z.number().int().min(1) }),
  requestPayload: z.object({
    'detail-type': z.string(),
    detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().min(1) }) }),
  }),
  responsePayload: z.object({ errorMessage: z.string().optional(), errorType: z.string().optional() }).nullish(),
});

export type IngestFailure =
  | { ok: true; bucket: string; key: string; attempts: number; created: boolean; message: string }
  | { ok: false; field: string; message: string };

/** Reads a failure record, naming the first field that is wrong. */
export function parseIngestFailure(record: unknown): IngestFailure {
  const parsed = FailureRecord.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, field: issue.path.join('.') || '(record)', message: issue.message };
  }
  const { requestContext, requestPayload, responsePayload } = parsed.data;
  const error = responsePayload?.errorMessage ?? responsePayload?.errorType ?? requestContext.condition;
  return {
    ok: true,
    bucket: requestPayload.detail.bucket.name,
    key: requestPayload.detail.object.key,
    attempts: requestContext.approximateInvokeCount,
    created: requestPayload['detail-type'] === 'Object Created',
    message: error,
  };
}

/**
 * What the cloud does when ingest cannot finish by itself: the dead-letter handler marks an
 * asset whose ingest threw on every retry `failed` with the reason, and the scheduled
 * reconcile finds objects whose events were lost (a stretch of the key space a run, from a
 * cursor) and assets stuck `processing`, and hands their keys back to ingest.
 */
export class IngestRecovery {
  constructor(private readonly deps: { catalog: Catalog; ingest: Ingest; sync: StorageSync; clock: Clock }) {}

  /** The last retry failed: the asset ends `failed` with what went wrong, unless it got further meanwhile. */
  async ingestGaveUp(failure: Extract<IngestFailure, { ok: true }>, keys: readonly string[]): Promise<'failed' | 'skipped'> {
    if (!failure.created) return 'skipped'; // a failed delete leaves a record the reconcile removes
    for (const key of keys) {
      const asset = await this.deps.catalog.getAssetByKey(key);
      if (!asset) continue;
      if (asset.status !== 'processing') return 'skipped';
      const outcome = await this.deps.ingest.giveUp(asset.id, failure.attempts, new Error(failure.message));
      return outcome.status === 'failed' ? 'failed' : 'skipped';
    }
    return 'skipped';
  }

  /**
   * One scheduled run: reconciles the stretch after `after`, then lists the assets stuck
   * `processing` (those the stretch just added among them). Returns their keys, for ingest,
   * and where the next run starts.
   */
  async reconcile(after: string): Promise<{ requeue: string[]; next: string; added: number; removed: number }> {
    const report = await this.deps.sync.reconcile(after, CLOUD_RECONCILE_STRETCH);
    const stuckBefore = new Date(this.deps.clock.now().getTime() - STUCK_AFTER_MS).toISOString();
    const requeue: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.deps.catalog.assetsByStatus('processing', cursor, 500);
      for (const asset of page.items) {
        if (asset.trash === null && asset.modifiedAt < stuckBefore) requeue.push(asset.key);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { requeue, next: report.next ?? '', added: report.added, removed: report.removed };
  }
}
