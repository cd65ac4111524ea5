import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LookCubeCache } from './lookCubes';

let dir: string;
let fetched: string[];
let failNext: boolean;

/** A derived bucket of two cubes, counting what is fetched. */
async function fetch(key: string, file: string): Promise<void> {
  fetched.push(key);
  if (failNext) {
    failNext = false;
    await writeFile(file, 'half a cu');
    throw new Error('the derived bucket did not answer');
  }
  await writeFile(file, `TITLE "${key}"\nLUT_3D_SIZE 2\n`);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-look-cubes-'));
  fetched = [];
  failNext = false;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('LookCubeCache', () => {
  it('fetches a cube once for every job of the same look, and each job gets its own file', async () => {
    const cubes = new LookCubeCache({ dir: path.join(dir, 'kept'), fetch });
    await Promise.all([
      cubes.place('looks/baked/a.cube', path.join(dir, 'job1.cube')),
      cubes.place('looks/baked/a.cube', path.join(dir, 'job2.cube')),
    ]);
    await cubes.place('looks/baked/a.cube', path.join(dir, 'job3.cube'));
    await cubes.place('looks/baked/b.cube', path.join(dir, 'job4.cube'));
    expect(fetched).toEqual(['looks/baked/a.cube', 'looks/baked/b.cube']);
    for (const job of ['job1', 'job2', 'job3'])
      expect(await readFile(path.join(dir, `${job}.cube`), 'utf8')).toContain('looks/baked/a.cube');
    expect(await readFile(path.join(dir, 'job4.cube'), 'utf8')).toContain('looks/baked/b.cube');
    // Removing a job's folder leaves the kept cube.
    await rm(path.join(dir, 'job1.cube'));
    await cubes.place('looks/baked/a.cube', path.join(dir, 'job5.cube'));
    expect(fetched).toHaveLength(2);
  });

  it('keeps no half-fetched cube and fetches again after a failure', async () => {
    const cubes = new LookCubeCache({ dir: path.join(dir, 'kept'), fetch });
    failNext = true;
    await expect(cubes.place('looks/baked/a.cube', path.join(dir, 'job1.cube'))).rejects.toThrow('did not answer');
    expect(await readdir(path.join(dir, 'kept'))).toEqual([]);
    await cubes.place('looks/baked/a.cube', path.join(dir, 'job2.cube'));
    expect(fetched).toEqual(['looks/baked/a.cube', 'looks/baked/a.cube']);
    expect(await readFile(path.join(dir, 'job2.cube'), 'utf8')).toContain('LUT_3D_SIZE 2');
  });

  it('drops the least recently used cube past its limit, without touching files jobs already hold', async () => {
    const cubes = new LookCubeCache({ dir: path.join(dir, 'kept'), fetch, keep: 2 });
    await cubes.place('a', path.join(dir, 'job-a.cube'));
    await cubes.place('b', path.join(dir, 'job-b.cube'));
    await cubes.place('a', path.join(dir, 'job-a2.cube')); // a is now the most recent
    await cubes.place('c', path.join(dir, 'job-c.cube')); // b goes
    await expect.poll(async () => (await readdir(path.join(dir, 'kept'))).length).toBe(2);
    expect(await readFile(path.join(dir, 'job-b.cube'), 'utf8')).toContain('"b"');
    await cubes.place('a', path.join(dir, 'job-a3.cube'));
    await cubes.place('b', path.join(dir, 'job-b2.cube'));
    expect(fetched).toEqual(['a', 'b', 'c', 'b']);
  });
});
