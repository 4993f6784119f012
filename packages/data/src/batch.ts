// The batch shapes every batcher yields and the Batcher interface a training loop drives.
// Leaves out the batching schemes themselves (one file each) and anything tensor-shaped: these are flat typed arrays.

/**
 * A batch of fixed-length token windows. Row r holds `inputs[r * sequenceLength ... (r + 1) * sequenceLength)`;
 * `targets` has the same shape and holds, at every position, the token that follows the input there in the
 * corpus (the next-token rule: `targets[i]` is the token after `inputs[i]`).
 */
export interface TokenBatch {
  /** Token ids, [batchSize × sequenceLength], row-major. A fresh array for every batch. */
  readonly inputs: Int32Array;
  /** Next-token ids, [batchSize × sequenceLength], row-major. */
  readonly targets: Int32Array;
  readonly batchSize: number;
  readonly sequenceLength: number;
  /** [batchSize]: 1 where the row's recurrent state must be reset (zeroed) before this batch, else 0 (carry it). */
  readonly resetRows: Uint8Array;
  /** [batchSize]: position in the token array of each row's first input. */
  readonly offsets: Int32Array;
  /** Epoch this batch belongs to (from 0); see each batcher for what an epoch is. */
  readonly epoch: number;
  /** Position of the batch within its epoch (from 0). */
  readonly batchInEpoch: number;
  /** Batches produced before this one by this batcher (a resumed batcher continues the count). */
  readonly index: number;
}

/**
 * A batch of variable-length sequences padded to the longest in the batch. Row r's real positions are
 * `[0, lengths[r])`; beyond that `inputs` and `targets` hold the padding id and `mask` is 0.
 */
export interface PaddedBatch {
  /** [batchSize × sequenceLength], padded with the padding id. */
  readonly inputs: Int32Array;
  /** [batchSize × sequenceLength]: the next token of each input position, padding id beyond the length. */
  readonly targets: Int32Array;
  /** Rows in this batch (the last batch of an epoch may have fewer; see `paddedSequences`). */
  readonly batchSize: number;
  /** The longest length in this batch. */
  readonly sequenceLength: number;
  /** [batchSize]: number of real (input, target) positions of each row. */
  readonly lengths: Int32Array;
  /** [batchSize × sequenceLength]: 1 at real positions, 0 at padding; float32 so it can weight a loss directly. */
  readonly mask: Float32Array;
  /** [batchSize]: index in the batcher's `items` of each row. */
  readonly itemIndices: Int32Array;
  /** [batchSize]: always 1 — every row is a new sequence. */
  readonly resetRows: Uint8Array;
  readonly epoch: number;
  readonly batchInEpoch: number;
  readonly index: number;
}

/**
 * An endless source of batches. `nextBatch()` always returns one (epochs roll over); iterate with
 * `for (const batch of batcher)` and `break` when done. `getState()` returns plain JSON data; passing it back as
 * the `state` option of the same factory with the same data and options continues with exactly the batches that
 * would have come next.
 */
export interface Batcher<TBatch, TState> extends Iterable<TBatch> {
  /** Batches in one epoch (for the window batchers, a nominal epoch: see each one). */
  readonly batchesPerEpoch: number;
  /** The next batch; never ends. */
  nextBatch(): TBatch;
  /** Where the batcher stands: JSON-serialisable, to save with a checkpoint. */
  getState(): TState;
}

/** Iterates a batcher forever. */
export function* iterateBatches<TBatch>(source: {
  nextBatch(): TBatch;
}): Generator<TBatch, never, undefined> {
  for (;;) yield source.nextBatch();
}
