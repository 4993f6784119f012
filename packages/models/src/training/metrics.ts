// Next-token cross-entropy, accuracy and the validation pass: contiguous streams over the split, state carried.
// Leaves out perplexity reporting and per-position breakdowns; bits/char is nats / ln 2.

import { contiguousStreams, type TokenBatch } from '@charloom/data';
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentState } from '../recurrent/recurrent-layer.js';
import type { RecurrentNetwork } from '../recurrent/recurrent-network.js';

/** Row-major `[batch × time]` ids (a `TokenBatch` field) as time-major `[time × batch]`. */
export function toTimeMajor(values: Int32Array, batchSize: number, sequenceLength: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < sequenceLength; t++)
      out[t * batchSize + b] = values[b * sequenceLength + t] as number;
  }
  return out;
}

/** A batch's inputs and targets as int32 tensors `[time, batch]` (the caller disposes them). */
export function batchTensors(batch: TokenBatch): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  const shape: [number, number] = [batch.sequenceLength, batch.batchSize];
  return {
    inputs: tf.tensor2d(toTimeMajor(batch.inputs, batch.batchSize, batch.sequenceLength), shape, 'int32'),
    targets: tf.tensor2d(toTimeMajor(batch.targets, batch.batchSize, batch.sequenceLength), shape, 'int32'),
  };
}

/**
 * Sum over all positions of the softmax cross-entropy (nats) of `logits` `[time, batch, vocab]` against int32
 * `targets` `[time, batch]`. Divide by `targets.size` for the mean.
 */
export function crossEntropySum(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const vocab = logits.shape[2];
    const logProbs = tf.logSoftmax(tf.reshape(logits, [-1, vocab])); // [time·batch, vocab]
    // int32 one-hot, then cast: tf.oneHot with dtype 'float32' writes int32 bits on tfjs-backend-wasm 4.22.
    const oneHot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), vocab), 'float32'); // [time·batch, vocab]
    const picked = tf.mul(logProbs, oneHot);
    return tf.neg(tf.sum(picked)) as tf.Scalar;
  });
}

/** Number of positions whose largest logit is the target (ties: the first index wins, as `argMax`). */
export function correctCount(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 2), targets), 'float32')) as tf.Scalar);
}

/** Options of `evaluateNetwork`. */
export interface EvaluationOptions {
  /** Streams (rows) per batch; reduced to what the split allows. */
  readonly batchSize: number;
  /** Steps per batch; reduced to `tokens.length − 1` for a tiny split. */
  readonly sequenceLength: number;
  /** Stop after this many batches (0: one whole pass over the split). */
  readonly maxBatches: number;
}

/** What a validation pass measures. */
export interface EvaluationResult {
  /** Mean cross-entropy per predicted character, in nats. */
  readonly loss: number;
  /** `loss / ln 2`. */
  readonly bitsPerChar: number;
  /** Fraction of positions whose arg-max prediction is the next character. */
  readonly accuracy: number;
  /** Number of predicted positions the figures average over. */
  readonly positions: number;
}

/**
 * One pass of `network` over `tokens` (no dropout): `contiguousStreams` with `raggedEnd: 'short'`, each stream
 * starting from a zero state and carrying it between batches, so every position but the last ≤ batchSize tokens
 * is predicted with the context of everything before it in its stream. `maxBatches` caps the pass.
 */
export async function evaluateNetwork(
  network: RecurrentNetwork,
  tokens: Int32Array,
  options: EvaluationOptions,
): Promise<EvaluationResult> {
  const sequenceLength = Math.max(1, Math.min(options.sequenceLength, tokens.length - 1));
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize, Math.floor((tokens.length - 1) / sequenceLength)),
  );
  const batcher = contiguousStreams(tokens, { batchSize, sequenceLength, raggedEnd: 'short' });
  const batches =
    options.maxBatches > 0 ? Math.min(options.maxBatches, batcher.batchesPerEpoch) : batcher.batchesPerEpoch;
  let state: RecurrentState[] | undefined;
  let lossSum = 0;
  let correct = 0;
  let positions = 0;
  try {
    for (let k = 0; k < batches; k++) {
      const batch = batcher.nextBatch();
      const previous = state;
      const { sums, finalState } = tf.tidy(() => {
        const { inputs, targets } = batchTensors(batch);
        const result = network.apply(inputs, {
          ...(previous ? { initialState: previous } : {}),
          resetRows: batch.resetRows,
        });
        const logits = result.logits;
        return {
          sums: tf.stack([crossEntropySum(logits, targets), correctCount(logits, targets)]),
          finalState: result.finalState as tf.Tensor2D[][],
        };
      }) as { sums: tf.Tensor1D; finalState: RecurrentState[] };
      state = finalState;
      if (previous) for (const layer of previous) for (const t of layer) t.dispose();
      const values = (await sums.data()) as Float32Array;
      sums.dispose();
      lossSum += values[0] as number;
      correct += values[1] as number;
      positions += batch.batchSize * batch.sequenceLength;
    }
  } finally {
    if (state) for (const layer of state) for (const t of layer) t.dispose();
  }
  const loss = lossSum / positions;
  return { loss, bitsPerChar: loss / Math.LN2, accuracy: correct / positions, positions };
}
