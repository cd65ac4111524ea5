import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockPool } from './blockPool';
import { HashThread } from './hashHost';
import { OrderedHash } from './orderedHash';

const KIB = 1024;
const bytes = randomBytes(64 * KIB);
const sha256 = createHash('sha256').update(bytes).digest('hex');
let dir: string;
let file: string;
const thread = new HashThread();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-ordered-hash-'));
  file = path.join(dir, 'clip.mov');
  await writeFile(file, bytes);
});

afterAll(async () => {
  thread.dispose();
  await rm(dir, { recursive: true, force: true });
});

const block = (start: number, end: number) => bytes.subarray(start, end);

describe('OrderedHash', () => {
  it('hashes blocks offered out of order, and again after a part is sent twice, as the file in order', async () => {
    const hash = new OrderedHash(thread.open(['sha256', 'xxh64']), file, bytes.length, 64 * KIB, []);
    hash.offer(32 * KIB, block(32 * KIB, 48 * KIB));
    hash.offer(16 * KIB, block(16 * KIB, 32 * KIB));
    hash.offer(0, block(0, 16 * KIB));
    // A part sent again after a failure: its bytes are behind the front already.
    hash.offer(16 * KIB, block(16 * KIB, 32 * KIB));
    hash.offer(48 * KIB, block(48 * KIB, 64 * KIB));
    const { values, bytesHashed } = await hash.digest();
    expect(bytesHashed).toBe(bytes.length);
    expect(values.sha256).toBe(sha256);
    expect(values.xxh64).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads the parts sent before a crash from disk when the front reaches them', async () => {
    const hash = new OrderedHash(thread.open(['sha256']), file, bytes.length, 64 * KIB, [
      { start: 0, end: 16 * KIB },
      { start: 48 * KIB, end: 64 * KIB },
    ]);
    hash.offer(32 * KIB, block(32 * KIB, 48 * KIB));
    hash.offer(16 * KIB, block(16 * KIB, 32 * KIB));
    expect((await hash.digest()).values.sha256).toBe(sha256);
  });

  it('holds a reader that would run more than the window ahead until the front moves, and lets everyone go on a drop', async () => {
    const hash = new OrderedHash(thread.open(['sha256']), file, bytes.length, 16 * KIB, []);
    let ahead = false;
    const far = hash.admit(40 * KIB).then(() => (ahead = true));
    await hash.admit(8 * KIB); // within the window: at once
    hash.offer(0, block(0, 16 * KIB));
    await Promise.resolve();
    expect(ahead).toBe(false);
    hash.offer(16 * KIB, block(16 * KIB, 32 * KIB));
    await far;
    expect(ahead).toBe(true);
    const stuck = hash.admit(60 * KIB);
    hash.drop();
    await stuck;
  });

  it('holds a pooled block ahead of the front until the thread has it, and lets held blocks go on a drop', async () => {
    const pool = new BlockPool(16 * KIB, 8);
    const pooled = (start: number) => {
      const taken = pool.take();
      bytes.copy(taken.buffer, 0, start, start + 16 * KIB);
      return taken;
    };
    const hash = new OrderedHash(thread.open(['sha256']), file, bytes.length, 64 * KIB, []);
    const ahead = pooled(16 * KIB);
    hash.offer(16 * KIB, ahead.buffer, ahead);
    ahead.release(); // the reader's own hold: the hash still holds it
    expect(pool.idle).toBe(0);
    const front = pooled(0);
    hash.offer(0, front.buffer, front);
    front.release();
    expect(pool.idle).toBe(2); // both copied to the thread: free again
    for (const start of [32 * KIB, 48 * KIB]) {
      const next = pooled(start);
      hash.offer(start, next.buffer, next);
      next.release();
    }
    expect((await hash.digest()).values.sha256).toBe(sha256);

    const dropped = new OrderedHash(thread.open(['sha256']), file, bytes.length, 64 * KIB, []);
    const held = pool.take();
    dropped.offer(32 * KIB, held.buffer, held);
    held.release();
    const idle = pool.idle;
    dropped.drop();
    expect(pool.idle).toBe(idle + 1);
  });

  it('refuses a digest when some bytes never came through', async () => {
    const hash = new OrderedHash(thread.open(['sha256']), file, bytes.length, 64 * KIB, []);
    hash.offer(0, block(0, 16 * KIB));
    hash.offer(32 * KIB, block(32 * KIB, 64 * KIB));
    await expect(hash.digest()).rejects.toThrow(/hashed 16384 of 65536 bytes/);
  });
});
