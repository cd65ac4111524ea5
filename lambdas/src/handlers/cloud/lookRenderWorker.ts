import { cloudLookRenderStore, cloudStorage } from './clients';
import { readRenderWorkerConfig } from './config';
import { renderWorker } from './lookRenderQueue';
import { cloudMediaIngest } from './mediaIngest';

/**
 * The look re-render worker: render queue (SQS) → here. Each message is a few assets of one
 * re-render; each gets the graded MediaConvert job an ingest would submit (Ingest.regrade),
 * tagged with the re-render, whose completion event the status Lambda settles.
 */
const config = readRenderWorkerConfig(process.env);
const { s3, catalog, objects, derived } = cloudStorage(config);
const ingestOnce = cloudMediaIngest(config, { s3, catalog, objects, derived });

export const handler = renderWorker({
  store: cloudLookRenderStore(config),
  regrade: async (assetId, renderId) => (await ingestOnce()).regrade(assetId, undefined, renderId),
  maxReceiveCount: config.maxReceiveCount,
  log: (message, error) =>
    console.log(JSON.stringify({ msg: message, ...(error === undefined ? {} : { error: String(error).slice(0, 500) }) })),
});
