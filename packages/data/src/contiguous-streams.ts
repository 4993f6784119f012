// contiguousStreams: char-rnn's truncated-BPTT batching — the tokens cut into batchSize streams read T at a time.
// Leaves out randomness (the order is fixed; shuffle nothing) and padding (every batch is full, see raggedEnd).

import type { TokenIdArray } from '@charloom/tokenizer';
import type { Batcher, TokenBatch } from './batch.js';
import { iterateBatches } from './batch.js';
import { BATCHER_STATE_VERSION, expectSame, readStateRecord } from './batcher-state.js';
import { InvalidArgumentError } from './errors.js';
import { checkInteger, checkOptions, checkTokenIds } from './validate.js';

/** What happens to the last stretch of each stream when it is shorter than `sequenceLength`. */
export type RaggedEnd = 'drop' | 'short';

/** Options of `contiguousStreams`. */
export interface ContiguousStreamsOptions {
  /** Number of streams, the rows of every batch (integer >= 1). */
  batchSize: number;
  /** Time steps per batch, T (integer >= 1). */
  sequenceLength: number;
  /**
   * `'drop'` (default): every batch has exactly `sequenceLength` steps and the last `streamLength mod T` inputs of
   * each stream are skipped in every epoch (fixed shapes, as char-rnn does). `'short'`: the epoch ends with one
   * shorter batch holding them.
   */
  raggedEnd?: RaggedEnd;
  /** A `getState()` result to resume from. */
  state?: ContiguousStreamsState;
}

/** Saved position of a `contiguousStreams` batcher (JSON-serialisable). */
export interface ContiguousStreamsState {
  readonly kind: 'contiguous-streams';
  readonly version: 1;
  readonly tokenCount: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly raggedEnd: RaggedEnd;
  readonly epoch: number;
  readonly batchInEpoch: number;
  readonly index: number;
}

/** A `contiguousStreams` batcher: a `Batcher` plus the layout of its streams. */
export interface ContiguousStreams extends Batcher<TokenBatch, ContiguousStreamsState> {
  /** Inputs per stream, S = floor((tokens.length − 1) / batchSize); stream j starts at token j · S. */
  readonly streamLength: number;
}

const STATE_KEYS = [
  'tokenCount',
  'batchSize',
  'sequenceLength',
  'raggedEnd',
  'epoch',
  'batchInEpoch',
  'index',
];

class ContiguousStreamsBatcher implements ContiguousStreams {
  readonly batchesPerEpoch: number;
  readonly streamLength: number;
  readonly #tokens: TokenIdArray;
  readonly #batchSize: number;
  readonly #sequenceLength: number;
  readonly #fullBatches: number;
  readonly #raggedEnd: RaggedEnd;
  #epoch = 0;
  #batchInEpoch = 0;
  #index = 0;

  constructor(tokens: TokenIdArray, batchSize: number, sequenceLength: number, raggedEnd: RaggedEnd) {
    this.#tokens = tokens;
    this.#batchSize = batchSize;
    this.#sequenceLength = sequenceLength;
    this.#raggedEnd = raggedEnd;
    this.streamLength = Math.floor((tokens.length - 1) / batchSize);
    this.#fullBatches = Math.floor(this.streamLength / sequenceLength);
    const remainder = this.streamLength - this.#fullBatches * sequenceLength;
    this.batchesPerEpoch = this.#fullBatches + (raggedEnd === 'short' && remainder > 0 ? 1 : 0);
  }

  restore(record: Record<string, unknown>): void {
    this.#epoch = checkInteger(record['epoch'], 'options.state.epoch', 0);
    this.#batchInEpoch = checkInteger(
      record['batchInEpoch'],
      'options.state.batchInEpoch',
      0,
      this.batchesPerEpoch - 1,
    );
    this.#index = checkInteger(record['index'], 'options.state.index', 0);
  }

  nextBatch(): TokenBatch {
    const rows = this.#batchSize;
    const start = this.#batchInEpoch * this.#sequenceLength;
    const time = this.#batchInEpoch < this.#fullBatches ? this.#sequenceLength : this.streamLength - start;
    const tokens = this.#tokens;
    const inputs = new Int32Array(rows * time);
    const targets = new Int32Array(rows * time);
    const offsets = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const offset = row * this.streamLength + start;
      offsets[row] = offset;
      inputs.set(tokens.subarray(offset, offset + time), row * time);
      targets.set(tokens.subarray(offset + 1, offset + 1 + time), row * time);
    }
    const batch: TokenBatch = {
      inputs,
      targets,
      batchSize: rows,
      sequenceLength: time,
      resetRows: new Uint8Array(rows).fill(this.#batchInEpoch === 0 ? 1 : 0),
      offsets,
      epoch: this.#epoch,
      batchInEpoch: this.#batchInEpoch,
      index: this.#index,
    };
    this.#index++;
    if (++this.#batchInEpoch === this.batchesPerEpoch) {
      this.#batchInEpoch = 0;
      this.#epoch++;
    }
    return batch;
  }

  getState(): ContiguousStreamsState {
    return {
      kind: 'contiguous-streams',
      version: BATCHER_STATE_VERSION,
      tokenCount: this.#tokens.length,
      batchSize: this.#batchSize,
      sequenceLength: this.#sequenceLength,
      raggedEnd: this.#raggedEnd,
      epoch: this.#epoch,
      batchInEpoch: this.#batchInEpoch,
      index: this.#index,
    };
  }

  [Symbol.iterator](): Iterator<TokenBatch> {
    return iterateBatches(this);
  }
}

/**
 * Truncated-BPTT batches in the manner of char-rnn: the tokens are cut into `batchSize` contiguous streams of
 * S = floor((n − 1) / batchSize) inputs each (stream j covers inputs j·S … j·S + S − 1, and its targets run one
 * further, so the last target of stream j is the first input of stream j + 1). Batch k of an epoch holds steps
 * k·T … k·T + T − 1 of every stream, so row j of batch k + 1 continues exactly where row j of batch k stopped
 * and a model should carry its recurrent state across batches. An epoch is one pass over the streams; its
 * first batch has every `resetRows` flag set, the others none. The last n − batchSize · S tokens (at most
 * batchSize) are never inputs, and with `raggedEnd: 'drop'` neither are the last S mod T inputs of each stream.
 * No randomness. Fresh arrays per batch.
 * @throws InvalidArgumentError for a bad token array, sizes that are not integers >= 1, `sequenceLength` above
 *   n − 1, or a `batchSize` that leaves streams too short for one batch; bad `state` fields
 */
export function contiguousStreams(
  tokens: TokenIdArray,
  options: ContiguousStreamsOptions,
): ContiguousStreams {
  checkTokenIds(tokens, 'tokens');
  const record = checkOptions(options, 'options', ['batchSize', 'sequenceLength', 'raggedEnd', 'state']);
  const batchSize = checkInteger(record['batchSize'], 'options.batchSize', 1);
  const raggedEnd = record['raggedEnd'] ?? 'drop';
  if (raggedEnd !== 'drop' && raggedEnd !== 'short') {
    throw new InvalidArgumentError({
      parameter: 'options.raggedEnd',
      value: raggedEnd,
      expected: '"drop" or "short"',
    });
  }
  if (tokens.length < 2)
    throw new InvalidArgumentError({
      parameter: 'tokens.length',
      value: tokens.length,
      expected: 'at least 2 (one input and its target)',
    });
  const sequenceLength = checkInteger(
    record['sequenceLength'],
    'options.sequenceLength',
    1,
    tokens.length - 1,
  );
  const perStream = raggedEnd === 'drop' ? sequenceLength : 1;
  const maxBatchSize = Math.floor((tokens.length - 1) / perStream);
  if (batchSize > maxBatchSize) {
    throw new InvalidArgumentError({
      parameter: 'options.batchSize',
      value: batchSize,
      expected: `at most ${maxBatchSize} for ${tokens.length} tokens (each stream needs ${perStream} input${perStream === 1 ? '' : 's'} and a target)`,
    });
  }
  const batcher = new ContiguousStreamsBatcher(tokens, batchSize, sequenceLength, raggedEnd);
  if (record['state'] !== undefined) {
    const state = readStateRecord(record['state'], 'contiguous-streams', STATE_KEYS);
    expectSame(state, 'tokenCount', tokens.length);
    expectSame(state, 'batchSize', batchSize);
    expectSame(state, 'sequenceLength', sequenceLength);
    expectSame(state, 'raggedEnd', raggedEnd);
    batcher.restore(state);
  }
  return batcher;
}
