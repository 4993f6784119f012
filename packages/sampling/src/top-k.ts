// The top-k processor: keeps the k largest logits (ties at the k-th value go to the lowest indices) and masks
// the rest to -Infinity. Leaves out renormalisation (softmax does that) and any sorting of the survivors.

import { InvalidArgumentError } from './errors.js';
import type { LogitsProcessor } from './logits-processor.js';
import { nanAt } from './max-logit.js';
import { medianOfThree } from './median-of-three.js';

interface Selection {
  /** The value of rank `rank` in descending order. */
  value: number;
  /** How many values are strictly greater than `value`. */
  greater: number;
  /** How many values equal `value`. */
  equal: number;
}

/**
 * Finds the value of rank `rank` (0 = largest) among `values[0..length)` by quickselect with a three-way
 * (greater / equal / less) partition, reordering `values`. Expected O(length); duplicates cost nothing extra.
 * Returns false if it meets a NaN (every value passes through the first partition, where NaN, comparing
 * false both ways, lands in the "equal" branch).
 */
function selectDescending(values: Float32Array, length: number, rank: number, result: Selection): boolean {
  let lo = 0;
  let hi = length;
  for (;;) {
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi - 1]!);
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i < gt) {
      const x = values[i]!;
      if (x > pivot) {
        values[i] = values[lt]!;
        values[lt] = x;
        lt++;
        i++;
      } else if (x < pivot) {
        gt--;
        values[i] = values[gt]!;
        values[gt] = x;
      } else if (Number.isNaN(x)) {
        return false;
      } else {
        i++;
      }
    }
    // [lo, lt) > pivot, [lt, gt) === pivot, [gt, hi) < pivot. Values before lo are greater than all of these
    // and values from hi on are smaller, so [lt, gt) holds every copy of pivot and lt counts the greater ones.
    if (rank < lt) hi = lt;
    else if (rank >= gt) lo = gt;
    else {
      result.value = pivot;
      result.greater = lt;
      result.equal = gt - lt;
      return true;
    }
  }
}

/**
 * Keeps exactly `min(k, vocabSize)` logits, the k largest, and sets the others to -Infinity (in place).
 *
 * Ties: if several entries equal the k-th largest value, the ones with the lowest indices survive, so exactly
 * k entries remain (unless more than vocabSize − k entries were already -Infinity, which stay -Infinity).
 * `k` must be an integer >= 1; k >= vocabSize leaves the logits untouched. Runs in expected O(vocabSize)
 * (quickselect on a scratch copy, no sort). Throws `InvalidLogitsError` on NaN.
 */
export function topK(k: number): LogitsProcessor {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) {
    throw new InvalidArgumentError({ parameter: 'topK', value: k, expected: 'an integer >= 1' });
  }
  let scratch = new Float32Array(0);
  const selection: Selection = { value: 0, greater: 0, equal: 0 };
  return (logits) => {
    const n = logits.length;
    if (k >= n) return logits;
    if (scratch.length < n) scratch = new Float32Array(n);
    scratch.set(logits);
    if (!selectDescending(scratch, n, k - 1, selection)) throw nanAt(logits.findIndex(Number.isNaN));
    const threshold = selection.value;
    let equalToKeep = k - selection.greater;
    if (equalToKeep === selection.equal) {
      for (let i = 0; i < n; i++) if (logits[i]! < threshold) logits[i] = Number.NEGATIVE_INFINITY;
      return logits;
    }
    for (let i = 0; i < n; i++) {
      const x = logits[i]!;
      if (x > threshold) continue;
      if (x === threshold && equalToKeep > 0) {
        equalToKeep--;
        continue;
      }
      logits[i] = Number.NEGATIVE_INFINITY;
    }
    return logits;
  };
}
