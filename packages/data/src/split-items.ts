// splitItems: shuffle a list of items (names, documents, examples) with a seed and cut it into three parts.
// Leaves out stratification (labels are not balanced across parts) and token arrays (split-contiguous.ts).

import { createRng } from '@charloom/sampling';
import { InvalidArgumentError } from './errors.js';
import { RNG_STREAMS, shuffleInPlace } from './random.js';
import { checkFractions, cutPoints, type SplitFractions } from './split-fractions.js';
import { checkSeed } from './validate.js';

/** The three parts of an item split and what is needed to record or rebuild it. */
export interface ItemSplit<T> {
  readonly train: T[];
  readonly val: T[];
  readonly test: T[];
  /** The shuffled order: `train[i]` is `items[order[i]]`, `val[i]` is `items[order[boundaries[0] + i]]`, … */
  readonly order: Int32Array;
  /** Positions in `order` where val and test start. */
  readonly boundaries: readonly [number, number];
  /** Number of items. */
  readonly length: number;
  readonly fractions: Readonly<SplitFractions>;
  readonly seed: number;
}

/**
 * Shuffles the indices of `items` (Fisher-Yates driven by `createRng(seed, 0)`) and cuts the shuffled list with
 * the same rule as `splitContiguous`: train gets floor(n · train) items, val up to floor(n · (train + val)), test
 * the rest. Every item lands in exactly one part; the same items, fractions and seed always give the same split.
 * `fractions` may be `undefined` for the default 90 / 5 / 5.
 * @throws InvalidArgumentError for a non-array, bad fractions or a seed that is not an integer
 */
export function splitItems<T>(
  items: readonly T[],
  fractions: SplitFractions | undefined,
  seed: number,
): ItemSplit<T> {
  if (!Array.isArray(items))
    throw new InvalidArgumentError({ parameter: 'items', value: items, expected: 'an array' });
  const checked = checkFractions(fractions);
  checkSeed(seed, 'seed');
  const order = new Int32Array(items.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  shuffleInPlace(order, createRng(seed, RNG_STREAMS.splitItems));
  const [trainEnd, valEnd] = cutPoints(items.length, checked);
  const pick = (from: number, to: number): T[] =>
    Array.from(order.subarray(from, to), (index) => items[index]!);
  return {
    train: pick(0, trainEnd),
    val: pick(trainEnd, valEnd),
    test: pick(valEnd, items.length),
    order,
    boundaries: [trainEnd, valEnd],
    length: items.length,
    fractions: checked,
    seed,
  };
}
