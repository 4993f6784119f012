// The train / validation / test fractions and the one rule that turns them into cut points.
// Leaves out what is split (token arrays in split-contiguous.ts, item lists in split-items.ts).

import { InvalidArgumentError } from './errors.js';
import { checkNumber, checkOptions } from './validate.js';

/** Fractions of a split; each in [0, 1], together 1 (within 1e-9). */
export interface SplitFractions {
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

/** The split charloom uses everywhere: 90% train, 5% validation, 5% test, contiguous for text. */
export const DEFAULT_SPLIT: Readonly<SplitFractions> = Object.freeze({ train: 0.9, val: 0.05, test: 0.05 });

/** Validated fractions (a fresh frozen object); `undefined` means `DEFAULT_SPLIT`. */
export function checkFractions(value: unknown, parameter = 'fractions'): Readonly<SplitFractions> {
  if (value === undefined) return DEFAULT_SPLIT;
  const record = checkOptions(value, parameter, ['train', 'val', 'test']);
  const train = checkNumber(record['train'], `${parameter}.train`, 0, 1);
  const val = checkNumber(record['val'], `${parameter}.val`, 0, 1);
  const test = checkNumber(record['test'], `${parameter}.test`, 0, 1);
  const sum = train + val + test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new InvalidArgumentError({
      parameter: `${parameter}.train + ${parameter}.val + ${parameter}.test`,
      value: cumulative(sum),
      expected: '1',
    });
  }
  return Object.freeze({ train, val, test });
}

/** A cumulative fraction rounded to 12 decimals, so that 0.9 + 0.05 is exactly the double 0.95. */
function cumulative(fraction: number): number {
  return Math.round(fraction * 1e12) / 1e12;
}

/**
 * The cut points of `length` elements: train = [0, a), val = [a, b), test = [b, length), with
 * a = floor(length · train) and b = floor(length · (train + val)), the sum rounded to 12 decimals first. For the
 * default split that is floor(length · 0.9) and floor(length · 0.95), the rule `@charloom/markov`'s Moby Dick
 * script applies (tested to agree for every length up to 100,000 and a few large ones).
 */
export function cutPoints(length: number, fractions: SplitFractions): [number, number] {
  const trainEnd = Math.floor(length * cumulative(fractions.train));
  const valEnd = Math.floor(length * cumulative(fractions.train + fractions.val));
  return [trainEnd, Math.max(trainEnd, Math.min(length, valEnd))];
}
