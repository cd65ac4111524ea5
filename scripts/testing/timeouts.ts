// Test support: vitest's timeouts only catch a hang, so on a loaded machine they stretch with
// the load instead of failing work that is merely slow. A test's pass or fail never depends on
// this: it only moves the point at which a stuck test is given up.
import os from 'node:os';

/** How much slower than an idle machine to allow for: RUSHES_TEST_SLOWDOWN, else the load per core (1 to 8). */
export function slowdown(env: NodeJS.ProcessEnv = process.env, load = os.loadavg()[0] ?? 0, cores = os.availableParallelism()): number {
  const given = env['RUSHES_TEST_SLOWDOWN'];
  if (given !== undefined && given.trim() !== '') {
    const factor = Number(given);
    if (!Number.isFinite(factor) || factor < 1 || factor > 100) {
      throw new Error(`RUSHES_TEST_SLOWDOWN must be a number from 1 to 100, not "${given}"`);
    }
    return factor;
  }
  return Math.min(8, Math.max(1, load / Math.max(1, cores)));
}

const factor = slowdown();

/** A hang-catching timeout for heavy work (a CDK synthesis, a bundle build, ffmpeg), scaled by slowdown(). */
export function heavyTimeout(ms: number): number {
  return Math.round(ms * factor);
}
