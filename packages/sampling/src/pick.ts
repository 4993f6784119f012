// Turning one row of logits into one token id: argmax (`greedy`) or a draw from softmax (`sampleMultinomial`).
// Leaves out every reshaping of the distribution (temperature, top-k, top-p, penalties): see the processors.

import { InvalidArgumentError } from './errors.js';
import { expNonPositive } from './exp.js';
import { allMasked, assertLogitsArray, maxLogit, nanAt } from './max-logit.js';
import type { RandomSource } from './rng.js';

/** Unnormalised weights of the last draw; grown on demand, shared because draws are synchronous. */
let weights = new Float64Array(0);

/**
 * The index of the largest logit (argmax); ties go to the lowest index. Throws `InvalidLogitsError` on an
 * empty array, on NaN, and when every entry is -Infinity (every token masked out).
 */
export function greedy(logits: Float32Array): number {
  assertLogitsArray(logits);
  const n = logits.length;
  let best = Number.NEGATIVE_INFINITY;
  let bestIndex = -1;
  for (let i = 0; i < n; i++) {
    const x = logits[i]!;
    if (x > best) {
      best = x;
      bestIndex = i;
    } else if (Number.isNaN(x)) {
      throw nanAt(i);
    }
  }
  if (bestIndex < 0) throw allMasked(logits);
  return bestIndex;
}

function uniformFrom(rng: RandomSource): number {
  const u = rng.nextFloat();
  if (!(u >= 0 && u < 1))
    throw new InvalidArgumentError({
      parameter: 'rng.nextFloat()',
      value: u,
      expected: 'a number in [0, 1)',
    });
  return u;
}

/**
 * Draws an index from `softmax(logits * scale)` with one `rng.nextFloat()`. Internal form of
 * `sampleMultinomial` that lets the sampler fold `1 / temperature` into the exponent without copying.
 */
export function sampleScaled(logits: Float32Array, scale: number, rng: RandomSource): number {
  const max = maxLogit(logits);
  const n = logits.length;
  if (max === Number.POSITIVE_INFINITY) {
    let count = 0;
    for (let i = 0; i < n; i++) if (logits[i] === max) count++;
    let rank = Math.floor(uniformFrom(rng) * count);
    for (let i = 0; i < n; i++) if (logits[i] === max && rank-- === 0) return i;
  }
  if (weights.length < n) weights = new Float64Array(Math.max(n, 2 * weights.length));
  const w = weights;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = expNonPositive((logits[i]! - max) * scale);
    w[i] = e;
    total += e;
  }
  return drawFromWeights(w, n, total, rng);
}

/**
 * Draws an index in [0, n) with probability `weights[i] / total`, where `total` is the sum of
 * `weights[0..n)` added in index order and is > 0. Uses one `rng.nextFloat()`.
 */
export function drawFromWeights(weights: Float64Array, n: number, total: number, rng: RandomSource): number {
  const target = uniformFrom(rng) * total;
  // The running sum repeats the additions that made `total`, so it ends at exactly `total` > `target`;
  // a zero weight (a -Infinity logit) never makes it cross, so masked tokens are never returned.
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i]!;
    if (cumulative > target) return i;
  }
  for (let i = n - 1; i > 0; i--) if (weights[i]! > 0) return i;
  return 0;
}

/**
 * Draws a token index with probability `softmax(logits)[i]`, using exactly one `rng.nextFloat()` (inverse CDF
 * over the unnormalised weights `exp(x_i - max)`, accumulated in float64; the exp is a table-driven one with
 * relative error below 2e-13, and weights below exp(-700) count as 0). -Infinity entries are never drawn;
 * +Infinity entries, if any, are drawn uniformly among themselves. Throws `InvalidLogitsError` on an empty
 * array, NaN, or all entries -Infinity. Does not modify `logits` and allocates nothing per call.
 */
export function sampleMultinomial(logits: Float32Array, rng: RandomSource): number {
  return sampleScaled(logits, 1, rng);
}
