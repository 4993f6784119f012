// readingHeads: batchSize heads that start at random places and read forward T tokens per batch, wrapping at the end.
// Leaves out epochs in the strict sense (a head does not visit each token once) and padding (windows are full).

import { createRng } from '@charloom/sampling';
import type { TokenIdArray } from '@charloom/tokenizer';
import type { Batcher, TokenBatch } from './batch.js';
import { iterateBatches } from './batch.js';
import { BATCHER_STATE_VERSION, readIntegerArray } from './batcher-state.js';
import { RNG_STREAMS, randomBelow } from './random.js';
import { checkInteger } from './validate.js';
import { checkSeededWindowOptions } from './window-sizes.js';

/** Options of `readingHeads`. */
export interface ReadingHeadsOptions {
  /** Number of heads, the rows of every batch (1 … tokens.length − sequenceLength). */
  batchSize: number;
  /** Tokens each head reads per batch, T (1 … tokens.length − 1). */
  sequenceLength: number;
  /** Seed of the starting positions (`createRng(seed, RNG_STREAMS.readingHeads)`). */
  seed: number;
  /** A `getState()` result to resume from. */
  state?: ReadingHeadsState;
}

/** Saved position of a `readingHeads` batcher (JSON-serialisable). */
export interface ReadingHeadsState {
  readonly kind: 'reading-heads';
  readonly version: 1;
  readonly tokenCount: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly seed: number;
  /** Where each head reads next. */
  readonly positions: readonly number[];
  /** The `resetRows` flags of the next batch (1 after a wrap, and for every head before the first batch). */
  readonly resetRows: readonly number[];
  readonly index: number;
}

const STATE_KEYS = ['tokenCount', 'batchSize', 'sequenceLength', 'seed', 'positions', 'resetRows', 'index'];

class ReadingHeadsBatcher implements Batcher<TokenBatch, ReadingHeadsState> {
  readonly batchesPerEpoch: number;
  readonly #tokens: TokenIdArray;
  readonly #batchSize: number;
  readonly #sequenceLength: number;
  readonly #seed: number;
  /** Number of valid starts, n − T: a window and its targets need T + 1 tokens. */
  readonly #starts: number;
  #positions: Int32Array;
  #pendingReset: Uint8Array;
  #index = 0;

  constructor(tokens: TokenIdArray, batchSize: number, sequenceLength: number, seed: number) {
    this.#tokens = tokens;
    this.#batchSize = batchSize;
    this.#sequenceLength = sequenceLength;
    this.#seed = seed;
    this.#starts = tokens.length - sequenceLength;
    this.batchesPerEpoch = Math.max(1, Math.floor((tokens.length - 1) / (batchSize * sequenceLength)));
    // Distinct starts (redrawn on a repeat; batchSize <= n − T is checked), each uniform over the n − T starts.
    const rng = createRng(seed, RNG_STREAMS.readingHeads);
    const taken = new Set<number>();
    this.#positions = new Int32Array(batchSize);
    for (let row = 0; row < batchSize; row++) {
      let start = randomBelow(rng, this.#starts);
      while (taken.has(start)) start = randomBelow(rng, this.#starts);
      taken.add(start);
      this.#positions[row] = start;
    }
    this.#pendingReset = new Uint8Array(batchSize).fill(1);
  }

  restore(record: Record<string, unknown>): void {
    this.#positions = Int32Array.from(
      readIntegerArray(record, 'positions', { length: this.#batchSize, min: 0, max: this.#starts - 1 }),
    );
    this.#pendingReset = Uint8Array.from(
      readIntegerArray(record, 'resetRows', { length: this.#batchSize, min: 0, max: 1 }),
    );
    this.#index = checkInteger(record['index'], 'options.state.index', 0);
  }

  nextBatch(): TokenBatch {
    const rows = this.#batchSize;
    const time = this.#sequenceLength;
    const tokens = this.#tokens;
    const inputs = new Int32Array(rows * time);
    const targets = new Int32Array(rows * time);
    const offsets = this.#positions.slice();
    const resetRows = this.#pendingReset.slice();
    for (let row = 0; row < rows; row++) {
      const offset = offsets[row]!;
      inputs.set(tokens.subarray(offset, offset + time), row * time);
      targets.set(tokens.subarray(offset + 1, offset + 1 + time), row * time);
      // Every head moves by T modulo the n − T starts: a rotation, so distinct heads stay distinct.
      const next = offset + time;
      const wraps = next >= this.#starts;
      this.#positions[row] = wraps ? next % this.#starts : next;
      this.#pendingReset[row] = wraps ? 1 : 0;
    }
    const index = this.#index++;
    return {
      inputs,
      targets,
      batchSize: rows,
      sequenceLength: time,
      resetRows,
      offsets,
      epoch: Math.floor(index / this.batchesPerEpoch),
      batchInEpoch: index % this.batchesPerEpoch,
      index,
    };
  }

  getState(): ReadingHeadsState {
    return {
      kind: 'reading-heads',
      version: BATCHER_STATE_VERSION,
      tokenCount: this.#tokens.length,
      batchSize: this.#batchSize,
      sequenceLength: this.#sequenceLength,
      seed: this.#seed,
      positions: Array.from(this.#positions),
      resetRows: Array.from(this.#pendingReset),
      index: this.#index,
    };
  }

  [Symbol.iterator](): Iterator<TokenBatch> {
    return iterateBatches(this);
  }
}

/**
 * Reading-head batches: `batchSize` heads start at distinct positions, each uniform over the n − T valid starts
 * [0, n − T − 1], and each batch moves every head forward by T, so a row continues the text of the same row in the
 * previous batch and the model carries its state. A head whose next window (T inputs and their targets) would run
 * past the end wraps: it continues at (start + T) mod (n − T), and its row is flagged in `resetRows` for that
 * batch; every row is flagged in the first batch. So every head moves by the same rotation of the n − T starts:
 * heads that start apart never meet (no two rows of a batch are the same window), each head's start is uniform over
 * all starts at every batch, and a head cycles through the starts congruent to its own modulo gcd(T, n − T) —
 * all of them when that is 1. A nominal epoch is floor((n − 1) / (batchSize · T)) batches (at least 1): about as
 * many tokens as the data. Random choices: the starting positions only (one unbiased draw per head, redrawn on a
 * repeat), from `createRng(seed, RNG_STREAMS.readingHeads)`.
 * @throws InvalidArgumentError for a bad token array, sizes that are not integers >= 1, `sequenceLength` above
 *   n − 1, `batchSize` above the number of distinct windows (n − T), a bad seed or a bad `state`
 */
export function readingHeads(
  tokens: TokenIdArray,
  options: ReadingHeadsOptions,
): Batcher<TokenBatch, ReadingHeadsState> {
  const { batchSize, sequenceLength, seed, state } = checkSeededWindowOptions(
    tokens,
    options,
    'reading-heads',
    STATE_KEYS,
  );
  const batcher = new ReadingHeadsBatcher(tokens, batchSize, sequenceLength, seed);
  if (state !== undefined) batcher.restore(state);
  return batcher;
}
