import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile, chmod } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadLink, TransferView } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalObjectStore, createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { DownloadManager, PART_SUFFIX, safeFileName } from '../src/main/services/downloads';
import { heavyTimeout } from '../../scripts/testing/timeouts';

/** Buffer.equals: vitest's deep equality walks megabytes byte by byte, for seconds. */
function expectSameBytes(actual: Buffer, expected: Buffer | undefined): void {
  expect(actual.length).toBe(expected?.length);
  expect(expected && actual.equals(expected)).toBe(true);
}

/** Waits until the manager has nothing running or waiting, then answers every transfer. */
async function settle(manager: DownloadManager): Promise<TransferView[]> {
  await manager.idle();
  return manager.list();
}

/** Progress events, and a way to wait for one that shows what a test needs. */
function progressWatch() {
  let check = () => undefined as void;
  return {
    onChange: () => check(),
    until: (done: () => boolean) =>
      new Promise<void>((resolve) => {
        check = () => (done() ? resolve() : undefined);
        check();
      }),
  };
}

describe('DownloadManager against s3rver presigned URLs', () => {
  let stack: LocalStack;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let out: string;
  const bodies = new Map<string, Buffer>();
  let links: (ids: string[]) => Promise<DownloadLink[]>;

  beforeAll(async () => {
    data = await tempDataDir();
    stack = await startTestStack({ dataDir: data.dir });
    out = path.join(data.dir, 'out');
    await mkdir(out);
    const client = createLocalS3Client(stack.profile.s3.endpoint!);
    const objects = createLocalObjectStore(client, stack.profile.s3.mediaBucket);
    const files: Record<string, Buffer> = {
      'A001C003.mov': randomBytes(3 * 1024 * 1024 + 17),
      'notes é.txt': Buffer.from('day one notes\n'),
      'empty.wav': Buffer.alloc(0),
    };
    for (const [name, body] of Object.entries(files)) {
      await client.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: `Show/${name}`, Body: body }));
      bodies.set(name, body);
    }
    links = async (ids) =>
      Promise.all(
        ids.map(async (id) => ({
          id,
          name: id,
          size: files[id]!.length,
          url: await objects.presignGet(`Show/${id}`, { expiresInSeconds: 60, downloadName: id }),
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        })),
      );
  }, heavyTimeout(60_000));

  afterAll(async () => {
    await stack?.stop();
    await data?.remove();
  });

  it('downloads several files intact, reports bytes, and never overwrites an existing file', async () => {
    await writeFile(path.join(out, 'A001C003.mov'), 'someone else’s file');
    const manager = new DownloadManager({ links, onChange: () => undefined });
    const started = await manager.start(['A001C003.mov', 'notes é.txt', 'empty.wav'], out);
    expect(started.map((t) => t.name)).toEqual(['A001C003.mov', 'notes é.txt', 'empty.wav']);
    const done = await settle(manager);
    expect(done.map((t) => t.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expectSameBytes(await readFile(path.join(out, 'A001C003 (2).mov')), bodies.get('A001C003.mov'));
    expect(await readFile(path.join(out, 'A001C003.mov'), 'utf8')).toBe('someone else’s file');
    expectSameBytes(await readFile(path.join(out, 'notes é.txt')), bodies.get('notes é.txt'));
    expect((await readFile(path.join(out, 'empty.wav'))).length).toBe(0);
    expect((await readdir(out)).filter((f) => f.endsWith(PART_SUFFIX))).toEqual([]);
    const big = done[0]!;
    expect(big.bytesDone).toBe(big.bytesTotal);
    manager.dispose();
  });

  it('refuses a folder that does not exist or is a file, naming the field', async () => {
    const manager = new DownloadManager({ links, onChange: () => undefined });
    await expect(manager.start(['notes é.txt'], path.join(out, 'missing'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'folder',
    });
    await expect(manager.start(['notes é.txt'], path.join(out, 'notes é.txt'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'folder',
    });
    expect(manager.list()).toEqual([]);
  });

  it('fails with a reason when the folder cannot be written', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the check below is for users
    const locked = path.join(out, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const manager = new DownloadManager({ links, onChange: () => undefined });
    await expect(manager.start(['notes é.txt'], locked)).rejects.toMatchObject({ field: 'folder' });
  });
});

describe('DownloadManager over a flaky connection', () => {
  const body = randomBytes(2 * 1024 * 1024);
  let server: http.Server;
  let base: string;
  let dir: Awaited<ReturnType<typeof tempDataDir>>;
  const requests: { range: string | undefined }[] = [];
  let dropAfter: number | null = null;
  let status = 200;
  /** Sends this many bytes of a response, then the rest only once `release` is called. */
  let holdAfter: number | null = null;
  let release = () => undefined as void;

  beforeAll(async () => {
    dir = await tempDataDir();
    server = http.createServer((req, res) => {
      requests.push({ range: req.headers.range });
      if (status !== 200) {
        res.writeHead(status).end();
        return;
      }
      const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const from = match ? Number(match[1]) : 0;
      res.writeHead(match ? 206 : 200, { 'content-length': body.length - from });
      const slice = body.subarray(from);
      if (dropAfter !== null) {
        res.write(slice.subarray(0, dropAfter), () => res.destroy());
        dropAfter = null;
        return;
      }
      if (holdAfter !== null) {
        const held = holdAfter;
        res.write(slice.subarray(0, held));
        release = () => {
          if (!res.destroyed) res.end(slice.subarray(held));
        };
        return;
      }
      res.end(slice);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dir.remove();
  });

  const links = async (ids: string[]): Promise<DownloadLink[]> =>
    ids.map((id) => ({ id, name: 'clip.mov', size: body.length, url: `${base}/${id}`, expiresAt: '' }));

  it('resumes with a Range request after the connection drops', async () => {
    const folder = path.join(dir.dir, 'resume');
    await mkdir(folder);
    requests.length = 0;
    dropAfter = 700_000;
    const manager = new DownloadManager({ links, onChange: () => undefined, backoffMs: () => 10 });
    await manager.start(['a'], folder);
    const [done] = await settle(manager);
    expect(done?.state).toBe('succeeded');
    expectSameBytes(await readFile(path.join(folder, 'clip.mov')), body);
    // The second request asks only for what was not yet on disk.
    expect(requests).toHaveLength(2);
    expect(requests[0]?.range).toBeUndefined();
    const from = Number(/^bytes=(\d+)-$/.exec(requests[1]?.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(700_000);
  });

  it('pauses keeping the partial file, resumes from it, and cancel removes it', async () => {
    const folder = path.join(dir.dir, 'pause');
    await mkdir(folder);
    requests.length = 0;
    holdAfter = 256 * 1024;
    const progress = progressWatch();
    const manager = new DownloadManager({ links, onChange: progress.onChange, notifyMs: 5 });
    const [job] = await manager.start(['b'], folder);
    // Progress is by bytes while the file is still arriving, not only when it ends.
    await progress.until(() => manager.list()[0]?.bytesDone === 256 * 1024);
    expect(manager.list()[0]?.state).toBe('running');
    manager.pause([job!.id]);
    const [paused] = await settle(manager);
    expect(paused?.state).toBe('paused');
    const partial = (await readFile(path.join(folder, 'clip.mov' + PART_SUFFIX))).length;
    expect(partial).toBe(256 * 1024);
    holdAfter = null;
    manager.resume([job!.id]);
    const [resumed] = await settle(manager);
    expect(resumed?.state).toBe('succeeded');
    expectSameBytes(await readFile(path.join(folder, 'clip.mov')), body);
    expect(requests.at(-1)?.range).toBe(`bytes=${partial}-`);

    holdAfter = 100 * 1024;
    const [second] = await manager.start(['c'], folder);
    await progress.until(() => manager.list().find((t) => t.id === second!.id)?.bytesDone === 100 * 1024);
    manager.cancel([second!.id]);
    await settle(manager);
    holdAfter = null;
    release();
    expect(manager.list().find((t) => t.id === second!.id)?.state).toBe('cancelled');
    expect((await readdir(folder)).sort()).toEqual(['clip.mov']);
    manager.dispose();
  });

  it('ends failed with the reason when storage keeps refusing', async () => {
    const folder = path.join(dir.dir, 'refused');
    await mkdir(folder);
    status = 404;
    const manager = new DownloadManager({ links, onChange: () => undefined, backoffMs: () => 5 });
    await manager.start(['d'], folder);
    const [failed] = await settle(manager);
    status = 200;
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toBe('The file is no longer in storage.');
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps names to one file name whatever the server sends', () => {
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileName('..')).toBe('_');
    expect(safeFileName('a\u0000b')).toBe('a_b');
  });
});
