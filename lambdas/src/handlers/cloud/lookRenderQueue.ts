import { z } from 'zod';
import {
  QueuedLookRenders,
  RENDER_ID_PATTERN,
  runRenderBatch,
  type LookRenderStore,
  type QueuedLookRendersDeps,
  type RenderBatch,
} from '../../core/looks/queuedRenders';
import type { RegradeOutcome } from '../../core/looks/renders';

/** The parts of an SQS → Lambda event read here. */
export interface SqsEvent {
  Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount?: string } }[];
}

type SqsRecord = SqsEvent['Records'][number];

/** Partial batch failures: only these messages return to the queue (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** Assets per message: each is one MediaConvert CreateJob, well inside the worker's timeout. */
export const RENDER_BATCH_SIZE = 10;

const RenderBatchMessage = z.object({
  folderPath: z.string().min(1).max(1024),
  renderId: z.string().regex(RENDER_ID_PATTERN, 'is not a re-render id'),
  assetIds: z.array(z.string().min(1).max(128)).min(1).max(RENDER_BATCH_SIZE),
});

/** A queue message as the router wrote it; an error names the bad field. */
export function parseRenderBatch(body: string): RenderBatch {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error('The render batch message is not JSON');
  }
  const parsed = RenderBatchMessage.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The render batch message is invalid: ${issue?.path.join('.') || '(message)'} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** The router's re-renders: batches go to the render queue; cancel stops submitted jobs with `cancelJob`. */
export function queuedLookRenderer(
  deps: Omit<QueuedLookRendersDeps, 'enqueue' | 'batchSize'> & { send(body: string): Promise<unknown> },
): QueuedLookRenders {
  const { send, ...rest } = deps;
  return new QueuedLookRenders({
    ...rest,
    batchSize: RENDER_BATCH_SIZE,
    enqueue: async (batch) => void (await send(JSON.stringify(batch))),
  });
}

/**
 * The render worker: each message's assets get their graded MediaConvert job (Ingest.regrade).
 * A message that fails returns to the queue alone; on its last receive (`maxReceiveCount`, the
 * queue's redrive setting) its assets are settled failed instead, so progress always ends. A
 * message that can never be read is logged and dropped.
 */
export function renderWorker(deps: {
  store: LookRenderStore;
  regrade(assetId: string, renderId: string): Promise<RegradeOutcome>;
  maxReceiveCount: number;
  log(message: string, error?: unknown): void;
}): (event: SqsEvent) => Promise<SqsBatchResponse> {
  const receives = (record: SqsRecord) => Number(record.attributes.ApproximateReceiveCount ?? '1');
  return forEachBatch(
    'look render',
    deps.log,
    async (batch, record) => {
      const lastAttempt = receives(record) >= deps.maxReceiveCount;
      const counts = await runRenderBatch(batch, { store: deps.store, regrade: deps.regrade, lastAttempt });
      deps.log(`look render: ${batch.renderId} ${JSON.stringify(counts)}`);
    },
    (record) => ` (receive ${receives(record)})`,
  );
}

/**
 * The render queue's dead letters (the worker timed out or crashed on every receive): each
 * asset of the batch still pending is settled failed with the reason, so the re-render ends.
 * Settling is counted once, so an asset that did end meanwhile is left as it is.
 */
export function renderDeadLetters(deps: {
  store: LookRenderStore;
  log(message: string, error?: unknown): void;
}): (event: SqsEvent) => Promise<SqsBatchResponse> {
  return forEachBatch('look render dead letter', deps.log, async (batch) => {
    for (const assetId of batch.assetIds) {
      await deps.store.settle(batch.folderPath, batch.renderId, assetId, {
        status: 'failed',
        reason: 'The render worker stopped on every try (timed out or crashed); the asset keeps its previous graded proxy.',
      });
    }
  });
}

/**
 * Runs `handle` for the batch in each message, one message after another. A message whose body
 * is not a render batch is logged and dropped (it would fail every time); one whose handling
 * throws goes back to the queue alone (`batchItemFailures`).
 */
function forEachBatch(
  label: string,
  log: (message: string, error?: unknown) => void,
  handle: (batch: RenderBatch, record: SqsRecord) => Promise<void>,
  attempt: (record: SqsRecord) => string = () => '',
): (event: SqsEvent) => Promise<SqsBatchResponse> {
  return async (event) => {
    const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let batch: RenderBatch;
      try {
        batch = parseRenderBatch(record.body);
      } catch (error) {
        log(`${label}: message ${record.messageId} dropped`, error);
        continue;
      }
      try {
        await handle(batch, record);
      } catch (error) {
        log(`${label}: message ${record.messageId}${attempt(record)} will be tried again`, error);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
