// The temperature processor: scales logits by 1/t (t < 1 sharpens the distribution, t > 1 flattens it),
// shifting them so the maximum is 0 first. Leaves out t = 0 (greedy decoding is chosen by the sampler).

import { InvalidArgumentError } from './errors.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Applies temperature `t` in place: afterwards `softmax(logits)` is `softmax(original / t)`.
 *
 * Each logit becomes `(x - max) / t`, where `max` is the largest logit: the same distribution as `x / t`
 * (softmax ignores shifts), but the maximum stays 0 and every other entry is negative, so a tiny `t` can only
 * overflow to -Infinity (probability 0), never to +Infinity: as t approaches 0 the result becomes greedy
 * decoding (ties at the maximum share the mass), down to the smallest positive double. When some logit is
 * +Infinity those entries already hold all the mass and the logits are left as they are; with every entry
 * -Infinity (or an empty array) there is nothing to scale. NaN entries stay NaN (the draw rejects them).
 *
 * `t` must be a finite number > 0; `t = 1` returns a processor that leaves the logits untouched.
 */
export function temperature(t: number): LogitsProcessor {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    throw new InvalidArgumentError({ parameter: 'temperature', value: t, expected: 'a finite number > 0' });
  }
  if (t === 1) return (logits) => logits;
  return (logits) => {
    const n = logits.length;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = logits[i]!;
      if (x > max) max = x;
    }
    if (!Number.isFinite(max)) return logits;
    for (let i = 0; i < n; i++) logits[i] = (logits[i]! - max) / t;
    return logits;
  };
}
