// splitContiguous: cut one token array into train / validation / test by position, as views.
// Leaves out shuffling (text is split contiguously so no context leaks across parts) and item lists (split-items.ts).

import type { TokenIdArray } from '@charloom/tokenizer';
import { checkFractions, cutPoints, type SplitFractions } from './split-fractions.js';
import { checkTokenIds } from './validate.js';

/** The three parts of a contiguous split and what is needed to record it with a checkpoint. */
export interface ContiguousSplit<T extends TokenIdArray = TokenIdArray> {
  /** `tokens.subarray(0, boundaries[0])`: a view, no copy. */
  readonly train: T;
  /** `tokens.subarray(boundaries[0], boundaries[1])`. */
  readonly val: T;
  /** `tokens.subarray(boundaries[1])`. */
  readonly test: T;
  /** Token positions where val and test start. */
  readonly boundaries: readonly [number, number];
  /** Length of the whole token array. */
  readonly length: number;
  /** The fractions used. */
  readonly fractions: Readonly<SplitFractions>;
}

/**
 * Splits token ids into train, validation and test parts by position: train = [0, a), val = [a, b),
 * test = [b, n) with a = floor(n · train) and b = floor(n · (train + val)). The default fractions
 * `{ train: 0.9, val: 0.05, test: 0.05 }` give a = floor(n · 0.9) and b = floor(n · 0.95), exactly the rule of
 * `@charloom/markov`'s Moby Dick script. The parts are `subarray` views of `tokens`, disjoint and together
 * covering every token.
 * @throws InvalidArgumentError for a non-token array or fractions that are not three numbers in [0, 1] summing to 1
 */
export function splitContiguous<T extends TokenIdArray>(
  tokens: T,
  fractions?: SplitFractions,
): ContiguousSplit<T> {
  checkTokenIds(tokens, 'tokens');
  const checked = checkFractions(fractions);
  const [trainEnd, valEnd] = cutPoints(tokens.length, checked);
  return {
    train: tokens.subarray(0, trainEnd) as T,
    val: tokens.subarray(trainEnd, valEnd) as T,
    test: tokens.subarray(valEnd) as T,
    boundaries: [trainEnd, valEnd],
    length: tokens.length,
    fractions: checked,
  };
}
