// randomWindows: independent windows of T tokens at uniformly random offsets, no state carried between batches.
// Leaves out sampling without replacement (windows may repeat or overlap) and padding (windows are full).

import { createRng, SeededRng } from '@charloom/sampling';
import type { TokenIdArray } from '@charloom/tokenizer';
import type { Batcher, TokenBatch } from './batch.js';
import { iterateBatches } from './batch.js';
import { BATCHER_STATE_VERSION, readIntegerArray } from './batcher-state.js';
import { InvalidArgumentError } from './errors.js';
import { RNG_STREAMS, randomBelow } from './random.js';
import { checkInteger } from './validate.js';
import { checkSeededWindowOptions } from './window-sizes.js';

/** Options of `randomWindows`. */
export interface RandomWindowsOptions {
  /** Windows per batch (1 … tokens.length − sequenceLength). */
  batchSize: number;
  /** Tokens per window, T (1 … tokens.length − 1). */
  sequenceLength: number;
  /** Seed of the offsets (`createRng(seed, RNG_STREAMS.randomWindows)`). */
  seed: number;
  /** A `getState()` result to resume from. */
  state?: RandomWindowsState;
}

/** Saved position of a `randomWindows` batcher (JSON-serialisable). */
export interface RandomWindowsState {
  readonly kind: 'random-windows';
  readonly version: 1;
  readonly tokenCount: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly seed: number;
  /** `SeededRng.getState()` of the offset generator. */
  readonly rngState: readonly number[];
  readonly index: number;
}

const STATE_KEYS = ['tokenCount', 'batchSize', 'sequenceLength', 'seed', 'rngState', 'index'];

class RandomWindowsBatcher implements Batcher<TokenBatch, RandomWindowsState> {
  readonly batchesPerEpoch: number;
  readonly #tokens: TokenIdArray;
  readonly #batchSize: number;
  readonly #sequenceLength: number;
  readonly #seed: number;
  readonly #starts: number;
  #rng: SeededRng;
  #index = 0;

  constructor(tokens: TokenIdArray, batchSize: number, sequenceLength: number, seed: number) {
    this.#tokens = tokens;
    this.#batchSize = batchSize;
    this.#sequenceLength = sequenceLength;
    this.#seed = seed;
    this.#starts = tokens.length - sequenceLength;
    this.batchesPerEpoch = Math.max(1, Math.floor((tokens.length - 1) / (batchSize * sequenceLength)));
    this.#rng = createRng(seed, RNG_STREAMS.randomWindows);
  }

  restore(record: Record<string, unknown>): void {
    const words = readIntegerArray(record, 'rngState', { length: 4, min: 0, max: 0xffffffff });
    try {
      this.#rng = SeededRng.fromState(words);
    } catch (error) {
      throw new InvalidArgumentError({
        parameter: 'options.state.rngState',
        value: words,
        expected: 'a SeededRng state',
        cause: error,
      });
    }
    this.#index = checkInteger(record['index'], 'options.state.index', 0);
  }

  nextBatch(): TokenBatch {
    const rows = this.#batchSize;
    const time = this.#sequenceLength;
    const tokens = this.#tokens;
    const inputs = new Int32Array(rows * time);
    const targets = new Int32Array(rows * time);
    const offsets = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const offset = randomBelow(this.#rng, this.#starts);
      offsets[row] = offset;
      inputs.set(tokens.subarray(offset, offset + time), row * time);
      targets.set(tokens.subarray(offset + 1, offset + 1 + time), row * time);
    }
    const index = this.#index++;
    return {
      inputs,
      targets,
      batchSize: rows,
      sequenceLength: time,
      resetRows: new Uint8Array(rows).fill(1),
      offsets,
      epoch: Math.floor(index / this.batchesPerEpoch),
      batchInEpoch: index % this.batchesPerEpoch,
      index,
    };
  }

  getState(): RandomWindowsState {
    return {
      kind: 'random-windows',
      version: BATCHER_STATE_VERSION,
      tokenCount: this.#tokens.length,
      batchSize: this.#batchSize,
      sequenceLength: this.#sequenceLength,
      seed: this.#seed,
      rngState: this.#rng.getState(),
      index: this.#index,
    };
  }

  [Symbol.iterator](): Iterator<TokenBatch> {
    return iterateBatches(this);
  }
}

/**
 * Random-window batches: every row is a window of T inputs (and the T tokens after each of them as targets) at an
 * offset drawn uniformly from [0, n − T − 1], independently for every row and batch, so nothing is carried
 * between batches and `resetRows` is 1 everywhere. A nominal epoch is floor((n − 1) / (batchSize · T)) batches
 * (at least 1). Random choices: one unbiased draw per row from `createRng(seed, RNG_STREAMS.randomWindows)`.
 * @throws InvalidArgumentError for a bad token array, sizes that are not integers >= 1, `sequenceLength` above
 *   n − 1, `batchSize` above the number of distinct windows (n − T), a bad seed or a bad `state`
 */
export function randomWindows(
  tokens: TokenIdArray,
  options: RandomWindowsOptions,
): Batcher<TokenBatch, RandomWindowsState> {
  const { batchSize, sequenceLength, seed, state } = checkSeededWindowOptions(
    tokens,
    options,
    'random-windows',
    STATE_KEYS,
  );
  const batcher = new RandomWindowsBatcher(tokens, batchSize, sequenceLength, seed);
  if (state !== undefined) batcher.restore(state);
  return batcher;
}
