import { Ingest } from '../../core/ingest';
import { systemClock, type MediaProbe, type Transcoder } from '../../ports';
import { cloudStorage } from './clients';
import { readJobStatusConfig } from './config';
import { jobOutcome, type MediaConvertJobEvent } from './jobEvents';

/**
 * The status Lambda: MediaConvert "Job State Change" (COMPLETE, ERROR) → the asset becomes
 * `ready` with its proxy and thumbnail, or `failed` with MediaConvert's reason. Only the
 * catalog half of ingest runs here: nothing is probed or transcoded.
 */
const config = readJobStatusConfig(process.env);
const { catalog, objects } = cloudStorage(config);
const notHere = (what: string) => () => Promise.reject(new Error(`the status Lambda does not ${what}`));
const ingest = new Ingest({
  catalog,
  objects,
  clock: systemClock,
  probe: { probe: notHere('probe') } satisfies MediaProbe,
  transcoder: { name: 'none', transcode: notHere('transcode') } satisfies Transcoder,
});

export async function handler(event: MediaConvertJobEvent): Promise<void> {
  const result = jobOutcome(event, config.jobOwner);
  if ('ignored' in result) return;
  const outcome = await ingest.transcodeFinished(result.assetId, result.outcome);
  console.log(JSON.stringify({ msg: 'transcode finished', jobId: event.detail.jobId, assetId: result.assetId, ...outcome }));
}
