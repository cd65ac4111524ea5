import type { S3Client } from '@aws-sdk/client-s3';
import type { UploadGrant, UploadTarget } from '@rushes/shared';
import type { Clock } from '../transfers/clock';
import { exponentialBackoff, withRetry } from '../transfers/queue';
import { isExpiredCredentials, isTransient, isUnknownUpload, s3ClientFor } from './s3Target';
import type { UploadLimits, UploadSessions } from './manager';

/** Credentials are renewed this long before they expire, so no part starts on a dying key. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Raised to start a file over: it changed on disk, or S3 forgot its multipart upload. */
export class StartOver extends Error {
  constructor(
    message: string,
    readonly rehash: boolean,
  ) {
    super(message);
  }
}

export interface Grant {
  client: S3Client;
  bucket: string;
  expiresAt: number;
}

export interface UploadGrantsOptions {
  sessions: UploadSessions;
  limits: UploadLimits;
  clock: Clock;
  makeClient?: ((target: UploadTarget, grant: UploadGrant) => S3Client) | undefined;
}

/**
 * The S3 clients of an upload, one per granted key, renewed before their credentials
 * expire, and the retries a person would want around each request made with them.
 */
export class UploadGrants {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly options: UploadGrantsOptions) {}

  /**
   * One request for `key`: network trouble and 5xx wait and try again (0.5 s, 1 s, 2 s… up to
   * 30 s), expired credentials are renewed, a multipart upload the store forgot starts over.
   * `onFailed` runs after each failed try.
   */
  attempt<R>(key: string, signal: AbortSignal, request: (grant: Grant) => Promise<R>, onFailed: () => void = () => undefined): Promise<R> {
    return withRetry(
      async () => {
        const grant = await this.grant(key);
        try {
          return await request(grant);
        } catch (error) {
          onFailed();
          throw error;
        }
      },
      {
        attempts: this.options.limits.attempts,
        backoffMs: exponentialBackoff(this.options.limits.backoffMs),
        clock: this.options.clock,
        signal,
        classify: (error) => {
          if (isUnknownUpload(error)) throw new StartOver('The store no longer knows this upload.', false);
          if (isExpiredCredentials(error)) {
            this.drop(key);
            return 'now';
          }
          return isTransient(error) ? 'wait' : 'stop';
        },
      },
    );
  }

  async grant(key: string): Promise<Grant> {
    const cached = this.grants.get(key);
    if (cached && cached.expiresAt - this.options.clock.now() > RENEW_BEFORE_MS) return cached;
    if (cached) this.drop(key);
    const answer = await this.options.sessions.credentials([key]);
    const given = answer.grants.find((grant) => grant.keys.includes(key));
    if (!given) throw new Error(`The API gave no credentials for ${key}`);
    const grant = {
      client: (this.options.makeClient ?? s3ClientFor)(answer.target, given),
      bucket: answer.target.bucket,
      expiresAt: Date.parse(given.expiresAt),
    };
    this.grants.set(key, grant);
    return grant;
  }

  dispose(): void {
    for (const grant of this.grants.values()) grant.client.destroy();
    this.grants.clear();
  }

  private drop(key: string): void {
    this.grants.get(key)?.client.destroy();
    this.grants.delete(key);
  }
}
