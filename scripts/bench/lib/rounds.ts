// Interleaved rounds for every benchmark with a baseline. Timing ours once and the baseline
// once, one after the other, lets whatever else the shared machine does land on one side
// only: the same commit measured ratios from 0.74 to 1.48. Here both sides run in turns
// (A B, then B A, …) after one discarded warm-up pair, and a figure is reported as the median
// of its rounds with the spread of the per-round values beside it.

/** Timed rounds when RUSHES_BENCH_ROUNDS is not set. */
export const DEFAULT_ROUNDS = 3;
const MAX_ROUNDS = 50;

/** RUSHES_BENCH_ROUNDS, parsed once at the start of a bench: a whole number of timed rounds. */
export function benchRounds(env: Record<string, string | undefined> = process.env): number {
  const raw = env['RUSHES_BENCH_ROUNDS'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_ROUNDS;
  const rounds = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(rounds >= 1 && rounds <= MAX_ROUNDS))
    throw new Error(`RUSHES_BENCH_ROUNDS must be a whole number of rounds from 1 to ${MAX_ROUNDS}, not "${raw}"`);
  return rounds;
}

export interface Sides<O, B> {
  /** Round 0 is the warm-up; its results are discarded. */
  ours: (round: number) => Promise<O>;
  baseline: (round: number) => Promise<B>;
  /** After each timed pair, for a progress line. */
  onRound?: (round: number, ours: O, baseline: B) => void;
}

export interface Rounds<O, B> {
  ours: O[];
  baseline: B[];
}

/**
 * One warm-up pair, then `rounds` timed pairs. Which side goes first alternates, so a
 * disturbance that lasts about one run falls on each side as often.
 */
export async function runRounds<O, B>(rounds: number, sides: Sides<O, B>): Promise<Rounds<O, B>> {
  const result: Rounds<O, B> = { ours: [], baseline: [] };
  for (let round = 0; round <= rounds; round += 1) {
    let ours: O;
    let baseline: B;
    if (round % 2 === 0) {
      ours = await sides.ours(round);
      baseline = await sides.baseline(round);
    } else {
      baseline = await sides.baseline(round);
      ours = await sides.ours(round);
    }
    if (round === 0) continue;
    result.ours.push(ours);
    result.baseline.push(baseline);
    sides.onRound?.(round, ours, baseline);
  }
  return result;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The middle value (the mean of the two middle ones for an even count), and the range. */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

export interface Comparison {
  ours: Spread;
  baseline: Spread;
  /** `ratio` of the two medians. */
  ratio: number;
  /** The lowest and highest ratio of a single round. */
  ratioSpread: { min: number; max: number };
  rounds: number;
}

/** Medians of both sides, their ratio, and the range of the per-round ratios. */
export function compare(
  ours: readonly number[],
  baseline: readonly number[],
  ratio: (ours: number, baseline: number) => number,
): Comparison {
  if (ours.length !== baseline.length) throw new Error(`${ours.length} rounds of ours against ${baseline.length} of the baseline`);
  const each = ours.map((value, i) => ratio(value, baseline[i]!));
  const ratioSpread = spreadOf(each);
  const oursSpread = spreadOf(ours);
  const baselineSpread = spreadOf(baseline);
  return {
    ours: oursSpread,
    baseline: baselineSpread,
    ratio: ratio(oursSpread.median, baselineSpread.median),
    ratioSpread: { min: ratioSpread.min, max: ratioSpread.max },
    rounds: ours.length,
  };
}

/** `MIN..MAX`, as the final lines print a spread. */
export function range(spread: { min: number; max: number }, digits: number): string {
  return `${spread.min.toFixed(digits)}..${spread.max.toFixed(digits)}`;
}

/** `ratio=X spread=MIN..MAX rounds=N`, the tail of a final line with a ratio. */
export function ratioFields(comparison: Comparison, digits = 2): string {
  return `ratio=${comparison.ratio.toFixed(digits)} spread=${range(comparison.ratioSpread, digits)} rounds=${comparison.rounds}`;
}
