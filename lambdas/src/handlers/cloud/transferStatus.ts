import { cloudStorage } from './clients';
import { readTransferStatusConfig } from './config';
import { transferStatusHandler, type TransferFinisher } from './transferEvents';

/**
 * The transfer status Lambda: SSM "EC2 Command Status-change Notification" for the Rushes
 * transfer documents (the transfers stack's rule sends only those) → the workstation's
 * `transfers/<jobId>/result.json` read from the derived bucket and validated → the job
 * finished through the transfers use case: each file's state and asset location updated,
 * the job `succeeded` or `failed` with its reasons. A command that ended without a result
 * (timed out, never delivered, cancelled, the script died) fails the job naming SSM's status.
 */
const config = readTransferStatusConfig(process.env);
const storage = cloudStorage(config);

/**
 * MERGE SEAM (issue 7): the transfers use case (`Transfers` in lambdas/src/core/transfers.ts,
 * written on the fsx-core branch) is not on this branch. At merge, build it here from
 * `storage` (catalog, objects, derived) as handlers/apiServices.ts builds it for the API and
 * return it: its `finish(jobId, outcome)` is exactly TransferFinisher. Until then a finished
 * command fails loudly (logged, retried by EventBridge) instead of being dropped.
 */
function connectTransfers(_storage: ReturnType<typeof cloudStorage>): TransferFinisher {
  return {
    finish: (jobId) => Promise.reject(new Error(`transfer ${jobId} ended, but this build's status Lambda is not connected to the transfers use case`)),
  };
}

export const handler = transferStatusHandler({
  s3: storage.s3,
  derivedBucket: config.derivedBucket,
  documents: [config.transferDocuments.windows, config.transferDocuments.linux],
  transfers: connectTransfers(storage),
});
