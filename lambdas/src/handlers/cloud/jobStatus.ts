import { basename } from '@rushes/shared';
import { FfmpegCompanions } from '../../adapters/ffmpeg/ffmpegTranscoder';
import { FilmstripTiler } from '../../adapters/mediaConvertFilmstrip';
import { s3FileFetch, s3FileStore } from '../../adapters/s3ObjectStore';
import { Ingest } from '../../core/ingest';
import { settleRenderJob } from '../../core/looks/queuedRenders';
import { systemClock, type MediaProbe, type Transcoder } from '../../ports';
import { cloudLookRenderStore, cloudStorage } from './clients';
import { readJobStatusConfig } from './config';
import { jobOutcome, type MediaConvertJobEvent } from './jobEvents';

/**
 * The status Lambda: MediaConvert "Job State Change" (COMPLETE, ERROR) → the asset becomes
 * `ready` with its proxy and thumbnail, or `failed` with MediaConvert's reason. MediaConvert
 * has no sprite or waveform output, so the bundled ffmpeg first makes a video's filmstrip or
 * a sound's waveform from the finished proxy (small: 720p H.264 or AAC), as local mode does
 * from the source. That is a nicety: if it fails the asset is still `ready`, without it.
 * Nothing is probed here. A job of a look re-render (its `lookRenderId`) also counts its asset
 * done or failed in that re-render's progress, once however often the event arrives.
 */
const config = readJobStatusConfig(process.env);
const { s3, catalog, objects, derived } = cloudStorage(config);
const notHere = (what: string) => () => Promise.reject(new Error(`the status Lambda does not ${what}`));
const ingest = new Ingest({
  catalog,
  objects,
  clock: systemClock,
  probe: { probe: notHere('probe') } satisfies MediaProbe,
  transcoder: { name: 'none', transcode: notHere('transcode') } satisfies Transcoder,
});
const companions = new FfmpegCompanions({
  ffmpeg: config.ffmpeg,
  sourceUrl: (key) => derived.presignGet(key, { expiresInSeconds: 15 * 60, downloadName: basename(key) }),
  store: s3FileStore(s3, config.derivedBucket),
  workDir: '/tmp/companions',
});

const renders = cloudLookRenderStore(config);

const tiler = new FilmstripTiler({
  ffmpeg: config.ffmpeg,
  derived,
  fetch: s3FileFetch(s3, config.derivedBucket),
  store: s3FileStore(s3, config.derivedBucket),
  workDir: '/tmp/filmstrips',
});

export async function handler(event: MediaConvertJobEvent): Promise<void> {
  const result = jobOutcome(event, config.jobOwner);
  if ('ignored' in result) return;
  let { outcome } = result;
  if (result.companion && 'derived' in outcome) {
    try {
      outcome = { ...outcome, derived: { ...outcome.derived, ...(await companions.make(result.companion)) } };
    } catch (error) {
      console.warn(JSON.stringify({ msg: 'no filmstrip or waveform', assetId: result.assetId, error: String(error).slice(0, 500) }));
    }
  }
  if (result.gradedFilmstrip && 'derived' in outcome && outcome.graded) {
    try {
      outcome = { ...outcome, graded: { ...outcome.graded, filmstrip: await tiler.tile(result.gradedFilmstrip) } };
    } catch (error) {
      console.warn(JSON.stringify({ msg: 'no graded filmstrip', assetId: result.assetId, error: String(error).slice(0, 500) }));
    }
  }
  const finished = await ingest.transcodeFinished(result.assetId, outcome);
  console.log(JSON.stringify({ msg: 'transcode finished', jobId: event.detail.jobId, assetId: result.assetId, ...finished }));
  if (result.lookRenderId) {
    const counted = await settleRenderJob(renders, {
      renderId: result.lookRenderId,
      assetId: result.assetId,
      outcome: 'failure' in outcome ? { status: 'failed', reason: outcome.failure } : { status: 'done' },
    });
    if (!counted) console.warn(JSON.stringify({ msg: 'unknown look re-render', jobId: event.detail.jobId, renderId: result.lookRenderId }));
  }
}
