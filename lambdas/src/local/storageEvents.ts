import { readFile } from 'node:fs/promises';
import type S3rver from 's3rver';
import type { S3Event } from 's3rver';
import { RECONCILE_STRETCH, type StorageSync, type SyncReport } from '../core/sync';
import type { ObjectStore } from '../ports';
import { writeJsonAtomic } from './bootstrap';

/** The reconcile catches what events miss: s3rver emits nothing for DeleteObjects. */
export const RECONCILE_INTERVAL_MS = 60_000;

/** Where the rolling reconcile got to, kept across restarts so each stretch is walked in turn. */
export interface ReconcileCheckpoint {
  load(): Promise<string>;
  save(after: string): Promise<void>;
}

/**
 * Local mode's stand-in for S3 → EventBridge → Lambda: s3rver's in-process events, applied
 * one at a time (so a delete cannot overtake the create before it), plus a rolling
 * reconcile: one stretch of the key space at start and every minute, from a checkpoint, so
 * neither start-up nor an idle minute costs work in proportion to the library. Returns a stop
 * function, a way to wait until the queue is drained, and a full pass for those who ask.
 */
export function followStorage(options: {
  server: S3rver;
  bucket: string;
  sync: StorageSync;
  objects: ObjectStore;
  log: (message: string, error?: unknown) => void;
  /** Ingest, told of each object once the catalog has it, and of unfinished jobs after a rescan. */
  ingest?: { objectCreated(key: string): Promise<void>; resume(): Promise<void> } | undefined;
  checkpoint: ReconcileCheckpoint;
  /** Keys per side per stretch. */
  stretch?: number;
}): { stop(): void; idle(): Promise<void>; reconcileNow(): Promise<void>; rescanNow(): Promise<void> } {
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
  const settle = async (report: SyncReport) => {
    // The first turn also finds jobs a crash interrupted (by the status index); later ones
    // only what they added.
    if (options.ingest && (!resumed || report.added > 0)) {
      await options.ingest.resume();
      resumed = true;
    }
    if (report.skipped.length > 0) {
      options.log(
        `storage sync: ${report.skipped.length} object(s) have names Rushes cannot hold, e.g. "${report.skipped[0]!.key}": ${report.skipped[0]!.reason}`,
      );
    }
  };
  const stretch = options.stretch ?? RECONCILE_STRETCH;
  const reconcileNow = () =>
    enqueue(async () => {
      const report = await options.sync.reconcile(await options.checkpoint.load(), stretch);
      await options.checkpoint.save(report.next ?? '');
      await settle(report);
    });
  const rescanNow = () => enqueue(async () => settle(await options.sync.rescan(stretch)));
  const timer = setInterval(() => void reconcileNow(), RECONCILE_INTERVAL_MS);
  timer.unref();

  return {
    stop: () => {
      clearInterval(timer);
      options.server.off('event', onEvent);
    },
    idle: () => queue,
    reconcileNow,
    rescanNow,
  };
}

/**
 * The checkpoint as a small JSON file in the data dir, written atomically. A missing or
 * damaged one starts the walk from the first key: it is only a position, so nothing is lost.
 */
export function reconcileCheckpoint(file: string): ReconcileCheckpoint {
  return {
    load: async () => {
      try {
        const saved: unknown = JSON.parse(await readFile(file, 'utf8'));
        const after = (saved as { after?: unknown } | null)?.after;
        return typeof after === 'string' ? after : '';
      } catch {
        return '';
      }
    },
    save: (after) => writeJsonAtomic(file, { after }),
  };
}
