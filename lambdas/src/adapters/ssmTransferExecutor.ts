import { CancelCommandCommand, SendCommandCommand, type SSMClient, type SendCommandCommandInput } from '@aws-sdk/client-ssm';
import { InstanceIdSchema, TransferJobIdSchema, transferManifestKey, type WorkstationPlatform } from '@rushes/shared';
import { TransferRefused, type TransferExecutor, type TransferLaunch } from '../ports';

/**
 * The parameters of the project's transfer documents (backend-cdk/src/stacks/transfers.ts
 * declares them from this list): the manifest's S3 URI and the job id, nothing else, so no
 * file name ever reaches a command line. How long a job may run is the job's deadline: past
 * it the transfers use case fails the job and cancels the command; the documents themselves
 * allow SSM's longest run.
 */
export const TRANSFER_DOCUMENT_PARAMETERS = { manifestUri: 'manifestUri', jobId: 'jobId' } as const;

/** SSM's limits: a document's `timeoutSeconds` is at most 48 h; SendCommand's delivery timeout is 30 s to 30 days. */
export const MAX_EXECUTION_SECONDS = 172_800;
const MIN_DELIVERY_SECONDS = 30;

export interface SsmTransferDocuments {
  /** The name of the `aws:runPowerShellScript` document (rushes-transfer.ps1). */
  windows: string;
  /** The name of the `aws:runShellScript` document (rushes-transfer.sh). */
  linux: string;
}

export interface SsmTransferOptions {
  /** Command output (the scripts' own short messages, never file names) goes here when set. */
  outputLogGroup?: string;
}

/**
 * The TransferExecutor of the cloud: SSM Run Command of the project's own document on the
 * workstation's managed instance. It only starts and cancels: the workstation writes
 * `result.json` next to the manifest and SSM's command-status event brings the end to the
 * status Lambda (handlers/cloud/transferStatus.ts).
 */
export class SsmTransferExecutor implements TransferExecutor {
  readonly platforms = ['windows', 'linux'] as const satisfies readonly WorkstationPlatform[];

  constructor(
    private readonly client: SSMClient,
    private readonly documents: SsmTransferDocuments,
    private readonly options: SsmTransferOptions = {},
  ) {}

  async start(launch: TransferLaunch): Promise<{ commandId: string | null }> {
    const input = sendCommandInput(launch, this.documents, this.options);
    let answer;
    try {
      answer = await this.client.send(new SendCommandCommand(input));
    } catch (error) {
      throw new TransferRefused(refusal(error));
    }
    const commandId = answer.Command?.CommandId;
    if (!commandId) throw new TransferRefused('Systems Manager accepted the transfer but returned no command id');
    return { commandId };
  }

  async cancel(launch: TransferLaunch, commandId: string | null): Promise<void> {
    // A job that never got a command has nothing running on the workstation.
    if (commandId === null) return;
    const instanceId = checkedInstance(launch);
    try {
      await this.client.send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: [instanceId] }));
    } catch (error) {
      // The command ended (or was never delivered) in the meantime: nothing left to stop.
      if ((error as { name?: string }).name === 'InvalidCommandId') return;
      throw error;
    }
  }
}

/** The SendCommand request for a launch: the document of the platform, one instance, the two values and the timeouts. */
export function sendCommandInput(
  launch: TransferLaunch,
  documents: SsmTransferDocuments,
  options: SsmTransferOptions = {},
): SendCommandCommandInput {
  const instanceId = checkedInstance(launch);
  const platform = launch.workstation.platform;
  if (platform !== 'windows' && platform !== 'linux')
    throw new Error(`SSM runs transfers on Windows and Linux workstations, not ${platform}`);
  // Checked here as the documents' allowedPattern checks them, so a bad launch fails before any request.
  if (!TransferJobIdSchema.safeParse(launch.jobId).success) throw new Error(`Transfer job id ${JSON.stringify(launch.jobId)} is not valid`);
  if (launch.manifest.key !== transferManifestKey(launch.jobId))
    throw new Error(`The manifest of job ${launch.jobId} must be at ${transferManifestKey(launch.jobId)}`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(launch.manifest.bucket)) throw new Error('The manifest bucket is not an S3 bucket name');
  if (!Number.isInteger(launch.timeoutSeconds) || launch.timeoutSeconds < 1)
    throw new Error('A transfer timeout is a whole number of seconds');

  const p = TRANSFER_DOCUMENT_PARAMETERS;
  return {
    DocumentName: documents[platform],
    // A deploy adds a new version of the document (UpdateMethod NewVersion); run that one, whatever the default.
    DocumentVersion: '$LATEST',
    InstanceIds: [instanceId],
    Parameters: {
      [p.manifestUri]: [`s3://${launch.manifest.bucket}/${launch.manifest.key}`],
      [p.jobId]: [launch.jobId],
    },
    // Delivery: an agent that is offline longer than the job may take never starts it late.
    TimeoutSeconds: Math.max(MIN_DELIVERY_SECONDS, Math.min(launch.timeoutSeconds, 2_592_000)),
    Comment: `Rushes transfer ${launch.jobId}`,
    ...(options.outputLogGroup
      ? { CloudWatchOutputConfig: { CloudWatchOutputEnabled: true, CloudWatchLogGroupName: options.outputLogGroup } }
      : {}),
  };
}

function checkedInstance(launch: TransferLaunch): string {
  const instanceId = launch.workstation.instanceId;
  if (instanceId === null || !InstanceIdSchema.safeParse(instanceId).success) {
    throw new TransferRefused('The workstation has no valid SSM managed instance id; an admin must set it');
  }
  return instanceId;
}

/** SSM's refusal in words an editor or admin can act on. */
function refusal(error: unknown): string {
  const name = (error as { name?: string }).name ?? '';
  switch (name) {
    case 'InvalidInstanceId':
      return "the workstation's SSM agent is offline or the instance id is wrong";
    case 'UnsupportedPlatformType':
      return "the workstation's operating system does not match its platform (Windows or Linux) in Rushes";
    case 'InvalidDocument':
    case 'InvalidDocumentVersion':
      return 'the Rushes transfer document is not deployed in this account and region';
    case 'InvalidParameters':
      return 'Systems Manager refused the transfer parameters';
    case 'ThrottlingException':
      return 'Systems Manager is busy; try again in a minute';
    case 'AccessDeniedException':
      return 'the Rushes API is not allowed to run commands on that workstation';
    default:
      return `Systems Manager could not start the transfer (${name || 'unknown error'})`;
  }
}
