// The logits-processor contract `(logits, context) => logits` and its in-order composition.
// Leaves out the processors themselves (temperature.ts, top-k.ts, top-p.ts, repetition-penalty.ts).

import { InvalidArgumentError } from './errors.js';

/** What a processor may know besides the logits. */
export interface LogitsContext {
  /** Token ids generated so far in this row (prompt included), oldest first, newest last. */
  readonly recentTokenIds: ArrayLike<number>;
}

/**
 * Reshapes one row of logits before a token is picked. May modify `logits` in place and returns the array
 * holding the result (the same one for every processor in this package). Processors keep scratch buffers
 * in their closure, so one processor must not be called re-entrantly (calls are synchronous; that never
 * happens in ordinary use).
 */
export type LogitsProcessor = (logits: Float32Array, context: LogitsContext) => Float32Array;

/** A context with no history, for callers that use no repetition penalty. */
export const EMPTY_LOGITS_CONTEXT: LogitsContext = Object.freeze({ recentTokenIds: Object.freeze([]) });

/** A processor that applies `processors` left to right, each on the previous one's output. */
export function composeProcessors(processors: readonly LogitsProcessor[]): LogitsProcessor {
  if (!Array.isArray(processors)) {
    throw new InvalidArgumentError({
      parameter: 'processors',
      value: processors,
      expected: 'an array of logits processors',
    });
  }
  processors.forEach((processor, index) => {
    if (typeof processor !== 'function') {
      throw new InvalidArgumentError({
        parameter: `processors[${index}]`,
        value: processor,
        expected: 'a function (logits, context) => logits',
      });
    }
  });
  const chain = [...processors];
  const count = chain.length;
  if (count === 0) return (logits) => logits;
  if (count === 1) return chain[0]!;
  return (logits, context) => {
    let current = logits;
    for (let i = 0; i < count; i++) current = chain[i]!(current, context);
    return current;
  };
}
