import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { COPY_PART_SIZE, S3ObjectStore, contentDisposition } from './s3ObjectStore';

// Objects over 5 GB cannot be made here; the multipart copy is checked by the exact
// requests it sends to S3 (the SDK client is the only thing replaced).
function recordingClient(fail?: (name: string, input: Record<string, unknown>) => boolean) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push({ name, input: command.input });
      if (fail?.(name, command.input)) throw new Error('InternalError');
      if (name === 'CreateMultipartUploadCommand') return { UploadId: 'upload-1' };
      if (name === 'UploadPartCopyCommand') return { CopyPartResult: { ETag: `"etag-${String(command.input['PartNumber'])}"` } };
      return {};
    },
  };
  return { client: client as unknown as S3Client, calls };
}

describe('S3ObjectStore.copy', () => {
  it('uses one CopyObject up to 5 GB, with the key URL-encoded in CopySource', async () => {
    const { client, calls } = recordingClient();
    await new S3ObjectStore(client, { bucket: 'media', largeCopy: 'multipart' }).copy(
      'Show A/take #1.mov',
      'Show B/take #1.mov',
      5 * 1024 ** 3,
    );
    expect(calls).toEqual([
      { name: 'CopyObjectCommand', input: { Bucket: 'media', Key: 'Show B/take #1.mov', CopySource: 'media/Show%20A/take%20%231.mov' } },
    ]);
  });

  it('copies a 12 GiB object in 512 MiB UploadPartCopy ranges and completes with every part', async () => {
    const { client, calls } = recordingClient();
    const size = 12 * 1024 ** 3 + 5;
    await new S3ObjectStore(client, { bucket: 'media', largeCopy: 'multipart' }).copy('a/big.mxf', 'b/big.mxf', size);
    const parts = Math.ceil(size / COPY_PART_SIZE);
    expect(parts).toBe(25);
    expect(calls[0]).toEqual({ name: 'CreateMultipartUploadCommand', input: { Bucket: 'media', Key: 'b/big.mxf' } });
    const copies = calls.filter((c) => c.name === 'UploadPartCopyCommand');
    expect(copies).toHaveLength(parts);
    expect(copies[0]!.input).toEqual({
      Bucket: 'media',
      Key: 'b/big.mxf',
      UploadId: 'upload-1',
      PartNumber: 1,
      CopySource: 'media/a/big.mxf',
      CopySourceRange: `bytes=0-${COPY_PART_SIZE - 1}`,
    });
    expect(copies.at(-1)!.input['CopySourceRange']).toBe(`bytes=${24 * COPY_PART_SIZE}-${size - 1}`);
    const complete = calls.at(-1)!;
    expect(complete.name).toBe('CompleteMultipartUploadCommand');
    expect((complete.input['MultipartUpload'] as { Parts: unknown[] }).Parts).toEqual(
      Array.from({ length: parts }, (_, i) => ({ ETag: `"etag-${i + 1}"`, PartNumber: i + 1 })),
    );
  });

  it('aborts the multipart upload when a part fails, leaving no orphaned parts', async () => {
    const { client, calls } = recordingClient((name, input) => name === 'UploadPartCopyCommand' && input['PartNumber'] === 3);
    await expect(
      new S3ObjectStore(client, { bucket: 'media', largeCopy: 'multipart' }).copy('a/big.mxf', 'b/big.mxf', 6 * 1024 ** 3),
    ).rejects.toThrow();
    expect(calls.at(-1)).toEqual({
      name: 'AbortMultipartUploadCommand',
      input: { Bucket: 'media', Key: 'b/big.mxf', UploadId: 'upload-1' },
    });
  });
});

describe('contentDisposition', () => {
  it('keeps any name, with an ASCII fallback free of quotes', () => {
    expect(contentDisposition('Clip ü "1".mov')).toBe(
      `attachment; filename="Clip _ _1_.mov"; filename*=UTF-8''Clip%20%C3%BC%20%221%22.mov`,
    );
  });
});
