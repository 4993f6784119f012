// The random draws of this package: unbiased integers, Fisher-Yates shuffles and normal noise from a SeededRng,
// and the stream of `createRng(seed, stream)` each consumer uses. Leaves out the generator itself (@charloom/sampling).

import type { SeededRng } from '@charloom/sampling';

/**
 * Which `createRng(seed, stream)` stream each consumer of this package draws from, so one seed reused across
 * calls of this package (say `splitItems(names, f, 1)` and `paddedSequences(train, { seed: 1 })`) never replays
 * the same numbers. Only within this package: `@charloom/sampling`'s `generate` draws row r of a batch from
 * `createRng(seed, r)`, so with the same seed its rows 0–6 replay the streams listed here.
 */
export const RNG_STREAMS = Object.freeze({
  splitItems: 0,
  readingHeads: 1,
  randomWindows: 2,
  paddedSequences: 3,
  sineWaves: 4,
  copyTask: 5,
  additionTask: 6,
});

const TWO_POW_32 = 2 ** 32;

/**
 * A uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias: draws `nextUint32()` again while the
 * draw falls in the last, incomplete block of n values (at most 1 extra draw in 2 on average, usually none).
 */
export function randomBelow(rng: SeededRng, n: number): number {
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  let x = rng.nextUint32();
  while (x >= limit) x = rng.nextUint32();
  return x % n;
}

/** Fisher-Yates shuffle in place, from the last element down, one `randomBelow(i + 1)` per position. */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(
  array: T,
  rng: SeededRng,
): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomBelow(rng, i + 1);
    const held = array[i];
    array[i] = array[j];
    array[j] = held;
  }
  return array;
}

/**
 * A standard normal draw (Box-Muller, the cosine branch only: two `nextFloat()` per value, nothing cached, so the
 * state after each value is easy to reason about). `1 - u` keeps the logarithm's argument in (0, 1].
 */
export function standardNormal(rng: SeededRng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
