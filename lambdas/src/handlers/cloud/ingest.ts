import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { RECONCILE_EVENT } from '../../core/ingestRecovery';
import { IngestRecovery } from '../../core/ingestRecovery';
import { StorageSync } from '../../core/sync';
import { systemClock } from '../../ports';
import { cloudStorage } from './clients';
import { readIngestConfig } from './config';
import { cloudMediaIngest } from './mediaIngest';
import { readReconcileCursorParameter } from './recoveryConfig';
import { keyCandidates, storageWork, type S3BucketEvent } from './storageEvents';

/**
 * The ingest Lambda: media bucket → EventBridge → here. A new object gets its catalog record
 * (objects written by other tools too), is probed by the bundled ffprobe and handed to
 * MediaConvert (video, sound) or the bundled ffmpeg (images); MediaConvert's completion
 * reaches the status Lambda. A deleted object loses its record. Each step is idempotent, so
 * EventBridge's retries (a thrown error) and duplicate deliveries change nothing twice.
 */
const config = readIngestConfig(process.env);
const { s3, catalog, objects, derived } = cloudStorage(config);
const sync = new StorageSync({ catalog, objects, derived, clock: systemClock });
const ingestOnce = cloudMediaIngest(config, { s3, catalog, objects, derived });

/** How many stuck or never-ingested objects one scheduled run hands to ingest; the rest wait an hour. */
const REQUEUE_PER_RUN = 25;
const reconcileCursor = readReconcileCursorParameter(process.env);
const ssm = new SSMClient({ region: config.region });

/**
 * The hourly reconcile (an EventBridge schedule, the construct in ingestRecovery.ts): one
 * stretch of the key space from the cursor kept in SSM, so a lost S3 event is caught within a
 * few runs without ever walking the whole bucket, then the assets stuck `processing`, each
 * ingested again here (a failure ends in the same dead-letter handler as an event's).
 */
async function reconcile(): Promise<void> {
  if (!reconcileCursor) throw new Error('No reconcile cursor parameter is configured for this Lambda.');
  const saved = await ssm.send(new GetParameterCommand({ Name: reconcileCursor })).then(
    (answer) => answer.Parameter?.Value ?? '{}',
    (error: unknown) => {
      if ((error as { name?: string }).name === 'ParameterNotFound') return '{}';
      throw error;
    },
  );
  const after = (JSON.parse(saved) as { after?: unknown }).after;
  const recovery = new IngestRecovery({ catalog, ingest: await ingestOnce(), sync, clock: systemClock });
  const run = await recovery.reconcile(typeof after === 'string' ? after : '');
  await ssm.send(
    new PutParameterCommand({ Name: reconcileCursor, Value: JSON.stringify({ after: run.next }), Type: 'String', Overwrite: true }),
  );
  for (const key of run.requeue.slice(0, REQUEUE_PER_RUN)) await ingestKey(key);
  console.log(JSON.stringify({ msg: 'reconcile', added: run.added, removed: run.removed, stuck: run.requeue.length, next: run.next }));
}

async function ingestKey(key: string): Promise<void> {
  const assets = await ingestOnce();
  const id = await assets.objectCreated(key);
  if (!id) return;
  const outcome = await assets.process(id);
  console.log(JSON.stringify({ msg: 'ingest', key, assetId: id, ...outcome }));
}

export async function handler(event: S3BucketEvent | typeof RECONCILE_EVENT): Promise<void> {
  if ('rushes' in event) return reconcile();
  const work = storageWork(event, config.mediaBucket);
  if (work.kind === 'ignored') return;
  if (work.kind === 'removed') {
    for (const key of keyCandidates(work.key)) if (await sync.objectRemoved(key, work.at)) return;
    return;
  }
  for (const key of keyCandidates(work.key)) {
    const object = await objects.head(key);
    if (!object) continue;
    await sync.objectCreated(object);
    await ingestKey(key);
    return;
  }
}
