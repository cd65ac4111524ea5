import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { basename } from '@rushes/shared';
import { ByKindTranscoder } from '../../adapters/byKindTranscoder';
import { FfmpegTranscoder } from '../../adapters/ffmpeg/ffmpegTranscoder';
import { FfprobeMediaProbe } from '../../adapters/ffmpeg/ffprobe';
import { decodableCodecs } from '../../adapters/ffmpeg/tools';
import { MediaConvertTranscoder } from '../../adapters/mediaConvertTranscoder';
import { s3FileStore } from '../../adapters/s3ObjectStore';
import { Ingest } from '../../core/ingest';
import { StorageSync } from '../../core/sync';
import { systemClock } from '../../ports';
import { cloudStorage } from './clients';
import { readIngestConfig } from './config';
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
/** ffprobe reads the source over HTTPS with ranges; no job reads it longer than the Lambda lives. */
const SOURCE_URL_SECONDS = 15 * 60;
const sourceUrl = (key: string) => objects.presignGet(key, { expiresInSeconds: SOURCE_URL_SECONDS, downloadName: basename(key) });
const sync = new StorageSync({ catalog, objects, derived, clock: systemClock });
let ingest: Promise<Ingest> | null = null;

/** Built on first use: it asks the bundled ffmpeg which codecs it decodes (once per container). */
function ingestOnce(): Promise<Ingest> {
  ingest ??= decodableCodecs(config.ffmpeg).then(
    (decodable) =>
      new Ingest({
        catalog,
        objects,
        clock: systemClock,
        probe: new FfprobeMediaProbe({ ffprobe: config.ffprobe, decodable, sourceUrl }),
        transcoder: new ByKindTranscoder({
          media: new MediaConvertTranscoder(new MediaConvertClient({ region: config.region }), {
            roleArn: config.mediaConvertRoleArn,
            mediaBucket: config.mediaBucket,
            derivedBucket: config.derivedBucket,
            owner: config.jobOwner,
          }),
          image: new FfmpegTranscoder({
            ffmpeg: config.ffmpeg,
            sourceUrl,
            workDir: '/tmp/ingest',
            store: s3FileStore(s3, config.derivedBucket),
          }),
        }),
      }),
    (error: unknown) => {
      ingest = null; // the next event tries again
      throw error;
    },
  );
  return ingest;
}

export async function handler(event: S3BucketEvent): Promise<void> {
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
    const assets = await ingestOnce();
    const id = await assets.objectCreated(key);
    if (!id) return;
    const outcome = await assets.process(id);
    console.log(JSON.stringify({ msg: 'ingest', key, assetId: id, ...outcome }));
    return;
  }
}
