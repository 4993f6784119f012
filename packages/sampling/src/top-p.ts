// The top-p (nucleus) processor: keeps the smallest set of most probable tokens whose total probability is
// at least p and masks the rest to -Infinity. Leaves out renormalisation (softmax does it) and full sorting.

import { InvalidArgumentError } from './errors.js';
import { expNonPositive } from './exp.js';
import type { LogitsProcessor } from './logits-processor.js';
import { maxLogit } from './max-logit.js';
import { medianOfThree } from './median-of-three.js';

function checkTopP(p: number): void {
  if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
    throw new InvalidArgumentError({ parameter: 'topP', value: p, expected: 'a number with 0 < topP <= 1' });
  }
}

/**
 * The nucleus computation behind `topP`, also used by the sampler to draw straight from the weights it
 * leaves behind (the same numbers `sampleMultinomial` would compute from the masked logits).
 */
export class NucleusFilter {
  /** After `apply`: `exp(x_i - max)` for kept tokens, 0 for the others (index order, float64). */
  weights = new Float64Array(0);
  private candidates = new Int32Array(0);

  constructor(readonly p: number) {
    checkTopP(p);
  }

  /**
   * Masks every logit outside the nucleus to -Infinity (in place), fills `weights`, and returns the kept
   * mass (the weights summed in index order). Throws `InvalidLogitsError` like `softmax`.
   */
  apply(logits: Float32Array): number {
    const max = maxLogit(logits);
    const n = logits.length;
    if (this.weights.length < n) {
      this.weights = new Float64Array(n);
      this.candidates = new Int32Array(n);
    }
    const w = this.weights;
    const idx = this.candidates;
    // Weights proportional to the probabilities; +Infinity logits share all the mass (softmax's limit).
    let total = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const x = logits[i]!;
      const e = max === Number.POSITIVE_INFINITY ? (x === max ? 1 : 0) : expNonPositive(x - max);
      w[i] = e;
      if (e > 0) {
        total += e;
        idx[m++] = i;
      }
    }
    if (this.p === 1) return total;
    // Find the cut-off weight and how many tokens tied at it survive, by quickselect on mass:
    // partition the candidates around a pivot weight; when the heavier side's mass is short of what is
    // still needed, take it whole (and as many tied tokens as needed) and continue on the lighter side.
    let need = this.p * total;
    let lo = 0;
    let hi = m;
    let cutWeight = 0;
    let equalToKeep = 0;
    while (lo < hi) {
      const pivot = medianOfThree(w[idx[lo]!]!, w[idx[(lo + hi) >>> 1]!]!, w[idx[hi - 1]!]!);
      let lt = lo;
      let i = lo;
      let gt = hi;
      let heavierMass = 0;
      while (i < gt) {
        const j = idx[i]!;
        const wj = w[j]!;
        if (wj > pivot) {
          heavierMass += wj;
          idx[i] = idx[lt]!;
          idx[lt] = j;
          lt++;
          i++;
        } else if (wj < pivot) {
          gt--;
          idx[i] = idx[gt]!;
          idx[gt] = j;
        } else {
          i++;
        }
      }
      if (heavierMass >= need) {
        hi = lt;
        continue;
      }
      need -= heavierMass;
      const equalCount = gt - lt;
      let equalMass = 0;
      let taken = 0;
      while (taken < equalCount && equalMass < need) {
        equalMass += pivot;
        taken++;
      }
      if (equalMass >= need) {
        cutWeight = pivot;
        equalToKeep = taken;
        break;
      }
      need -= equalMass;
      lo = gt;
    }
    // When rounding leaves `need` unmet after every candidate, cutWeight stays 0: all candidates are kept.
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      if (wi > cutWeight || (wi === cutWeight && equalToKeep-- > 0)) {
        kept += wi;
      } else {
        w[i] = 0;
        logits[i] = Number.NEGATIVE_INFINITY;
      }
    }
    return kept;
  }
}

/**
 * Keeps the smallest set of tokens, taken in order of descending probability, whose probability mass is
 * >= `p`; sets every other logit to -Infinity (in place). At least one token always survives.
 *
 * Order and ties: tokens are ranked by probability, highest first; equal probabilities rank the lower index
 * first, so the kept set is unique (among tokens tied at the cut-off, the lowest indices are kept). `p` must
 * be a number with 0 < p <= 1; p = 1 returns a processor that leaves the logits untouched.
 *
 * Cost: one pass of exp plus a mass-weighted quickselect over the tokens with non-zero probability
 * (expected O(vocabSize), no sort). Masses are compared unnormalised (`sum >= p * total`) in float64, with
 * the table-driven exp of `sampleMultinomial` (weights below exp(-700) count as 0 and are masked).
 * Throws `InvalidLogitsError` on NaN, an empty array, or all entries -Infinity.
 */
export function topP(p: number): LogitsProcessor {
  checkTopP(p);
  if (p === 1) return (logits) => logits;
  const filter = new NucleusFilter(p);
  return (logits) => {
    filter.apply(logits);
    return logits;
  };
}
