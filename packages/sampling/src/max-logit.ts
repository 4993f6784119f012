// Shared input check for everything that reads logits: type, non-empty, no NaN, and the maximum entry.
// Leaves out any transformation of the values; callers do their own passes after this one.

import { InvalidArgumentError, InvalidLogitsError } from './errors.js';

/** Throws unless `logits` is a non-empty Float32Array. */
export function assertLogitsArray(logits: unknown, parameter = 'logits'): asserts logits is Float32Array {
  if (!(logits instanceof Float32Array))
    throw new InvalidArgumentError({ parameter, value: logits, expected: 'a Float32Array' });
  if (logits.length === 0)
    throw new InvalidLogitsError({
      parameter,
      value: logits,
      expected: 'a non-empty Float32Array',
      index: -1,
    });
}

/**
 * The largest entry of `logits` (possibly +Infinity). Throws `InvalidLogitsError` on an empty array, on the
 * first NaN, and when every entry is -Infinity (no token could be drawn).
 */
export function maxLogit(logits: Float32Array): number {
  assertLogitsArray(logits);
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = logits[i]!;
    if (x > max) max = x;
    else if (Number.isNaN(x)) throw nanAt(i);
  }
  if (max === Number.NEGATIVE_INFINITY) throw allMasked(logits);
  return max;
}

/** The error for logits whose every entry is -Infinity. */
export function allMasked(logits: Float32Array): InvalidLogitsError {
  return new InvalidLogitsError({
    parameter: 'logits',
    value: logits,
    expected: 'at least one entry above -Infinity (all are -Infinity)',
    index: -1,
  });
}

/** The error for a NaN at `index`. */
export function nanAt(index: number): InvalidLogitsError {
  return new InvalidLogitsError({
    parameter: `logits[${index}]`,
    value: Number.NaN,
    expected: 'a number, not NaN',
    index,
  });
}
