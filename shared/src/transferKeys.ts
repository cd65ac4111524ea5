/**
 * Where a transfer job's files live in the derived bucket: its manifest (written by the
 * core, read by the workstation) and its result (written by the workstation, read by the
 * core or the status Lambda), side by side under the job's own folder. The IAM policies
 * and the SSM documents' allowed pattern are built from the same layout.
 */

/** Every transfer job's folder is below this prefix of the derived bucket. */
export const TRANSFERS_PREFIX = 'transfers/';
export const TRANSFER_MANIFEST_NAME = 'manifest.json';
export const TRANSFER_RESULT_NAME = 'result.json';

/** The job's folder; `*` gives the pattern an IAM resource needs for every job. */
export function transferFolder(jobId: string): string {
  return `${TRANSFERS_PREFIX}${jobId}/`;
}

export function transferManifestKey(jobId: string): string {
  return `${transferFolder(jobId)}${TRANSFER_MANIFEST_NAME}`;
}

export function transferResultKey(jobId: string): string {
  return `${transferFolder(jobId)}${TRANSFER_RESULT_NAME}`;
}
