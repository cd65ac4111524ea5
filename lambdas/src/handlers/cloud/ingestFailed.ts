import { Ingest } from '../../core/ingest';
import { IngestRecovery, parseIngestFailure } from '../../core/ingestRecovery';
import { StorageSync } from '../../core/sync';
import { systemClock, type MediaProbe, type Transcoder } from '../../ports';
import { cloudStorage } from './clients';
import { readIngestFailedConfig } from './recoveryConfig';
import { keyCandidates } from './storageEvents';

/**
 * The ingest Lambda's on-failure destination: Lambda calls this once every retry of an
 * ingest event has thrown, with the event and the last error. The asset ends `failed` with
 * that reason, never `processing` forever. A record this cannot read throws, naming the
 * field, so after its own retries it rests in the dead-letter queue for someone to look at.
 */
const config = readIngestFailedConfig(process.env);
const { catalog, objects, derived } = cloudStorage(config);
const notHere = (what: string) => () => Promise.reject(new Error(`the ingest failure handler does not ${what}`));
const ingest = new Ingest({
  catalog,
  objects,
  clock: systemClock,
  probe: { probe: notHere('probe') } satisfies MediaProbe,
  transcoder: { name: 'none', transcode: notHere('transcode') } satisfies Transcoder,
});
const recovery = new IngestRecovery({
  catalog,
  ingest,
  sync: new StorageSync({ catalog, objects, derived, clock: systemClock }),
  clock: systemClock,
});

export async function handler(record: unknown): Promise<void> {
  const failure = parseIngestFailure(record);
  if (!failure.ok) throw new Error(`Not an ingest failure record: ${failure.field}: ${failure.message}`);
  if (failure.bucket !== config.mediaBucket)
    throw new Error(`Not an ingest failure record: bucket ${failure.bucket} is not the media bucket`);
  const outcome = await recovery.ingestGaveUp(failure, keyCandidates(failure.key));
  console.log(JSON.stringify({ msg: 'ingest gave up', key: failure.key, attempts: failure.attempts, error: failure.message, outcome }));
}
