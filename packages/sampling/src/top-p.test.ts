import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidLogitsError } from './errors.js';
import { EMPTY_LOGITS_CONTEXT } from './logits-processor.js';
import { createRng, type SeededRng } from './rng.js';
import { topP } from './top-p.js';

const NEG = Number.NEGATIVE_INFINITY;

/** Brute force: float64 softmax with Math.exp, sort (prob desc, index asc), take until mass >= p. */
function referenceKept(logits: Float32Array, p: number): number[] {
  const max = Math.max(...logits);
  const weights = Array.from(logits, (x) => Math.exp(x - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const order = Array.from(logits.keys()).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const kept: number[] = [];
  let mass = 0;
  for (const i of order) {
    kept.push(i);
    mass += weights[i]! / total;
    if (mass >= p) break;
  }
  return kept.sort((a, b) => a - b);
}

function keptIndices(logits: Float32Array): number[] {
  return Array.from(logits.keys()).filter((i) => logits[i] !== NEG);
}

function randomLogits(rng: SeededRng, n: number, ties: boolean): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = rng.nextFloat();
    if (u < 0.05) return NEG;
    return ties ? Math.floor(u * 5) : (u - 0.5) * 8;
  });
}

describe('topP', () => {
  it('keeps the smallest most-probable set whose mass is >= p', () => {
    // probabilities 0.5, 0.25, 0.125, 0.125 (logits are log2 multiples)
    const logits = new Float32Array([Math.log(4), Math.log(2), 0, 0]);
    expect(keptIndices(topP(0.5)(logits.slice(), EMPTY_LOGITS_CONTEXT))).toEqual([0]);
    expect(keptIndices(topP(0.6)(logits.slice(), EMPTY_LOGITS_CONTEXT))).toEqual([0, 1]);
    expect(keptIndices(topP(0.75)(logits.slice(), EMPTY_LOGITS_CONTEXT))).toEqual([0, 1]);
    expect(keptIndices(topP(0.8)(logits.slice(), EMPTY_LOGITS_CONTEXT))).toEqual([0, 1, 2]);
  });

  it('keeps kept logits unchanged and always at least one token', () => {
    const logits = new Float32Array([0.3, 9, -2]);
    const out = topP(1e-9)(logits, EMPTY_LOGITS_CONTEXT);
    expect(out).toBe(logits);
    expect(Array.from(out)).toEqual([NEG, 9, NEG]);
  });

  it('breaks ties at the cut-off by keeping the lowest indices', () => {
    const logits = new Float32Array([0, 0, 0, 0]);
    expect(keptIndices(topP(0.5)(logits, EMPTY_LOGITS_CONTEXT))).toEqual([0, 1]);
    const mixed = new Float32Array([0, 1, 0, 1, 0]);
    // probabilities about 0.118, 0.322, 0.118, 0.322, 0.118: the two 1s give 0.644, one tied 0 is needed for 0.75
    expect(keptIndices(topP(0.75)(mixed, EMPTY_LOGITS_CONTEXT))).toEqual([0, 1, 3]);
  });

  it('matches a brute-force reference on random logits, with and without ties', () => {
    const rng = createRng(17);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(rng.nextFloat() * 120);
      const p = 0.01 + 0.98 * rng.nextFloat();
      const logits = randomLogits(rng, n, trial % 2 === 0);
      if (logits.every((x) => x === NEG)) continue;
      const expected = referenceKept(logits, p);
      const result = topP(p)(logits.slice(), EMPTY_LOGITS_CONTEXT);
      expect(keptIndices(result)).toEqual(expected);
      for (const i of expected) expect(result[i]).toBe(logits[i]);
    }
  });

  it('is minimal: dropping the least likely kept token falls below p', () => {
    const rng = createRng(23);
    for (let trial = 0; trial < 100; trial++) {
      const logits = randomLogits(rng, 60, false);
      const p = 0.05 + 0.9 * rng.nextFloat();
      const probs = (() => {
        const max = Math.max(...logits);
        const w = Array.from(logits, (x) => Math.exp(x - max));
        const total = w.reduce((a, b) => a + b, 0);
        return w.map((x) => x / total);
      })();
      const kept = keptIndices(topP(p)(logits.slice(), EMPTY_LOGITS_CONTEXT));
      const mass = kept.reduce((sum, i) => sum + probs[i]!, 0);
      const smallest = Math.min(...kept.map((i) => probs[i]!));
      expect(mass).toBeGreaterThanOrEqual(p - 1e-12);
      expect(mass - smallest).toBeLessThan(p);
    }
  });

  it('treats +Infinity logits as holding all the mass', () => {
    const logits = new Float32Array([
      Number.POSITIVE_INFINITY,
      50,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(keptIndices(topP(0.5)(logits, EMPTY_LOGITS_CONTEXT))).toEqual([0, 2]);
  });

  it('p = 1 leaves the logits untouched', () => {
    const logits = new Float32Array([-800, 0, NEG]);
    expect(Array.from(topP(1)(logits, EMPTY_LOGITS_CONTEXT))).toEqual([-800, 0, NEG]);
  });

  it('rejects NaN and all -Infinity logits', () => {
    expect(() => topP(0.9)(new Float32Array([0, Number.NaN]), EMPTY_LOGITS_CONTEXT)).toThrow(
      InvalidLogitsError,
    );
    expect(() => topP(0.9)(new Float32Array([NEG, NEG]), EMPTY_LOGITS_CONTEXT)).toThrow(InvalidLogitsError);
  });

  it.each([0, -0.1, 1.0001, Number.NaN, '0.5', undefined])('rejects p = %s naming topP', (p) => {
    expect(() => topP(p as number)).toThrow(InvalidArgumentError);
    expect(() => topP(p as number)).toThrow(/^topP must be a number with 0 < topP <= 1, got /);
  });
});
