import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { S3Client } from '@aws-sdk/client-s3';
import { basename } from '@rushes/shared';
import { ByKindTranscoder } from '../../adapters/byKindTranscoder';
import { FfmpegTranscoder } from '../../adapters/ffmpeg/ffmpegTranscoder';
import { FfprobeMediaProbe } from '../../adapters/ffmpeg/ffprobe';
import { decodableCodecs } from '../../adapters/ffmpeg/tools';
import { MediaConvertTranscoder } from '../../adapters/mediaConvertTranscoder';
import { s3FileStore } from '../../adapters/s3ObjectStore';
import { Ingest } from '../../core/ingest';
import { systemClock, type Catalog, type ObjectStore } from '../../ports';
import type { IngestConfig } from './config';

/** ffprobe reads the source over HTTPS with ranges; no job reads it longer than the Lambda lives. */
const SOURCE_URL_SECONDS = 15 * 60;

/**
 * The cloud's Ingest: the bundled ffprobe, MediaConvert for video and sound, the bundled ffmpeg
 * for image previews. The ingest Lambda and the look re-render worker build the same one, so a
 * re-render's MediaConvert job is the job an ingest submits. Built on first use: it asks the
 * bundled ffmpeg which codecs it decodes (once per container); a failure lets the next call try again.
 */
export function cloudMediaIngest(
  config: IngestConfig,
  adapters: { s3: S3Client; catalog: Catalog; objects: ObjectStore; derived: ObjectStore },
): () => Promise<Ingest> {
  const { s3, catalog, objects, derived } = adapters;
  const sourceUrl = (key: string) => objects.presignGet(key, { expiresInSeconds: SOURCE_URL_SECONDS, downloadName: basename(key) });
  let ingest: Promise<Ingest> | null = null;
  return () => {
    ingest ??= decodableCodecs(config.ffmpeg).then(
      (decodable) =>
        new Ingest({
          catalog,
          objects,
          clock: systemClock,
          probe: new FfprobeMediaProbe({ ffprobe: config.ffprobe, decodable, sourceUrl }),
          transcoder: new ByKindTranscoder({
            media: new MediaConvertTranscoder(
              new MediaConvertClient({ region: config.region }),
              {
                roleArn: config.mediaConvertRoleArn,
                mediaBucket: config.mediaBucket,
                derivedBucket: config.derivedBucket,
                owner: config.jobOwner,
              },
              derived,
            ),
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
  };
}
