// The repetition-penalty processor: divides the probability weight of recently seen tokens by `penalty`,
// i.e. subtracts ln(penalty) from their logits. Leaves out frequency/presence penalties that count repeats.

import { InvalidArgumentError } from './errors.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Subtracts `ln(penalty)` from the logit of each distinct token id among the last `window` entries of
 * `context.recentTokenIds` (in place), which divides that token's unnormalised probability `exp(logit)` by
 * `penalty`. A token seen several times in the window is penalised once.
 *
 * Why not the CTRL / Hugging Face rule (divide positive logits by the penalty, multiply negative ones): logits
 * are defined only up to an additive constant (softmax(x + c) = softmax(x)), and that rule gives different
 * distributions for `x` and `x + c` because shifting changes which logits are positive; a logit near 0 is
 * barely penalised at all. Subtracting `ln(penalty)` commutes with shifts and always means "this token is
 * `penalty` times less likely, relative to the others, than the model said".
 *
 * `penalty` must be a finite number >= 1 (1 leaves the logits untouched); `window` an integer >= 1. Every id
 * the processor reads must be an integer in [0, logits.length), else it throws `InvalidArgumentError` naming
 * `context.recentTokenIds[i]` before changing anything. Applied before temperature, the penalty's effect on the final distribution is
 * a factor `penalty^(1/temperature)`.
 */
export function repetitionPenalty(penalty: number, window: number): LogitsProcessor {
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || !(penalty >= 1)) {
    throw new InvalidArgumentError({
      parameter: 'repetitionPenalty',
      value: penalty,
      expected: 'a finite number >= 1',
    });
  }
  if (typeof window !== 'number' || !Number.isSafeInteger(window) || window < 1) {
    throw new InvalidArgumentError({
      parameter: 'repetitionWindow',
      value: window,
      expected: 'an integer >= 1',
    });
  }
  if (penalty === 1) return (logits) => logits;
  const logPenalty = Math.log(penalty);
  let seen = new Uint8Array(0);
  return (logits, context) => {
    const ids = context?.recentTokenIds;
    if (typeof ids !== 'object' || ids === null || typeof ids.length !== 'number') {
      throw new InvalidArgumentError({
        parameter: 'context.recentTokenIds',
        value: ids,
        expected: 'an array-like of token ids',
      });
    }
    const n = logits.length;
    const end = ids.length;
    const start = Math.max(0, end - window);
    if (seen.length < n) seen = new Uint8Array(n);
    for (let i = start; i < end; i++) {
      const id = ids[i]!;
      if (!(Number.isInteger(id) && id >= 0 && id < n)) {
        throw new InvalidArgumentError({
          parameter: `context.recentTokenIds[${i}]`,
          value: id,
          expected: `an integer in [0, ${n})`,
        });
      }
    }
    for (let i = start; i < end; i++) {
      const id = ids[i]!;
      if (seen[id] === 0) {
        seen[id] = 1;
        logits[id] = logits[id]! - logPenalty;
      }
    }
    for (let i = start; i < end; i++) seen[ids[i]!] = 0;
    return logits;
  };
}
