// paddedSequences: batches of whole variable-length items (names, documents, task examples) padded to the longest.
// Leaves out truncation (an item longer than a model can take must be cut by the caller) and carried state.

import { createRng, SeededRng } from '@charloom/sampling';
import type { Batcher, PaddedBatch } from './batch.js';
import { iterateBatches } from './batch.js';
import { BATCHER_STATE_VERSION, expectSame, readIntegerArray, readStateRecord } from './batcher-state.js';
import { InvalidArgumentError } from './errors.js';
import { RNG_STREAMS, shuffleInPlace } from './random.js';
import { checkBoolean, checkInteger, checkOptions, checkSeed } from './validate.js';

/** Options of `paddedSequences`. */
export interface PaddedSequencesOptions {
  /** Items per batch (1 … items.length). */
  batchSize: number;
  /** Id written at padded positions of `inputs` and `targets` (e.g. `vocab.specialIds.pad`). */
  padId: number;
  /** If given, prepended to every item, so the first real input is BOS and the first target the item's first token. */
  bosId?: number;
  /** If given, appended to every item, so the last real target is EOS. */
  eosId?: number;
  /** Seed of the shuffles (`createRng(seed, RNG_STREAMS.paddedSequences)`). */
  seed: number;
  /**
   * 0 (default): no bucketing. k >= 1: each epoch's shuffled items are taken in pools of k · batchSize, each pool
   * is sorted by length and cut into batches, and the batches are shuffled — so a batch holds items of similar
   * length and little padding, while the order stays random.
   */
  bucketing?: number;
  /**
   * Leave out `items.length mod batchSize` items each epoch — the last of that epoch's shuffle, taken before any
   * bucketing, so a uniform random choice — and make every batch full (default false: keep one smaller batch).
   */
  dropLast?: boolean;
  /** A `getState()` result to resume from. */
  state?: PaddedSequencesState;
}

/** Saved position of a `paddedSequences` batcher (JSON-serialisable). */
export interface PaddedSequencesState {
  readonly kind: 'padded-sequences';
  readonly version: 1;
  readonly itemCount: number;
  /** Sum of the item lengths, BOS and EOS included: a cheap check that the items are the same. */
  readonly tokenCount: number;
  readonly batchSize: number;
  readonly padId: number;
  readonly bosId: number | null;
  readonly eosId: number | null;
  readonly seed: number;
  readonly bucketing: number;
  readonly dropLast: boolean;
  readonly epoch: number;
  readonly batchInEpoch: number;
  /** `SeededRng.getState()` before the current epoch's order was drawn. */
  readonly epochRngState: readonly number[];
  readonly index: number;
}

const STATE_KEYS = [
  'itemCount',
  'tokenCount',
  'batchSize',
  'padId',
  'bosId',
  'eosId',
  'seed',
  'bucketing',
  'dropLast',
  'epoch',
  'batchInEpoch',
  'epochRngState',
  'index',
];

interface PaddedConfig {
  batchSize: number;
  padId: number;
  bosId: number | null;
  eosId: number | null;
  seed: number;
  bucketing: number;
  dropLast: boolean;
}

class PaddedSequencesBatcher implements Batcher<PaddedBatch, PaddedSequencesState> {
  readonly batchesPerEpoch: number;
  readonly #config: PaddedConfig;
  /** Every item back to back, BOS and EOS included; item i is data[starts[i] .. starts[i + 1]). */
  readonly #data: Int32Array;
  readonly #starts: Int32Array;
  #rng: SeededRng;
  #epochRngState: number[];
  #plan: Int32Array[];
  #epoch = 0;
  #batchInEpoch = 0;
  #index = 0;

  constructor(data: Int32Array, starts: Int32Array, config: PaddedConfig) {
    this.#config = config;
    this.#data = data;
    this.#starts = starts;
    const count = starts.length - 1;
    this.batchesPerEpoch = config.dropLast
      ? Math.floor(count / config.batchSize)
      : Math.ceil(count / config.batchSize);
    this.#rng = createRng(config.seed, RNG_STREAMS.paddedSequences);
    this.#epochRngState = this.#rng.getState();
    this.#plan = this.#drawPlan();
  }

  get tokenCount(): number {
    return this.#data.length;
  }

  restore(record: Record<string, unknown>): void {
    const words = readIntegerArray(record, 'epochRngState', { length: 4, min: 0, max: 0xffffffff });
    try {
      this.#rng = SeededRng.fromState(words);
    } catch (error) {
      throw new InvalidArgumentError({
        parameter: 'options.state.epochRngState',
        value: words,
        expected: 'a SeededRng state',
        cause: error,
      });
    }
    this.#epochRngState = words;
    this.#plan = this.#drawPlan();
    this.#epoch = checkInteger(record['epoch'], 'options.state.epoch', 0);
    this.#batchInEpoch = checkInteger(
      record['batchInEpoch'],
      'options.state.batchInEpoch',
      0,
      this.batchesPerEpoch - 1,
    );
    this.#index = checkInteger(record['index'], 'options.state.index', 0);
  }

  /**
   * One epoch's batches of item indices, drawn from `#rng` (which ends at the next epoch's state). With `dropLast`
   * the last `count mod batchSize` items of the shuffled order are left out before any pooling, so the items
   * skipped are a uniform random choice whatever their length (cutting after sorting a pool would skip its longest).
   */
  #drawPlan(): Int32Array[] {
    const { batchSize, bucketing, dropLast } = this.#config;
    const count = this.#starts.length - 1;
    const shuffled = new Int32Array(count);
    for (let i = 0; i < count; i++) shuffled[i] = i;
    shuffleInPlace(shuffled, this.#rng);
    const order = dropLast ? shuffled.subarray(0, count - (count % batchSize)) : shuffled;
    const plan: Int32Array[] = [];
    if (bucketing === 0) {
      for (let at = 0; at < order.length; at += batchSize) plan.push(order.slice(at, at + batchSize));
      return plan;
    }
    const starts = this.#starts;
    const lengthOf = (item: number): number => starts[item + 1]! - starts[item]!;
    const poolSize = bucketing * batchSize;
    for (let at = 0; at < order.length; at += poolSize) {
      // Array#sort is stable, so equal lengths keep their shuffled order.
      const pool = Array.from(order.subarray(at, at + poolSize)).sort((a, b) => lengthOf(a) - lengthOf(b));
      for (let from = 0; from < pool.length; from += batchSize)
        plan.push(Int32Array.from(pool.slice(from, from + batchSize)));
    }
    return shuffleInPlace(plan, this.#rng);
  }

  nextBatch(): PaddedBatch {
    const { padId } = this.#config;
    const items = this.#plan[this.#batchInEpoch]!;
    const rows = items.length;
    const data = this.#data;
    const starts = this.#starts;
    let time = 0;
    for (let row = 0; row < rows; row++) {
      const item = items[row]!;
      time = Math.max(time, starts[item + 1]! - starts[item]! - 1);
    }
    const inputs = new Int32Array(rows * time).fill(padId);
    const targets = new Int32Array(rows * time).fill(padId);
    const mask = new Float32Array(rows * time);
    const lengths = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const item = items[row]!;
      const start = starts[item]!;
      const length = starts[item + 1]! - start - 1;
      lengths[row] = length;
      inputs.set(data.subarray(start, start + length), row * time);
      targets.set(data.subarray(start + 1, start + 1 + length), row * time);
      mask.fill(1, row * time, row * time + length);
    }
    const batch: PaddedBatch = {
      inputs,
      targets,
      batchSize: rows,
      sequenceLength: time,
      lengths,
      mask,
      itemIndices: items.slice(),
      resetRows: new Uint8Array(rows).fill(1),
      epoch: this.#epoch,
      batchInEpoch: this.#batchInEpoch,
      index: this.#index,
    };
    this.#index++;
    if (++this.#batchInEpoch === this.batchesPerEpoch) {
      this.#batchInEpoch = 0;
      this.#epoch++;
      this.#epochRngState = this.#rng.getState();
      this.#plan = this.#drawPlan();
    }
    return batch;
  }

  getState(): PaddedSequencesState {
    const config = this.#config;
    return {
      kind: 'padded-sequences',
      version: BATCHER_STATE_VERSION,
      itemCount: this.#starts.length - 1,
      tokenCount: this.#data.length,
      batchSize: config.batchSize,
      padId: config.padId,
      bosId: config.bosId,
      eosId: config.eosId,
      seed: config.seed,
      bucketing: config.bucketing,
      dropLast: config.dropLast,
      epoch: this.#epoch,
      batchInEpoch: this.#batchInEpoch,
      epochRngState: this.#epochRngState.slice(),
      index: this.#index,
    };
  }

  [Symbol.iterator](): Iterator<PaddedBatch> {
    return iterateBatches(this);
  }
}

const MAX_ID = 0x7fffffff;

function optionalId(value: unknown, parameter: string): number | null {
  return value === undefined ? null : checkInteger(value, parameter, 0, MAX_ID);
}

/**
 * Padded batches of whole items. Each item (an array of token ids, e.g. `vocab.encodeInt32(name)`) becomes the
 * sequence [BOS?] item [EOS?]; its inputs are that sequence without its last id and its targets the sequence
 * without its first (next token), so an item gives `length + (bos ? 1 : 0) + (eos ? 1 : 0) − 1` real positions.
 * A batch is padded with `padId` to its longest row; `lengths` and `mask` say which positions are real.
 * An epoch visits every item once (`dropLast: false`, the default) in a fresh random order per epoch; when
 * `batchSize` does not divide the item count there is one smaller batch per epoch (the last one, or anywhere in
 * the epoch with bucketing). With `dropLast` the remainder (count mod batchSize items, a uniform random choice
 * each epoch) is left out instead. Random choices: each epoch's shuffle (and, with bucketing, the batch order),
 * from `createRng(seed, RNG_STREAMS.paddedSequences)`. Items are copied once into one Int32Array.
 * @throws InvalidArgumentError for a non-array or an item that is not an array of integer ids in [0, 2^31), an
 *   item too short to give one (input, target) pair, `batchSize` outside [1, items.length], bad ids, seed,
 *   bucketing or state
 */
export function paddedSequences(
  items: readonly ArrayLike<number>[],
  options: PaddedSequencesOptions,
): Batcher<PaddedBatch, PaddedSequencesState> {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidArgumentError({
      parameter: 'items',
      value: items,
      expected: 'a non-empty array of token id arrays',
    });
  }
  const record = checkOptions(options, 'options', [
    'batchSize',
    'padId',
    'bosId',
    'eosId',
    'seed',
    'bucketing',
    'dropLast',
    'state',
  ]);
  const config: PaddedConfig = {
    batchSize: checkInteger(record['batchSize'], 'options.batchSize', 1, items.length),
    padId: checkInteger(record['padId'], 'options.padId', 0, MAX_ID),
    bosId: optionalId(record['bosId'], 'options.bosId'),
    eosId: optionalId(record['eosId'], 'options.eosId'),
    seed: checkSeed(record['seed'], 'options.seed'),
    bucketing:
      record['bucketing'] === undefined ? 0 : checkInteger(record['bucketing'], 'options.bucketing', 0),
    dropLast: checkBoolean(record['dropLast'], 'options.dropLast', false),
  };
  const extra = (config.bosId === null ? 0 : 1) + (config.eosId === null ? 0 : 1);
  const starts = new Int32Array(items.length + 1);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    const length = (item as { length?: unknown } | null)?.length;
    if (typeof item !== 'object' || item === null || typeof length !== 'number') {
      throw new InvalidArgumentError({
        parameter: `items[${i}]`,
        value: item,
        expected: 'an array or typed array of token ids',
      });
    }
    if (length + extra < 2) {
      throw new InvalidArgumentError({
        parameter: `items[${i}].length`,
        value: length,
        expected: `at least ${2 - extra} (one input and its target)`,
      });
    }
    starts[i + 1] = starts[i]! + length + extra;
  }
  const data = new Int32Array(starts[items.length]!);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let at = starts[i]!;
    if (config.bosId !== null) data[at++] = config.bosId;
    for (let j = 0; j < item.length; j++) {
      const id = item[j]!;
      if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
        throw new InvalidArgumentError({
          parameter: `items[${i}][${j}]`,
          value: id,
          expected: 'an integer id in [0, 2^31)',
        });
      }
      data[at++] = id;
    }
    if (config.eosId !== null) data[at] = config.eosId;
  }
  const batcher = new PaddedSequencesBatcher(data, starts, config);
  if (record['state'] !== undefined) {
    const state = readStateRecord(record['state'], 'padded-sequences', STATE_KEYS);
    for (const field of ['batchSize', 'padId', 'bosId', 'eosId', 'seed', 'bucketing', 'dropLast'] as const) {
      expectSame(state, field, config[field]);
    }
    expectSame(state, 'itemCount', items.length);
    expectSame(state, 'tokenCount', batcher.tokenCount);
    batcher.restore(state);
  }
  return batcher;
}
