import type S3rver from 's3rver';
import type { S3Event } from 's3rver';
import type { StorageSync } from '../core/sync';
import type { ObjectStore } from '../ports';

/** A rescan catches what events miss: s3rver emits nothing for DeleteObjects. */
export const RESCAN_INTERVAL_MS = 60_000;

/**
 * Local mode's stand-in for S3 → EventBridge → Lambda: s3rver's in-process events, applied
 * one at a time (so a delete cannot overtake the create before it), plus a rescan at start
 * and every minute. Returns a stop function and a way to wait until the queue is drained.
 */
export function followStorage(options: {
  server: S3rver;
  bucket: string;
  sync: StorageSync;
  objects: ObjectStore;
  log: (message: string, error?: unknown) => void;
  /** Ingest, told of each object once the catalog has it, and of unfinished jobs after a rescan. */
  ingest?: { objectCreated(key: string): Promise<void>; resume(): Promise<void> } | undefined;
}): { stop(): void; idle(): Promise<void>; rescanNow(): Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<unknown>) => {
    queue = queue.then(work).then(
      () => undefined,
      (error: unknown) => options.log('storage sync failed', error),
    );
    return queue;
  };

  const onEvent = (event: S3Event) => {
    for (const record of event.Records) {
      if (record.s3.bucket.name !== options.bucket) continue;
      // s3rver reports raw keys (S3 itself URL-encodes them).
      const key = record.s3.object.key;
      if (record.eventName.startsWith('ObjectCreated:')) {
        void enqueue(async () => {
          const object = await options.objects.head(key);
          if (object) await options.sync.objectCreated(object);
          await options.ingest?.objectCreated(key);
        });
      } else if (record.eventName.startsWith('ObjectRemoved:')) {
        void enqueue(() => options.sync.objectRemoved(key, record.eventTime));
      }
    }
  };
  options.server.on('event', onEvent);

  let resumed = false;
  const rescanNow = () =>
    enqueue(async () => {
      const report = await options.sync.rescan();
      // The first pass also finds jobs a crash interrupted; later ones only what they added.
      if (options.ingest && (!resumed || report.added > 0)) {
        await options.ingest.resume();
        resumed = true;
      }
      if (report.skipped.length > 0) {
        options.log(
          `storage sync: ${report.skipped.length} object(s) have names Rushes cannot hold, e.g. "${report.skipped[0]!.key}": ${report.skipped[0]!.reason}`,
        );
      }
    });
  const timer = setInterval(() => void rescanNow(), RESCAN_INTERVAL_MS);
  timer.unref();

  return {
    stop: () => {
      clearInterval(timer);
      options.server.off('event', onEvent);
    },
    idle: () => queue,
    rescanNow,
  };
}
