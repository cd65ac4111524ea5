import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../adapters/s3ObjectStore';

/** s3rver accepts only its built-in key id (it never verifies the secret). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * The S3 client for the local stand-in. s3rver does not understand `aws-chunked` bodies: with
 * the SDK's default flexible checksums a streamed PutObject is stored with its chunk framing,
 * so checksums are sent only where an operation requires them.
 */
export function createLocalS3Client(endpoint: string): S3Client {
  return new S3Client({
    region: 'local',
    endpoint,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The media bucket on s3rver: no UploadPartCopy (stream large copies), decodeURI'd copy sources. */
export function createLocalObjectStore(client: S3Client, bucket: string): S3ObjectStore {
  return new S3ObjectStore(client, { bucket, largeCopy: 'stream', copySourceEncoding: 'uri' });
}
