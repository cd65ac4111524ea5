import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stat } from 'node:fs/promises';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore, StoredObject } from '../ports';

/** CopyObject's limit; larger objects need a multipart copy. */
export const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
/** Part size for multipart copies: 10,000 parts of 512 MiB cover S3's 5 TiB maximum. */
export const COPY_PART_SIZE = 512 * 1024 ** 2;

export interface S3ObjectStoreOptions {
  bucket: string;
  /**
   * How objects over 5 GB are copied: `multipart` (UploadPartCopy, S3 and most compatible
   * stores) or `stream` (read and write through this process: s3rver has no UploadPartCopy).
   */
  largeCopy: 'multipart' | 'stream';
  /**
   * How the copy source key is escaped: `component` (each segment fully percent-encoded, as
   * S3 specifies) or `uri` (encodeURI: s3rver decodes the header with decodeURI, which
   * leaves `%23`, `%3B`, `%24`… undecoded, so keys with `#`, `;` or `$` would not be found).
   */
  copySourceEncoding?: 'component' | 'uri';
  /** Objects above this size take the large-copy path (default 5 GB, CopyObject's limit). */
  singleCopyLimit?: number;
}

/** The media bucket through the AWS SDK: Amazon S3, s3rver or any S3-compatible store. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3ObjectStoreOptions,
  ) {}

  get bucket(): string {
    return this.options.bucket;
  }

  async head(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return {
        key,
        size: head.ContentLength ?? 0,
        etag: (head.ETag ?? '').replaceAll('"', ''),
        lastModified: (head.LastModified ?? new Date(0)).toISOString(),
      };
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return null;
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string, size: number): Promise<void> {
    const bucket = this.options.bucket;
    const source = `${bucket}/${this.options.copySourceEncoding === 'uri' ? encodeURI(fromKey) : encodeKey(fromKey)}`;
    if (size <= (this.options.singleCopyLimit ?? SINGLE_COPY_LIMIT)) {
      await this.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: toKey, CopySource: source }));
      return;
    }
    if (this.options.largeCopy === 'stream') {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: fromKey }));
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: toKey, Body: object.Body, ContentLength: size }));
      return;
    }
    const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: toKey }));
    if (!UploadId) throw new Error('S3 started a multipart copy without an upload id');
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, partNumber = 1; start < size; start += COPY_PART_SIZE, partNumber += 1) {
        const end = Math.min(start + COPY_PART_SIZE, size) - 1;
        const part = await this.s3.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: toKey,
            UploadId,
            PartNumber: partNumber,
            CopySource: source,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: part.CopyPartResult?.ETag ?? '', PartNumber: partNumber });
      }
      await this.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: toKey, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: toKey, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async *list(prefix: string, options: { startAfter?: string } = {}): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: prefix || undefined,
          StartAfter: options.startAfter || undefined,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          etag: (object.ETag ?? '').replaceAll('"', ''),
          lastModified: (object.LastModified ?? new Date(0)).toISOString(),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return object.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async putText(key: string, text: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: text, ContentType: contentType }));
  }

  presignGet(key: string, options: { expiresInSeconds: number; downloadName: string }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(options.downloadName),
    });
    return getSignedUrl(this.s3, command, { expiresIn: options.expiresInSeconds });
  }
}

/** CopySource is a URL path: each segment percent-encoded, slashes kept. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** RFC 6266 with an ASCII fallback, so any name (quotes, emoji) is saved as itself. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Uploads a finished local file (a derivative ffmpeg wrote) to `bucket`, streamed from disk. */
export function s3FileStore(s3: S3Client, bucket: string) {
  return async (key: string, file: string, contentType: string): Promise<void> => {
    const { size } = await stat(file);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: contentType }),
    );
  };
}

/** Copies one object to a local file (a look's cube for ffmpeg): the mirror of s3FileStore. */
export function s3FileFetch(s3: S3Client, bucket: string) {
  return async (key: string, file: string): Promise<void> => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!(answer.Body instanceof Readable)) throw new Error(`s3://${bucket}/${key} came back without a body`);
    await pipeline(answer.Body, createWriteStream(file));
  };
}
