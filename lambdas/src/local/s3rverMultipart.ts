// s3rver ships no types; the ambient declaration must travel with this file to every tsconfig that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type S3rver from 's3rver';
import { S3RVER_CREDENTIALS } from './s3Client';

/**
 * Multipart uploads on s3rver, finished and abandoned the way S3 does it.
 *
 * CompleteMultipartUpload: *
 * s3rver assembles an object by piping every part through a 64 KiB stream and an MD5 of the
 * whole content: about 90 MB/s here, so a 4 GiB card clip waited 45 s after its last part,
 * longer than the parts themselves took. S3 does not hash the content again either: a
 * multipart object's ETag is the MD5 of its parts' MD5s, then `-` and the number of parts.
 * This copies the parts with large reads into a temporary file, renames it over the object
 * (a reader never sees half of it), and answers S3's ETag. s3rver does not keep the ETags
 * it gave the parts, so a listed part must exist but its ETag is taken as given (S3 would
 * refuse a wrong one).
 */

/** What of s3rver's FilesystemStore this needs (it ships no types). */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string; size: number }>;
}

type S3ErrorClass = new (code: string, message: string, detail?: Record<string, unknown>) => Error;

const COPY_BUFFER = 1024 * 1024;
const NO_SUCH_UPLOAD = 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.';
const require = createRequire(import.meta.url);

export function assembleMultipartLikeS3(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;

  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const uploadDir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const [key, metadata] = await Promise.all([
      readFile(path.join(uploadDir, 'key'), 'utf8'),
      readFile(path.join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Record<string, string>),
    ]).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD, { UploadId: uploadId });
    });
    const ordered = [...parts].sort((a, b) => a.number - b.number);
    for (const [index, part] of ordered.entries()) {
      if (index > 0 && part.number === ordered[index - 1]!.number) {
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
      }
      const exists = await stat(path.join(uploadDir, String(part.number))).then(() => true, () => false);
      if (!exists) {
        throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", {
          UploadId: uploadId,
          PartNumber: part.number,
          ETag: part.etag,
        });
      }
    }

    const objectPath = store.getResourcePath(bucket, key, 'object');
    await mkdir(path.dirname(objectPath), { recursive: true });
    const assembling = `${objectPath}.assembling-${uploadId}`;
    const partHashes = createHash('md5');
    let size = 0;
    const out = await open(assembling, 'w');
    try {
      const buffer = Buffer.allocUnsafe(COPY_BUFFER);
      for (const part of ordered) {
        partHashes.update(Buffer.from(part.etag.replaceAll('"', ''), 'hex'));
        const input = await open(path.join(uploadDir, String(part.number)), 'r');
        try {
          for (;;) {
            const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0) break;
            await out.write(buffer, 0, bytesRead, size);
            size += bytesRead;
          }
        } finally {
          await input.close();
        }
      }
    } catch (error) {
      await out.close();
      await rm(assembling, { force: true });
      throw error;
    }
    await out.close();
    await rename(assembling, objectPath);
    const etag = `${partHashes.digest('hex')}-${ordered.length}`;
    await store.putMetadata(bucket, key, metadata, etag);
    await rm(uploadDir, { recursive: true, force: true });
    return { md5: etag, size };
  };
}

/**
 * AbortMultipartUpload, which s3rver lacks (it answers 405 and keeps the parts forever):
 * frees the parts of an upload that will not be completed, as S3 does. Returns false when
 * the request is not an abort, for s3rver to handle. The upload id must name an upload of
 * that very key, else NoSuchUpload, like S3.
 */
export async function abortMultipartUpload(server: S3rver, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'DELETE') return false;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const uploadId = url.searchParams.get('uploadId');
  if (uploadId === null) return false;
  // s3rver checks only the access key id of a signature, and so does this.
  const credential = url.searchParams.get('X-Amz-Credential') ?? /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (credential.split('/')[0] !== S3RVER_CREDENTIALS.accessKeyId) {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>');
    return true;
  }
  const store = (server as unknown as { store: FilesystemStore }).store;
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = rest.map((part) => decodeURIComponent(part)).join('/');
  const uploadDir = /^[A-Za-z0-9._-]+$/.test(uploadId) && bucket ? path.join(store.getResourcePath(decodeURIComponent(bucket), undefined, 'uploads'), uploadId) : null;
  const storedKey = uploadDir ? await readFile(path.join(uploadDir, 'key'), 'utf8').catch(() => null) : null;
  if (!uploadDir || storedKey === null || storedKey !== key) {
    res.writeHead(404, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>${NO_SUCH_UPLOAD}</Message></Error>`);
    return true;
  }
  await rm(uploadDir, { recursive: true, force: true });
  res.writeHead(204);
  res.end();
  return true;
}
