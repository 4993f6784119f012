// Helpers shared by the batcher tests: token arrays whose values are their positions, and batch row access.
// Test-only: not exported from the package entry.

import type { PaddedBatch, TokenBatch } from './batch.js';

/** tokens[i] = i, so every id names its own position in the corpus. */
export function positions(length: number): Int32Array {
  return Int32Array.from({ length }, (_, i) => i);
}

/** Row `row` of a batch field laid out [batchSize × sequenceLength]. */
export function row<T extends Int32Array | Float32Array>(
  values: T,
  batch: Pick<TokenBatch | PaddedBatch, 'sequenceLength'>,
  index: number,
): number[] {
  return Array.from(values.subarray(index * batch.sequenceLength, (index + 1) * batch.sequenceLength));
}

/** The next `count` batches of a batcher. */
export function take<T>(source: { nextBatch(): T }, count: number): T[] {
  return Array.from({ length: count }, () => source.nextBatch());
}
