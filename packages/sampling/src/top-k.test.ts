import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidLogitsError } from './errors.js';
import { EMPTY_LOGITS_CONTEXT } from './logits-processor.js';
import { createRng, type SeededRng } from './rng.js';
import { topK } from './top-k.js';

const NEG = Number.NEGATIVE_INFINITY;

/** Brute force: rank by value descending, then index ascending; keep the first k. */
function referenceTopK(logits: Float32Array, k: number): Float32Array {
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]! || a - b);
  const kept = new Set(order.slice(0, k));
  return logits.map((x, i) => (kept.has(i) ? x : NEG));
}

function randomLogits(rng: SeededRng, n: number, ties: boolean): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = rng.nextFloat();
    if (u < 0.05) return NEG;
    return ties ? Math.floor(u * 6) : (u - 0.5) * 10;
  });
}

describe('topK', () => {
  it('keeps exactly the k largest and masks the rest to -Infinity', () => {
    const logits = new Float32Array([0.5, 3, -1, 2, 7, 0]);
    expect(Array.from(topK(3)(logits, EMPTY_LOGITS_CONTEXT))).toEqual([NEG, 3, NEG, 2, 7, NEG]);
  });

  it('breaks ties at the k-th value by keeping the lowest indices, so exactly k survive', () => {
    const logits = new Float32Array([1, 5, 1, 1, 5, 1]);
    const kept = topK(3)(logits, EMPTY_LOGITS_CONTEXT);
    expect(Array.from(kept)).toEqual([1, 5, NEG, NEG, 5, NEG]);
    const allEqual = topK(2)(new Float32Array([4, 4, 4, 4]), EMPTY_LOGITS_CONTEXT);
    expect(Array.from(allEqual)).toEqual([4, 4, NEG, NEG]);
  });

  it('matches a brute-force reference on random logits, with and without ties', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(rng.nextFloat() * 120);
      const k = 1 + Math.floor(rng.nextFloat() * n);
      const logits = randomLogits(rng, n, trial % 2 === 0);
      const expected = referenceTopK(logits, k);
      expect(topK(k)(logits.slice(), EMPTY_LOGITS_CONTEXT)).toEqual(expected);
    }
  });

  it('reuses one processor across calls and vocabulary sizes', () => {
    const processor = topK(2);
    const rng = createRng(3);
    for (const n of [5, 100, 3, 100, 50]) {
      const logits = randomLogits(rng, n, false);
      expect(processor(logits.slice(), EMPTY_LOGITS_CONTEXT)).toEqual(referenceTopK(logits, 2));
    }
  });

  it('leaves the logits untouched when k >= vocabSize, and modifies in place otherwise', () => {
    const logits = new Float32Array([1, 2, 3]);
    expect(topK(3)(logits, EMPTY_LOGITS_CONTEXT)).toBe(logits);
    expect(Array.from(logits)).toEqual([1, 2, 3]);
    expect(topK(1)(logits, EMPTY_LOGITS_CONTEXT)).toBe(logits);
    expect(Array.from(logits)).toEqual([NEG, NEG, 3]);
  });

  it('rejects NaN in the logits naming its index', () => {
    expect(() => topK(2)(new Float32Array([1, 2, Number.NaN, 0]), EMPTY_LOGITS_CONTEXT)).toThrow(
      new InvalidLogitsError({
        parameter: 'logits[2]',
        value: Number.NaN,
        expected: 'a number, not NaN',
        index: 2,
      }),
    );
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '3'])('rejects k = %s naming topK', (k) => {
    expect(() => topK(k as number)).toThrow(InvalidArgumentError);
    expect(() => topK(k as number)).toThrow(/^topK must be an integer >= 1, got /);
  });
});
