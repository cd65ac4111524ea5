// s3rver ships no types; the ambient declaration must travel with this file to every tsconfig that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type S3rver from 's3rver';

/**
 * CompleteMultipartUpload for s3rver, done the way S3 does it.
 *
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

const COPY_BUFFER = 8 * 1024 * 1024;
const require = createRequire(import.meta.url);

export function assembleMultipartLikeS3(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;

  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const uploadDir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const [key, metadata] = await Promise.all([
      readFile(path.join(uploadDir, 'key'), 'utf8'),
      readFile(path.join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Record<string, string>),
    ]);
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
