import type { TransferOperation, TransferResult, WorkstationPlatform } from '@rushes/shared';

/**
 * Runs a transfer job's manifest on a workstation. Cloud: SSM SendCommand of the
 * project's own document for the platform, whose only parameters are the manifest's S3 URI
 * and the job id. Local mode: copies against the workstation's folder in this process.
 *
 * Either way the workstation writes `result.json` next to the manifest (TransferResultSchema)
 * and the outcome comes back to `Transfers.finish` (core): the cloud through the
 * command-status EventBridge rule and its Lambda, the local executor by calling the
 * `TransferReports` it was built with.
 */
export interface TransferLaunch {
  readonly jobId: string;
  readonly operation: TransferOperation;
  readonly workstation: {
    readonly id: string;
    readonly platform: WorkstationPlatform;
    readonly instanceId: string | null;
    readonly shareRoot: string;
  };
  /** Where the manifest was written: the derived bucket, `transfers/<jobId>/manifest.json`. */
  readonly manifest: { readonly bucket: string; readonly key: string };
  /** After this many seconds the command is timed out and the job ends `failed`. */
  readonly timeoutSeconds: number;
}

export interface TransferExecutor {
  /** Platforms this executor can run: `local` here, `windows` and `linux` through SSM. */
  readonly platforms: readonly WorkstationPlatform[];
  /**
   * Starts the job; answers the SSM command id (null locally). Throws `TransferRefused` when
   * the workstation cannot take it (unknown instance, SSM agent offline, no share folder).
   */
  start(launch: TransferLaunch): Promise<{ commandId: string | null }>;
  /** Stops a running job as far as it can; the job is then reported as cancelled. */
  cancel(launch: TransferLaunch, commandId: string | null): Promise<void>;
}

/** The refusal of a workstation, in words a person can act on (never a file name). */
export class TransferRefused extends Error {
  override readonly name = 'TransferRefused';
}

/** How a local executor reports back to the core while and after it runs. */
export interface TransferReports {
  /** Bytes written so far for manifest entry `index` (throttled by the executor). */
  progress(jobId: string, index: number, bytesDone: number): void;
  /** The job ended: the result it wrote next to the manifest, or why it could not run. */
  finished(jobId: string, outcome: { readonly result: TransferResult } | { readonly error: string }): Promise<void>;
}
