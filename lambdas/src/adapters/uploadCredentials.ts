import { AssumeRoleCommand, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { utf8ByteLength, type UploadGrant, type UploadTarget } from '@rushes/shared';
import type { Clock, UploadCredentials } from '../ports';

/** What STS accepts as a plain-text session policy (AWS counts characters; we count UTF-8 bytes, which is never fewer). */
export const MAX_SESSION_POLICY_BYTES = 2_048;
/** One hour: long enough for a large part on a slow line; the desktop renews before expiry. */
export const UPLOAD_CREDENTIAL_SECONDS = 3_600;

/**
 * The only actions an upload needs. s3:PutObject covers PutObject, CreateMultipartUpload,
 * UploadPart and CompleteMultipartUpload; abort and list-parts let the desktop clean up
 * and check its own multipart uploads; tagging puts the SHA-256 on a multipart upload's
 * object once it is known. Nothing here reads, deletes or lists the bucket.
 */
export const UPLOAD_ACTIONS = ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] as const;

/**
 * The session policy for writing exactly `keys`. In IAM resource ARNs `*` and `?` are
 * wildcards and `${…}` a policy variable; names.ts refuses `*` and `?`, but `$` is a legal
 * file name character, so each of the three is written in IAM's escaped form.
 */
export function uploadSessionPolicy(bucket: string, keys: readonly string[], partition = 'aws') {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RushesUploadExactKeys',
        Effect: 'Allow',
        Action: [...UPLOAD_ACTIONS],
        Resource: keys.map((key) => `arn:${partition}:s3:::${bucket}/${escapeIamResource(key)}`),
      },
    ],
  };
}

export function escapeIamResource(key: string): string {
  return key.replace(/[$*?]/g, (char) => '${' + char + '}');
}

/** Splits keys into the fewest consecutive groups whose policy fits STS's size limit. */
export function policyGroups(bucket: string, keys: readonly string[], partition = 'aws', limit = MAX_SESSION_POLICY_BYTES): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const key of keys) {
    const candidate = [...current, key];
    if (utf8ByteLength(JSON.stringify(uploadSessionPolicy(bucket, candidate, partition))) <= limit) {
      current = candidate;
      continue;
    }
    if (current.length === 0) throw new Error(`The key "${key.slice(0, 80)}…" alone makes a session policy over ${limit} bytes`);
    groups.push(current);
    current = [key];
    if (utf8ByteLength(JSON.stringify(uploadSessionPolicy(bucket, current, partition))) > limit) {
      throw new Error(`The key "${key.slice(0, 80)}…" alone makes a session policy over ${limit} bytes`);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The slice of the STS client this adapter uses, so tests can hand in a recording fake. */
export interface StsLike {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export interface StsUploadCredentialsOptions {
  /** The role the API may assume; its own policy allows writes to the media bucket. */
  roleArn: string;
  bucket: string;
  region: string;
  partition?: string;
  durationSeconds?: number;
}

/** Cloud mode: temporary credentials whose session policy allows writing the named keys only. */
export class StsUploadCredentials implements UploadCredentials {
  readonly target: UploadTarget;

  constructor(
    private readonly sts: StsLike,
    private readonly options: StsUploadCredentialsOptions,
  ) {
    this.target = { endpoint: null, region: options.region, bucket: options.bucket, forcePathStyle: false };
  }

  async grant(keys: readonly string[], caller: { userId: string; email: string }): Promise<UploadGrant[]> {
    const partition = this.options.partition ?? 'aws';
    const grants: UploadGrant[] = [];
    for (const group of policyGroups(this.options.bucket, keys, partition)) {
      const answer = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: this.options.roleArn,
          RoleSessionName: roleSessionName(caller.userId),
          DurationSeconds: this.options.durationSeconds ?? UPLOAD_CREDENTIAL_SECONDS,
          Policy: JSON.stringify(uploadSessionPolicy(this.options.bucket, group, partition)),
        }),
      );
      const c = answer.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new Error('STS AssumeRole answered without complete credentials');
      }
      grants.push({
        keys: group,
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        expiresAt: c.Expiration.toISOString(),
        kind: 'sts',
      });
    }
    return grants;
  }
}

/** CloudTrail shows who uploaded: `rushes-upload-<user id>`, within STS's 64 characters of [\w+=,.@-]. */
export function roleSessionName(userId: string): string {
  return `rushes-upload-${userId.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
}

/**
 * Local mode (or any S3-compatible store with one key pair): the store's own credentials.
 * s3rver verifies no signatures, so they cannot be scoped; the API's permission check is
 * the only gate, which is why local mode binds every port to 127.0.0.1. They are given an
 * expiry like STS credentials so the desktop renews them the same way in both modes.
 */
export class StaticUploadCredentials implements UploadCredentials {
  constructor(
    readonly target: UploadTarget,
    private readonly credentials: { accessKeyId: string; secretAccessKey: string },
    private readonly clock: Clock,
    private readonly lifetimeSeconds = UPLOAD_CREDENTIAL_SECONDS,
  ) {}

  async grant(keys: readonly string[]): Promise<UploadGrant[]> {
    const expiresAt = new Date(this.clock.now().getTime() + this.lifetimeSeconds * 1000).toISOString();
    return [{ keys: [...keys], credentials: { ...this.credentials, sessionToken: null }, expiresAt, kind: 'local' }];
  }
}
