import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import http from 'node:http';
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
import { createLocalS3Client } from '../src/local/s3Client';
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
  s3 = createLocalS3Client(standin.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await standin?.stop();
  await data?.remove();
});

async function uploadParts(key: string, parts: Buffer[], metadata?: Record<string, string>) {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ...(metadata ? { Metadata: metadata } : {}) }),
  );
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
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
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
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'replace.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    expect((await body('replace.bin')).equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a part that was never uploaded, and a part listed twice, changing nothing', async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(10)];
    const { uploadId, etags } = await uploadParts('refused.bin', parts);
    const complete = (list: { ETag: string; PartNumber: number }[]) =>
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'refused.bin', UploadId: uploadId, MultipartUpload: { Parts: list } }),
      );
    await expect(
      complete([
        { ETag: etags[0]!, PartNumber: 1 },
        { ETag: etags[1]!, PartNumber: 3 },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(
      complete([
        { ETag: etags[0]!, PartNumber: 1 },
        { ETag: etags[0]!, PartNumber: 1 },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidPartOrder' });
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

    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/other.bin', UploadId: uploadId })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: 'no-such-upload' })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    const stranger = new S3Client({
      region: 'local',
      endpoint: standin.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'STRANGER', secretAccessKey: 'x' },
    });
    await expect(
      stranger.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: uploadId })),
    ).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    stranger.destroy();
    expect((await holding()).length).toBeGreaterThan(0);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'Show A/aborted #1.bin', UploadId: uploadId }));
    expect(await holding()).toEqual([]);
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'Show A/aborted #1.bin',
          UploadId: uploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  /** Where s3rver keeps an upload's parts (found, not assumed: its layout is its own). */
  async function partsDir(uploadId: string): Promise<string> {
    const names = await readdir(path.join(data.dir, 's3'), { recursive: true });
    const found = names.find((name) => name.endsWith(uploadId));
    if (!found) throw new Error(`no directory for upload ${uploadId}`);
    return path.join(data.dir, 's3', found);
  }

  it('writes equal parts straight into place: completing a large upload copies nothing', async () => {
    const parts = [randomBytes(6 * MIB), randomBytes(6 * MIB), randomBytes(6 * MIB), randomBytes(1234)];
    const key = 'Show A/Day 2/A002C003.mov';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    // In flight together and out of order, as clients send them.
    const etags = await Promise.all(
      [3, 1, 4, 2].map(
        async (n) =>
          [
            n,
            (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: n, Body: parts[n - 1] }))).ETag!,
          ] as const,
      ),
    ).then((answers) => new Map(answers));
    const assembly = await stat(path.join(await partsDir(UploadId!), 'assembly'));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [1, 2, 3, 4].map((n) => ({ PartNumber: n, ETag: etags.get(n)! })) },
      }),
    );
    expect((await body(key)).equals(Buffer.concat(parts))).toBe(true);
    const objects = await readdir(path.join(data.dir, 's3', BUCKET), { recursive: true });
    const objectFile = objects.find((name) => name.includes('A002C003.mov') && name.endsWith('object'));
    // The object is the very file the parts were written into: renamed, not copied.
    expect((await stat(path.join(data.dir, 's3', BUCKET, objectFile!))).ino).toBe(assembly.ino);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag).toBe(multipartEtag(parts));
  });

  it('still assembles parts of mixed sizes, a last part sent first and a part sent again', async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(7 * MIB), randomBytes(5 * MIB + 3), randomBytes(10)];
    const key = 'mixed.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const send = async (n: number, bytes: Buffer) =>
      (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: n, Body: bytes }))).ETag!;
    const etags = new Map<number, string>();
    etags.set(4, await send(4, parts[3]!)); // the short last part fixes a tiny slot: the others go to files of their own
    const stale = await send(2, randomBytes(7 * MIB));
    for (const n of [1, 2, 3]) etags.set(n, await send(n, parts[n - 1]!));
    const complete = (list: { PartNumber: number; ETag: string }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: list } }));
    // The replaced part's ETag is no longer good, as on S3.
    await expect(complete([1, 2, 3, 4].map((n) => ({ PartNumber: n, ETag: n === 2 ? stale : etags.get(n)! })))).rejects.toMatchObject({
      name: 'InvalidPart',
    });
    await complete([1, 2, 3, 4].map((n) => ({ PartNumber: n, ETag: etags.get(n)! })));
    expect((await body(key)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('a part cut off mid-body is not a part: completing with it is refused', async () => {
    const key = 'cut.bin';
    const first = randomBytes(5 * MIB);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const etag1 = (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: first }))).ETag!;
    const etag2 = (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 2, Body: randomBytes(5 * MIB) })))
      .ETag!;
    // Part 2 sent again, but the connection drops after 1 MiB of its 5 (s3rver checks only the key id).
    const url = new URL(`${standin.endpoint}/${BUCKET}/${key}?partNumber=2&uploadId=${UploadId}`);
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const request = http.request(url, {
      method: 'PUT',
      headers: {
        'content-length': String(5 * MIB),
        authorization: `AWS4-HMAC-SHA256 Credential=S3RVER/${amzDate.slice(0, 8)}/local/s3/aws4_request, SignedHeaders=host, Signature=00`,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-date': amzDate,
      },
    });
    request.on('error', () => undefined); // the cut below
    await new Promise<void>((resolve) => request.write(randomBytes(MIB), () => resolve()));
    // Cut it once the stand-in has taken the re-sent part on (it drops the old part's record
    // first). Two fixed 200 ms waits raced that on a loaded machine: a Complete that came
    // first found the old part still good.
    const record = path.join(await partsDir(UploadId!), '2.part.json');
    const recordState = () =>
      stat(record).then(
        () => 'kept',
        () => 'dropped',
      );
    await expect.poll(recordState, { timeout: 30_000, interval: 20 }).toBe('dropped');
    request.destroy();
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: etag1 },
              { PartNumber: 2, ETag: etag2 },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
  });
});
