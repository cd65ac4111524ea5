import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransferJobIdSchema, TransferResultSchema, transferManifestKey, transferResultKey, type TransferResult } from '@rushes/shared';
import { TRANSFER_DOCUMENT_PARAMETERS } from '../../adapters/ssmTransferExecutor';

/** SSM's "EC2 Command Status-change Notification", the parts read here. */
export interface SsmCommandEvent {
  'detail-type': string;
  source: string;
  detail: {
    'command-id'?: string;
    'document-name'?: string;
    status?: string;
    /** The command's parameters as sent: each a list of strings. */
    parameters?: Record<string, unknown>;
  };
}

export type TransferOutcome = { readonly result: TransferResult } | { readonly error: string };

/**
 * What the status Lambda needs from the transfers use case: `Transfers.finish` in
 * lambdas/src/core/transfers.ts takes exactly this (the job's files and assets updated, the
 * job `succeeded` or `failed` with its reasons).
 */
export interface TransferFinisher {
  finish(jobId: string, outcome: TransferOutcome): Promise<void>;
}

/** Not over yet: the command is still on its way or running. Every other status is an end. */
const RUNNING = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

/** A result for 10,000 files is about 1.2 MB; anything far larger is not one of ours. */
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

export type CommandEnd = { jobId: string; commandId: string; status: string } | { ignored: string };

/** Which job a command-status event ends; commands of other documents, still running or not ours are ignored. */
export function commandEnd(event: SsmCommandEvent, documents: readonly string[], derivedBucket: string): CommandEnd {
  const { detail } = event;
  if (event.source !== 'aws.ssm' || event['detail-type'] !== 'EC2 Command Status-change Notification')
    return { ignored: `${event.source} ${event['detail-type']}` };
  if (!detail['document-name'] || !documents.includes(detail['document-name']))
    return { ignored: `document ${String(detail['document-name'])} is not a Rushes transfer` };
  const status = detail.status ?? '';
  if (status === '' || RUNNING.has(status)) return { ignored: `status ${status || 'missing'}` };
  const jobId = firstValue(detail.parameters, TRANSFER_DOCUMENT_PARAMETERS.jobId);
  if (!TransferJobIdSchema.safeParse(jobId).success) return { ignored: 'the command carries no valid job id' };
  // The document's allowedPattern already ties the manifest to the derived bucket; a command that points elsewhere is not ours.
  if (firstValue(detail.parameters, TRANSFER_DOCUMENT_PARAMETERS.manifestUri) !== `s3://${derivedBucket}/${transferManifestKey(jobId!)}`) {
    return { ignored: `job ${jobId}: the manifest is not in this deploy's derived bucket` };
  }
  return { jobId: jobId!, commandId: detail['command-id'] ?? '', status };
}

/**
 * How the job ended, from SSM's status and the result file (null: none was written). A valid
 * result for this job is what happened, whatever SSM says (the script writes it last); without
 * one the job failed, and the reason names SSM's status.
 */
export function transferOutcome(jobId: string, status: string, resultText: ResultFile): TransferOutcome {
  if (typeof resultText === 'object' && resultText !== null) {
    return { error: `the workstation's result file is too large to be one of ours (${resultText.tooLarge} bytes; SSM status ${status})` };
  }
  if (resultText !== null) {
    let json: unknown;
    try {
      json = JSON.parse(resultText);
    } catch {
      return { error: `the workstation's result file is not JSON (SSM status ${status})` };
    }
    const parsed = TransferResultSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        error:
          `the workstation's result file is not valid: ${issue?.path.join('.') || 'result'} ${issue?.message ?? ''} (SSM status ${status})`.replace(
            / +\(/,
            ' (',
          ),
      };
    }
    if (parsed.data.jobId !== jobId)
      return { error: `the workstation's result file belongs to job ${parsed.data.jobId} (SSM status ${status})` };
    return { result: parsed.data };
  }
  switch (status) {
    case 'Success':
      return { error: 'the workstation finished without writing a result (SSM status Success)' };
    case 'DeliveryTimedOut':
    case 'Undeliverable':
      return { error: `the workstation never received the transfer: its SSM agent is offline or unreachable (SSM status ${status})` };
    case 'TimedOut':
    case 'ExecutionTimedOut':
      return { error: `timed out on the workstation before it wrote a result (SSM status ${status})` };
    case 'Cancelled':
      return { error: 'cancelled before the workstation wrote a result (SSM status Cancelled)' };
    default:
      return { error: `the transfer script stopped on the workstation before it wrote a result (SSM status ${status})` };
  }
}

/** The result file's text; null when there is none; its size when it is too large to read. */
export type ResultFile = string | null | { tooLarge: number };

/** Reads the result file. S3 errors other than a missing key throw, so EventBridge tries again. */
export async function readResult(s3: S3Client, bucket: string, jobId: string): Promise<ResultFile> {
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: transferResultKey(jobId) }));
    if ((answer.ContentLength ?? 0) > MAX_RESULT_BYTES) {
      (answer.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { tooLarge: answer.ContentLength ?? 0 };
    }
    return (await answer.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

export interface TransferStatusDeps {
  s3: S3Client;
  derivedBucket: string;
  documents: readonly string[];
  transfers: TransferFinisher;
  log?: (line: Record<string, unknown>) => void;
}

/** The status Lambda's work: command ended → its result read and validated → the job finished. */
export function transferStatusHandler(deps: TransferStatusDeps): (event: SsmCommandEvent) => Promise<void> {
  const log = deps.log ?? ((line) => console.log(JSON.stringify(line)));
  return async (event) => {
    const end = commandEnd(event, deps.documents, deps.derivedBucket);
    if ('ignored' in end) return;
    const outcome = transferOutcome(end.jobId, end.status, await readResult(deps.s3, deps.derivedBucket, end.jobId));
    await deps.transfers.finish(end.jobId, outcome);
    log({
      msg: 'transfer finished',
      jobId: end.jobId,
      commandId: end.commandId,
      status: end.status,
      ...('error' in outcome ? { error: outcome.error } : { files: outcome.result.entries.length }),
    });
  };
}

function firstValue(parameters: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = parameters?.[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first : undefined;
}
