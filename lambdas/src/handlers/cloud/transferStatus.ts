import { SSMClient } from '@aws-sdk/client-ssm';
import { SsmTransferExecutor } from '../../adapters/ssmTransferExecutor';
import { systemClock } from '../../ports';
import type { Directory } from '../../ports/directory';
import { transferServices } from '../apiServices';
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
 * The transfers use case over the same catalog as the API. Finishing a job only reads and
 * writes the catalog (the job, its assets' locations, the audit log): the directory and
 * the SSM client are there because the use case is built whole, and are never called.
 */
function connectTransfers(adapters: ReturnType<typeof cloudStorage>): TransferFinisher {
  // Every directory call is refused: none is expected here, and one must not pass silently.
  const noDirectory = new Proxy({} as Directory, {
    get: () => () => Promise.reject(new Error('the transfer status Lambda does not read the user directory')),
  });
  return transferServices({
    catalog: adapters.catalog,
    objects: adapters.objects,
    derived: adapters.derived,
    directory: noDirectory,
    clock: systemClock,
    version: config.version,
    executor: new SsmTransferExecutor(new SSMClient({ region: config.region }), config.transferDocuments),
  }).transfers;
}

export const handler = transferStatusHandler({
  s3: storage.s3,
  derivedBucket: config.derivedBucket,
  documents: [config.transferDocuments.windows, config.transferDocuments.linux],
  transfers: connectTransfers(storage),
});
