import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { BURN_IN_SPEC, basename } from '@rushes/shared';
import { FfmpegTranscoder } from '../adapters/ffmpeg/ffmpegTranscoder';
import { s3FileFetch, s3FileStore } from '../adapters/s3ObjectStore';
import { FfprobeMediaProbe } from '../adapters/ffmpeg/ffprobe';
import { burnInFont, decodableCodecs, findFfmpegTools, type FfmpegTools } from '../adapters/ffmpeg/tools';
import { Ingest } from '../core/ingest';
import { JobQueue, exponentialBackoff } from '../core/jobQueue';
import { LookRenders } from '../core/looks/renders';
import type { Catalog, Clock, ObjectStore } from '../ports';

/** Tries per asset: the first, and two retries after 2 s and 8 s (±20 %). */
export const INGEST_ATTEMPTS = 3;
/** Presigned source URLs outlive the longest job: ffmpeg fetches ranges until the end. */
const SOURCE_URL_SECONDS = 6 * 3600;

export interface IngestWorker {
  readonly tools: FfmpegTools;
  /** An object was written to the media bucket (after storage sync recorded it). */
  objectCreated(key: string): Promise<void>;
  /** Queues every asset still `processing`: at start (a crash's leftovers) and after a rescan. */
  resume(): Promise<void>;
  /** Re-renders of graded proxies after a folder's look changed. */
  readonly renders: LookRenders;
  /** Resolves when no ingest job is queued, running or waiting to retry. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Local mode's ingest: the Ingest use case with ffprobe and ffmpeg, fed by storage events,
 * a few jobs at a time. Job state lives in the catalog (an asset in `processing` is a job
 * not done), so nothing else needs persisting: `resume` after a restart finds every job a
 * crash interrupted. Returns null when no ffmpeg can be found.
 */
export async function startIngestWorker(options: {
  catalog: Catalog;
  clock: Clock;
  /** The media bucket. */
  objects: ObjectStore;
  s3: S3Client;
  derivedBucket: string;
  /** Jobs at once. ffmpeg spreads one job over the cores, so about one per core keeps them busy without thrashing. */
  concurrency: number;
  workDir: string;
  log(message: string, error?: unknown): void;
}): Promise<IngestWorker | null> {
  const tools = findFfmpegTools();
  if (!tools) return null;
  // Scratch files of jobs a crash interrupted; those jobs run again from the start.
  await rm(options.workDir, { recursive: true, force: true });
  const decodable = await decodableCodecs(tools.ffmpeg);
  const fontFile = burnInFont();
  if (!fontFile)
    options.log(
      `ingest: no ${BURN_IN_SPEC.fontFile} (Debian: fonts-dejavu-core); burn-ins use fontconfig's "${BURN_IN_SPEC.fallbackFont}"`,
    );
  const sourceUrl = (key: string) => options.objects.presignGet(key, { expiresInSeconds: SOURCE_URL_SECONDS, downloadName: basename(key) });
  const ingest = new Ingest({
    catalog: options.catalog,
    objects: options.objects,
    clock: options.clock,
    probe: new FfprobeMediaProbe({ ffprobe: tools.ffprobe, decodable, sourceUrl }),
    transcoder: new FfmpegTranscoder({
      ffmpeg: tools.ffmpeg,
      sourceUrl,
      workDir: options.workDir,
      store: s3FileStore(options.s3, options.derivedBucket),
      fetchDerived: s3FileFetch(options.s3, options.derivedBucket),
      fontFile,
    }),
  });
  const queue = new JobQueue({
    concurrency: options.concurrency,
    maxAttempts: INGEST_ATTEMPTS,
    backoffMs: exponentialBackoff(),
    run: async (id, _attempt, signal) => {
      const outcome = await ingest.process(id, signal);
      if (outcome.status === 'failed') options.log(`ingest: ${id} failed: ${outcome.reason}`);
    },
    onGiveUp: async (id, attempts, error) => {
      await ingest.giveUp(id, attempts, error);
    },
    log: (message, error) => options.log(`ingest: ${message}`, error),
  });
  const renders = new LookRenders({
    catalog: options.catalog,
    regrade: (id, signal) => ingest.regrade(id, signal),
    // One at a time: new uploads keep the other core.
    concurrency: 1,
    log: options.log,
  });
  return {
    tools,
    renders,
    objectCreated: async (key) => {
      const id = await ingest.objectCreated(key);
      if (id) queue.add(id);
    },
    resume: async () => {
      for await (const id of ingest.pending()) queue.add(id);
    },
    idle: async () => {
      await Promise.all([queue.idle(), renders.idle()]);
    },
    stop: async () => {
      await Promise.all([queue.stop(), renders.stop()]);
    },
  };
}

/** A job's scratch files live in the data dir (not /tmp, often a small RAM disk). */
export function ingestWorkDir(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'ingest');
}
