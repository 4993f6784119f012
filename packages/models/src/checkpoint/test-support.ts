// Shared fixtures of the checkpoint tests: a tiny but complete set of checkpoint parts with awkward float values.
// Leaves out assertions (each test file makes its own).

import { CharVocab } from '@charloom/tokenizer';
import type { CheckpointParts, NamedFloat32Array } from './checkpoint-format.js';

/** Float32 values whose bits a lossy copy would change: NaN payloads, -0, infinities, subnormals. */
export function awkwardFloats(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  const bits = new Uint32Array(values.buffer);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bits[i] = state;
  }
  const specials = [0x7fc00001, 0xffc12345, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x00000000];
  specials.forEach((special, i) => {
    if (i < length) bits[i] = special;
  });
  return values;
}

/** A complete checkpoint's parts: a 1-layer GRU over a 5-symbol vocab, every optional part given. */
export function sampleParts(seed = 1): CheckpointParts {
  const vocab = CharVocab.fromText('abcab\n').toJSON();
  const vocabSize = CharVocab.fromJSON(vocab).size;
  const weights: NamedFloat32Array[] = [
    { name: 'embedding/embeddings', shape: [vocabSize, 2], values: awkwardFloats(vocabSize * 2, seed) },
    { name: 'gru_0/kernel', shape: [2, 9], values: awkwardFloats(18, seed + 1) },
    { name: 'dense/bias', shape: [vocabSize], values: awkwardFloats(vocabSize, seed + 2) },
    { name: 'scale', shape: [], values: new Float32Array([0.5]) },
  ];
  return {
    modelConfig: {
      cell: 'gru',
      vocabSize,
      hiddenSize: 3,
      numLayers: 1,
      embeddingSize: 2,
      dropout: 0.25,
      seed,
      recurrentActivation: 'sigmoid',
    } as CheckpointParts['modelConfig'],
    vocab,
    weights,
    trainingConfig: { optimizer: 'adam', learningRate: 0.002, schedule: { kind: 'cosine', steps: [1, 2] } },
    data: {
      corpus: 'moby-dick',
      splits: { train: [0, 900], val: [900, 950], test: [950, 1000] },
      note: 'ünï ✓',
    },
    metrics: {
      bestValLoss: 1.4617,
      steps: 1200,
      trainingSeconds: 61.5,
      bestStep: 1100,
    } as CheckpointParts['metrics'],
    trainingState: {
      json: {
        step: 1200,
        rng: [12345, 678],
        batcher: { positions: [3, 17], epoch: 2 },
        done: false,
        none: null,
      },
      arrays: [
        { name: 'adam/m/gru_0/kernel', shape: [2, 9], values: awkwardFloats(18, seed + 3) },
        { name: 'adam/v/gru_0/kernel', shape: [2, 9], values: awkwardFloats(18, seed + 4) },
      ],
    },
  };
}

/** Bits of a Float32Array, for bit-exact comparisons (NaN payloads and -0 included). */
export function bitsOf(values: Float32Array): number[] {
  return [...new Uint32Array(values.buffer, values.byteOffset, values.length)];
}
