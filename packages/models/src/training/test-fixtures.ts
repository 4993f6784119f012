// Fixtures shared by the training tests: a tiny corpus, tiny networks and a run recorder.
// Test-only: not exported from the package entry.

import { RecurrentNetwork, type RecurrentNetworkConfig } from '../recurrent/recurrent-network.js';
import type { NamedArray } from './optimizers.js';
import type { TrainOptions } from './training-options.js';
import type { TrainingSnapshot } from './training-snapshot.js';

/** Vocabulary size of the tiny corpus. */
export const VOCAB = 6;

/** A deterministic, learnable token sequence: a few repeated phrases over 6 ids, lightly varied. */
export function tinyCorpus(length: number, offset = 0): Int32Array {
  const phrases = [
    [0, 1, 2, 3],
    [0, 1, 4],
    [5, 2, 3, 4],
  ];
  const out = new Int32Array(length);
  let k = 0;
  let p = offset;
  while (k < length) {
    const phrase = phrases[(p * 7 + Math.floor(p / 3)) % phrases.length] as number[];
    for (const id of phrase) if (k < length) out[k++] = id;
    p++;
  }
  return out;
}

export const TRAIN_IDS = tinyCorpus(600);
export const VAL_IDS = tinyCorpus(80, 1000);

/** A tiny network over the corpus vocabulary. */
export function tinyNetwork(overrides: Partial<RecurrentNetworkConfig> = {}): RecurrentNetwork {
  return new RecurrentNetwork({
    cell: 'lstm',
    vocabSize: VOCAB,
    hiddenSize: 8,
    numLayers: 1,
    seed: 3,
    ...overrides,
  });
}

/** Options shared by most runs (the caller adds network, budget and callbacks). */
export function baseOptions(network: RecurrentNetwork): TrainOptions {
  return {
    network,
    train: TRAIN_IDS,
    val: VAL_IDS,
    vocabSize: VOCAB,
    optimizer: { name: 'adam', learningRate: 0.02 },
    batchSize: 3,
    sequenceLength: 6,
    evalEvery: 0,
    maxSteps: 10,
  };
}

/** True when every value of every array is finite. */
export function allFinite(arrays: readonly NamedArray[]): boolean {
  return arrays.every((a) => a.values.every((v) => Number.isFinite(v)));
}

/** A deep copy of a snapshot, as a caller that wrote and re-read it would have (no shared arrays). */
export function cloneSnapshot(snapshot: TrainingSnapshot): TrainingSnapshot {
  return structuredClone(snapshot);
}
