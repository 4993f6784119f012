// Numerically stable softmax and log-softmax over Float32Array logits (max subtracted, sums in float64).
// Leaves out temperature and masking (see the logits processors) and any batch dimension: one row per call.

import { InvalidArgumentError } from './errors.js';
import { maxLogit } from './max-logit.js';

function outputFor(logits: Float32Array, out: Float32Array | undefined): Float32Array {
  if (out === undefined) return new Float32Array(logits.length);
  if (!(out instanceof Float32Array) || out.length !== logits.length) {
    throw new InvalidArgumentError({
      parameter: 'out',
      value: out,
      expected: `a Float32Array of length ${logits.length} (the logits' length)`,
    });
  }
  return out;
}

/** Number of +Infinity entries; the limit of softmax puts all mass on them, shared equally. */
function countPositiveInfinity(logits: Float32Array): number {
  let count = 0;
  for (let i = 0; i < logits.length; i++) if (logits[i] === Number.POSITIVE_INFINITY) count++;
  return count;
}

/**
 * Probabilities `exp(x_i - max) / sum_j exp(x_j - max)`, written to `out` (allocated when omitted; may be
 * `logits` itself). -Infinity entries get probability 0; +Infinity entries, if any, share all the mass equally
 * (the limit of softmax). Throws `InvalidLogitsError` on NaN, an empty array, or all entries -Infinity.
 */
export function softmax(logits: Float32Array, out?: Float32Array): Float32Array {
  const max = maxLogit(logits);
  const probs = outputFor(logits, out);
  const n = logits.length;
  if (max === Number.POSITIVE_INFINITY) {
    const share = 1 / countPositiveInfinity(logits);
    for (let i = 0; i < n; i++) probs[i] = logits[i] === Number.POSITIVE_INFINITY ? share : 0;
    return probs;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(logits[i]! - max);
    probs[i] = e;
    sum += e;
  }
  const inverse = 1 / sum;
  for (let i = 0; i < n; i++) probs[i] = probs[i]! * inverse;
  return probs;
}

/**
 * Log-probabilities `(x_i - max) - log(sum_j exp(x_j - max))`, written to `out` (allocated when omitted; may be
 * `logits` itself). Finite for every finite logit however large; -Infinity stays -Infinity. With +Infinity
 * entries those get `-log(count)` and the rest -Infinity. Throws like `softmax`.
 */
export function logSoftmax(logits: Float32Array, out?: Float32Array): Float32Array {
  const max = maxLogit(logits);
  const logProbs = outputFor(logits, out);
  const n = logits.length;
  if (max === Number.POSITIVE_INFINITY) {
    const logShare = -Math.log(countPositiveInfinity(logits));
    for (let i = 0; i < n; i++) {
      logProbs[i] = logits[i] === Number.POSITIVE_INFINITY ? logShare : Number.NEGATIVE_INFINITY;
    }
    return logProbs;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(logits[i]! - max);
  const logSum = Math.log(sum);
  for (let i = 0; i < n; i++) logProbs[i] = logits[i]! - max - logSum;
  return logProbs;
}
