import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCdl, bakeLook, formatCube, lookFilter, type Cdl, type Cube3D, type Triple } from '@rushes/shared';

const run = promisify(execFile);

// Red fastest: row = r + g·n + b·n², each row the input's (g, b, r).
function channelSwap(size: number): Cube3D {
  const table = new Float32Array(size ** 3 * 3);
  for (let b = 0; b < size; b += 1)
    for (let g = 0; g < size; g += 1)
      for (let r = 0; r < size; r += 1) table.set([g / (size - 1), b / (size - 1), r / (size - 1)], (r + g * size + b * size * size) * 3);
  return { title: 'swap', size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], table };
}

const patches: Triple[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [51, 102, 153],
  [200, 180, 20],
  [128, 128, 128],
];

/** Runs ffmpeg on raw RGB patches (no YUV matrix in the way) and returns the output pixels. */
async function throughFfmpeg(dir: string, cubePath: string): Promise<Triple[]> {
  const input = path.join(dir, 'patches.rgb');
  await writeFile(input, Uint8Array.from(patches.flat()));
  const output = path.join(dir, 'out.rgb');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${patches.length}x1`, '-i', input],
    ...['-vf', `format=gbrp16le,${lookFilter(cubePath)},format=rgb24`],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', output],
  ]);
  const bytes = new Uint8Array(await readFile(output));
  return patches.map((_, index) => [bytes[index * 3]!, bytes[index * 3 + 1]!, bytes[index * 3 + 2]!]);
}

describe('a baked look through real ffmpeg lut3d', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'rushes-look-'));
    // Every character the filter syntax treats specially, in the folder name the path goes through.
    dir = path.join(root, "Day 1: A-cam, the 'hero' [look]; v2");
    await mkdir(dir);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("swaps channels exactly as the LUT says, read from a path with : ' , and spaces", async () => {
    const cubePath = path.join(dir, 'swap look.cube');
    await writeFile(cubePath, formatCube(channelSwap(17)));
    const pixels = await throughFfmpeg(dir, cubePath);
    pixels.forEach((pixel, index) => {
      const [r, g, b] = patches[index]!;
      const expected = [g, b, r];
      pixel.forEach((value, channel) => expect(Math.abs(value - expected[channel]!)).toBeLessThanOrEqual(2));
    });
  });

  it('applies a baked CDL then show LUT as applyCdl predicts, within 2 code values', async () => {
    const cdl: Cdl = {
      id: 'sh010',
      slope: [1.1, 1, 0.9],
      offset: [0.02, 0, -0.01],
      power: [1, 1.1, 1.2],
      saturation: 0.8,
      descriptions: [],
    };
    const cubePath = path.join(dir, 'baked.cube');
    await writeFile(cubePath, formatCube(bakeLook({ cdl, cube: channelSwap(9) })));
    const pixels = await throughFfmpeg(dir, cubePath);
    pixels.forEach((pixel, index) => {
      const graded = applyCdl(cdl, patches[index]!.map((value) => value / 255) as Triple);
      const expected = [graded[1], graded[2], graded[0]].map((value) => Math.round(value * 255));
      pixel.forEach((value, channel) => expect(Math.abs(value - expected[channel]!)).toBeLessThanOrEqual(2));
    });
  });
});
