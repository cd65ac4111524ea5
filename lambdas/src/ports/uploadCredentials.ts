import type { UploadGrant, UploadTarget } from '@rushes/shared';

/**
 * Write credentials for the media bucket, for exactly the keys a caller was allowed to
 * upload. Cloud: STS AssumeRole with a session policy naming each key. Local mode: the
 * stand-in's own key (s3rver checks no signatures, so nothing could scope it).
 */
export interface UploadCredentials {
  readonly target: UploadTarget;
  /** One or more grants that together cover `keys`; the caller has been checked already. */
  grant(keys: readonly string[], caller: { userId: string; email: string }): Promise<UploadGrant[]>;
}
