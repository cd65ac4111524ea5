import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Standin, type S3Standin } from '../src/local/s3Standin';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';

// CompleteMultipartUpload on the local S3 stand-in: the bytes, S3's ETag, S3's errors.
const BUCKET = 'rushes-media';
const MIB = 1024 * 1024;
let standin: S3Standin;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;

beforeAll(async () => {
  data = await tempDataDir();
  standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets: [BUCKET] });
  s3 = new S3Client({
    region: 'local',
    endpoint: standin.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  s3?.destroy();
  await standin?.stop();
  await data?.remove();
});

async function uploadParts(key: string, parts: Buffer[], metadata?: Record<string, string>) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ...(metadata ? { Metadata: metadata } : {}) }));
  const etags: string[] = [];
  for (const [index, body] of parts.entries()) {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: index + 1, Body: body }));
    etags.push(ETag!);
  }
  return { uploadId: UploadId!, etags };
}

async function body(key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, `-`, the number of parts. */
function multipartEtag(parts: Buffer[]): string {
  const outer = createHash('md5');
  for (const part of parts) outer.update(createHash('md5').update(part).digest());
  return `"${outer.digest('hex')}-${parts.length}"`;
}

describe('multipart uploads on the S3 stand-in', () => {
  it('joins the parts in order, answers S3’s ETag, keeps the metadata and leaves nothing behind', async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(5 * MIB), randomBytes(9 * MIB + 7), randomBytes(123)];
    const key = 'Show A/Day 1/A001C001 "take" #1.mov';
    const { uploadId, etags } = await uploadParts(key, parts, { sha256: 'f'.repeat(64) });
    // Listed out of order on purpose: S3 sorts by part number only after checking; s3rver's own code sorted too.
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
    );
    expect(done.ETag).toBe(multipartEtag(parts));
    expect((await body(key)).equals(Buffer.concat(parts))).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head).toMatchObject({ ETag: multipartEtag(parts), ContentLength: 19 * MIB + 130, Metadata: { sha256: 'f'.repeat(64) } });
    const leftovers = await readdir(path.join(data.dir, 's3', BUCKET), { recursive: true });
    expect(leftovers.filter((name) => name.includes('assembling') || name.includes(uploadId))).toEqual([]);
  });

  it('replaces an object of the same key whole', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'replace.bin', Body: randomBytes(30 * MIB) }));
    const parts = [randomBytes(5 * MIB), randomBytes(10)];
    const { uploadId, etags } = await uploadParts('replace.bin', parts);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'replace.bin', UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
    expect((await body('replace.bin')).equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a part that was never uploaded, and a part listed twice, changing nothing', async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(10)];
    const { uploadId, etags } = await uploadParts('refused.bin', parts);
    const complete = (list: { ETag: string; PartNumber: number }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'refused.bin', UploadId: uploadId, MultipartUpload: { Parts: list } }));
    await expect(complete([{ ETag: etags[0]!, PartNumber: 1 }, { ETag: etags[1]!, PartNumber: 3 }])).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(complete([{ ETag: etags[0]!, PartNumber: 1 }, { ETag: etags[0]!, PartNumber: 1 }])).rejects.toMatchObject({ name: 'InvalidPartOrder' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'refused.bin' }))).rejects.toMatchObject({ name: 'NotFound' });
    // The upload is still there to complete properly.
    await complete(etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })));
    expect((await body('refused.bin')).equals(Buffer.concat(parts))).toBe(true);
  });

  it('aborts an upload, freeing its parts; an unknown id, another key’s id or a foreign key id is refused', async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(10)];
    const { uploadId, etags } = await uploadParts('Show A/aborted #1.bin', parts);
    const uploadsDir = path.join(data.dir, 's3', BUCKET);
    const holding = async () => (await readdir(uploadsDir, { recursive: true })).filter((name) => name.includes(uploadId));
    expect((await holding()).length).toBeGreaterThan(0);

    await expect(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/other.bin', UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: 'no-such-upload' }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    const stranger = new S3Client({ region: 'local', endpoint: standin.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'STRANGER', secretAccessKey: 'x' } });
    await expect(stranger.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: uploadId }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    stranger.destroy();
    expect((await holding()).length).toBeGreaterThan(0);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: uploadId }));
    expect(await holding()).toEqual([]);
    await expect(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });
});
