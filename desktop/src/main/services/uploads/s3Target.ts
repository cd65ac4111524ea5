import { S3Client } from '@aws-sdk/client-s3';
import type { UploadGrant, UploadTarget } from '@rushes/shared';

/**
 * An S3 client for one grant of upload credentials. Bodies are streams read from disk and
 * cannot be replayed, so the SDK does not retry: the upload manager retries a part by
 * reading it again. Checksums are sent only where S3 requires them: s3rver stores
 * `aws-chunked` bodies with their framing, and our own SHA-256 covers the whole file.
 */
export function s3ClientFor(target: UploadTarget, grant: UploadGrant): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.forcePathStyle,
    credentials: {
      accessKeyId: grant.credentials.accessKeyId,
      secretAccessKey: grant.credentials.secretAccessKey,
      ...(grant.credentials.sessionToken ? { sessionToken: grant.credentials.sessionToken } : {}),
    },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Errors worth another try after a pause: the network, throttling, S3's own 5xx. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return true;
  const name = e.name ?? '';
  const code = e.code ?? '';
  if (
    [
      'SlowDown',
      'RequestTimeout',
      'RequestTimeoutException',
      'TimeoutError',
      'InternalError',
      'ServiceUnavailable',
      'NetworkingError',
    ].includes(name)
  )
    return true;
  if (
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(
      code,
    )
  )
    return true;
  return (error as { code?: string }).code === 'NETWORK' || (name === 'DomainError' && (error as { code?: string }).code === 'UNAVAILABLE');
}

/** Credentials S3 no longer takes: renew them and try again. */
export function isExpiredCredentials(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return ['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'InvalidToken', 'InvalidAccessKeyId'].includes(name);
}

/** S3 forgot the multipart upload (aborted, or expired by a lifecycle rule): start it again. */
export function isUnknownUpload(error: unknown): boolean {
  return (error as { name?: string }).name === 'NoSuchUpload';
}
