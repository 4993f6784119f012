// The temperature processor: divides every logit by t (t < 1 sharpens the distribution, t > 1 flattens it).
// Leaves out t = 0 (greedy decoding is chosen by the sampler, not by a processor).

import { InvalidArgumentError } from './errors.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Divides logits by `t` in place: `softmax(logits / t)`. `t` must be a finite number > 0; `t = 1` returns a
 * processor that leaves the logits untouched. As t approaches 0 sampling approaches greedy decoding.
 */
export function temperature(t: number): LogitsProcessor {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    throw new InvalidArgumentError('temperature', t, 'a finite number > 0');
  }
  if (t === 1) return (logits) => logits;
  return (logits) => {
    const n = logits.length;
    for (let i = 0; i < n; i++) logits[i] = logits[i]! / t;
    return logits;
  };
}
