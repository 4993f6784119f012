import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidLogitsError } from './errors.js';
import { greedy, sampleMultinomial } from './pick.js';
import { createRng, type RandomSource } from './rng.js';
import { softmax } from './softmax.js';

const NEG = Number.NEGATIVE_INFINITY;

/** Upper tail P(X >= x) of a chi-square with an even number of degrees of freedom (closed form). */
function chiSquareSurvivalEvenDf(x: number, df: number): number {
  let term = 1;
  let total = 1;
  for (let i = 1; i < df / 2; i++) {
    term *= x / 2 / i;
    total += term;
  }
  return Math.exp(-x / 2) * total;
}

function chiSquareStatistic(counts: readonly number[], probs: ArrayLike<number>, draws: number): number {
  return counts.reduce((sum, count, i) => {
    const expected = draws * probs[i]!;
    return sum + (count - expected) ** 2 / expected;
  }, 0);
}

/** A RandomSource that returns fixed floats, for boundary checks. */
function fixedSource(...values: number[]): RandomSource & { calls: number } {
  return {
    calls: 0,
    nextFloat() {
      return values[this.calls++ % values.length]!;
    },
    nextUint32() {
      return 0;
    },
  };
}

describe('greedy', () => {
  it('returns the argmax, ties to the lowest index', () => {
    expect(greedy(new Float32Array([0.1, 3, -2, 3, 1]))).toBe(1);
    expect(greedy(new Float32Array([NEG, NEG, -5]))).toBe(2);
    expect(greedy(new Float32Array([1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]))).toBe(1);
  });

  it('throws InvalidLogitsError on NaN, all -Infinity and empty logits', () => {
    expect(() => greedy(new Float32Array([1, Number.NaN]))).toThrow(
      'logits[1] must be a number, not NaN, got NaN',
    );
    expect(() => greedy(new Float32Array([NEG, NEG]))).toThrow(InvalidLogitsError);
    expect(() => greedy(new Float32Array(0))).toThrow(InvalidLogitsError);
  });
});

describe('sampleMultinomial', () => {
  // 11 tokens -> 10 degrees of freedom; 29.588 is the tabulated 0.999 quantile of chi-square(10).
  const CRITICAL_DF10_P001 = 29.588;
  const logits = new Float32Array([0.5, -1, 2, 0, 1.2, -0.3, 0.8, -2, 1.5, 0.1, -0.7]);
  const probs = Array.from(softmax(logits), (p) => p);
  const DRAWS = 110_000;

  function drawCounts(seed: number): number[] {
    const rng = createRng(seed);
    const counts = new Array<number>(logits.length).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[sampleMultinomial(logits, rng)]! += 1;
    return counts;
  }

  it('uses the right critical value (closed-form chi-square tail for even df)', () => {
    expect(chiSquareSurvivalEvenDf(CRITICAL_DF10_P001, 10)).toBeCloseTo(0.001, 6);
  });

  it('draws follow softmax(logits): chi-square goodness of fit passes at p = 0.001', () => {
    const counts = drawCounts(2024);
    expect(Math.min(...probs) * DRAWS).toBeGreaterThan(100);
    expect(chiSquareStatistic(counts, probs, DRAWS)).toBeLessThan(CRITICAL_DF10_P001);
  });

  it('the same statistic rejects a slightly wrong distribution (temperature 1.1) and a shifted one', () => {
    const counts = drawCounts(2024);
    const tooFlat = Array.from(softmax(logits.map((x) => x / 1.1)));
    expect(chiSquareStatistic(counts, tooFlat, DRAWS)).toBeGreaterThan(CRITICAL_DF10_P001);
    const rotated = probs.map((_, i) => probs[(i + 1) % probs.length]!);
    expect(chiSquareStatistic(counts, rotated, DRAWS)).toBeGreaterThan(CRITICAL_DF10_P001);
  });

  it('never draws a -Infinity entry and leaves the logits unchanged', () => {
    const masked = new Float32Array([NEG, 0, NEG, 5, NEG, -3, NEG]);
    const before = masked.slice();
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(sampleMultinomial(masked, rng));
    expect([...seen].sort()).toEqual([1, 3, 5]);
    expect(masked).toEqual(before);
  });

  it('skips -Infinity entries even at the ends of [0, 1)', () => {
    const masked = new Float32Array([NEG, 1, 1, NEG]);
    expect(sampleMultinomial(masked, fixedSource(0))).toBe(1);
    expect(sampleMultinomial(masked, fixedSource(1 - 2 ** -32))).toBe(2);
  });

  it('draws +Infinity entries uniformly among themselves', () => {
    const logits = new Float32Array([Number.POSITIVE_INFINITY, 100, Number.POSITIVE_INFINITY]);
    expect(sampleMultinomial(logits, fixedSource(0.49))).toBe(0);
    expect(sampleMultinomial(logits, fixedSource(0.5))).toBe(2);
  });

  it('uses exactly one nextFloat per draw', () => {
    const source = fixedSource(0.3, 0.7);
    for (let i = 0; i < 10; i++) sampleMultinomial(logits, source);
    expect(source.calls).toBe(10);
  });

  it('is reproducible: the same seed gives the same draws, another seed different ones', () => {
    const run = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 200 }, () => sampleMultinomial(logits, rng));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('throws typed errors on NaN, all -Infinity and a RandomSource out of [0, 1)', () => {
    const rng = createRng(0);
    expect(() => sampleMultinomial(new Float32Array([0, Number.NaN]), rng)).toThrow(InvalidLogitsError);
    expect(() => sampleMultinomial(new Float32Array([NEG]), rng)).toThrow(InvalidLogitsError);
    const error = (() => {
      try {
        sampleMultinomial(new Float32Array([0, 1]), fixedSource(1));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ parameter: 'rng.nextFloat()', value: 1 });
  });
});
