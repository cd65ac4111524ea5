import { describe, expect, it } from 'vitest';
import { benchRounds, compare, DEFAULT_ROUNDS, ratioFields, runRounds, spreadOf } from './rounds';

/** Sides that answer from fixed lists and write down the order they ran in: no clock involved. */
function fakeSides(ours: number[], baseline: number[]) {
  const calls: string[] = [];
  const seen: number[] = [];
  return {
    calls,
    seen,
    sides: {
      ours: async (round: number) => {
        calls.push(`ours${round}`);
        return ours[round]!;
      },
      baseline: async (round: number) => {
        calls.push(`base${round}`);
        return baseline[round]!;
      },
      onRound: (round: number) => seen.push(round),
    },
  };
}

describe('runRounds', () => {
  it('discards one warm-up pair, then alternates which side goes first', async () => {
    const fake = fakeSides([100, 1, 2, 3, 4], [200, 10, 20, 30, 40]);
    const result = await runRounds(4, fake.sides);
    expect(fake.calls).toEqual(['ours0', 'base0', 'base1', 'ours1', 'ours2', 'base2', 'base3', 'ours3', 'ours4', 'base4']);
    expect(result).toEqual({ ours: [1, 2, 3, 4], baseline: [10, 20, 30, 40] });
    expect(fake.seen).toEqual([1, 2, 3, 4]);
  });

  it('stops at the first side that fails', async () => {
    const calls: string[] = [];
    const failing = runRounds(3, {
      ours: async (round) => {
        calls.push(`ours${round}`);
        if (round === 1) throw new Error('ours broke');
        return round;
      },
      baseline: async (round) => {
        calls.push(`base${round}`);
        return round;
      },
    });
    await expect(failing).rejects.toThrow('ours broke');
    expect(calls).toEqual(['ours0', 'base0', 'base1', 'ours1']);
  });
});

describe('spreadOf', () => {
  it('gives the middle value of an odd count and the range', () => {
    expect(spreadOf([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5 });
  });

  it('gives the mean of the two middle values of an even count', () => {
    expect(spreadOf([4, 1, 10, 2])).toEqual({ median: 3, min: 1, max: 10 });
  });

  it('refuses an empty list', () => {
    expect(() => spreadOf([])).toThrow('no values');
  });
});

describe('compare', () => {
  it('takes the ratio of the medians and the range of the per-round ratios', async () => {
    // Throughput in MB/s: round 2 had the machine busy during the baseline.
    const { ours, baseline } = await runRounds(3, fakeSides([0, 100, 110, 90], [0, 100, 50, 100]).sides);
    const result = compare(ours, baseline, (o, b) => o / b);
    expect(result.ours).toEqual({ median: 100, min: 90, max: 110 });
    expect(result.baseline).toEqual({ median: 100, min: 50, max: 100 });
    expect(result.ratio).toBe(1);
    expect(result.ratioSpread).toEqual({ min: 0.9, max: 2.2 });
    expect(result.rounds).toBe(3);
    expect(ratioFields(result)).toBe('ratio=1.00 spread=0.90..2.20 rounds=3');
  });

  it('refuses sides with different round counts', () => {
    expect(() => compare([1, 2], [1], (o, b) => o / b)).toThrow('2 rounds of ours against 1');
  });
});

describe('benchRounds', () => {
  it('defaults to three rounds', () => {
    expect(benchRounds({})).toBe(DEFAULT_ROUNDS);
    expect(DEFAULT_ROUNDS).toBe(3);
    expect(benchRounds({ RUSHES_BENCH_ROUNDS: '' })).toBe(3);
  });

  it('takes a whole number of rounds', () => {
    expect(benchRounds({ RUSHES_BENCH_ROUNDS: '1' })).toBe(1);
    expect(benchRounds({ RUSHES_BENCH_ROUNDS: ' 7 ' })).toBe(7);
  });

  it.each(['0', '-1', '2.5', 'three', '1e2', '51'])('refuses %j with a clear error', (raw) => {
    expect(() => benchRounds({ RUSHES_BENCH_ROUNDS: raw })).toThrow(
      `RUSHES_BENCH_ROUNDS must be a whole number of rounds from 1 to 50, not "${raw}"`,
    );
  });
});
