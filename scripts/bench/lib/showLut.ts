import type { Cube3D } from '@rushes/shared';

/** A show LUT of the usual size for the ingest benchmarks: 33³, a gentle contrast curve on each channel. */
export function showLut(title: string): Cube3D {
  const size = 33;
  const table = new Float32Array(size ** 3 * 3);
  const curve = (v: number) => v * v * (3 - 2 * v);
  for (let i = 0, b = 0; b < size; b += 1)
    for (let g = 0; g < size; g += 1) for (let r = 0; r < size; r += 1) for (const v of [r, g, b]) table[i++] = curve(v / (size - 1));
  return { title, size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], table };
}
