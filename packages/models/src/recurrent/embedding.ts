// A learned embedding table and its lookup, whose gradient is a one-hot matmul instead of UnsortedSegmentSum.
// Leaves out sparse updates and id range checks (ids outside [0, vocabSize) are the caller's bug; gather's rules apply).

import { createRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';

/**
 * Looks up rows of `table` (`[vocab, dim]`) for int32 `tokenIds` of any shape; returns `[...tokenIds.shape, dim]`.
 * The gradient with respect to the table is `oneHot(ids)ᵀ · dOut` (one `[vocab, n]·[n, dim]` matmul), so it needs no
 * `UnsortedSegmentSum` kernel (missing in tfjs-backend-wasm 4.22) and no transposed matmul. Its cost, vocab·n·dim,
 * is small for character vocabularies; for vocabularies of many thousands prefer `tf.gather`'s own gradient.
 */
export function embeddingLookup(table: tf.Tensor2D, tokenIds: tf.Tensor): tf.Tensor {
  if (table.rank !== 2) {
    throw new InvalidArgumentError({
      parameter: 'table',
      value: table.shape,
      expected: 'of rank 2 [vocab, dim]',
    });
  }
  if (tokenIds.dtype !== 'int32') {
    throw new InvalidArgumentError({
      parameter: 'tokenIds.dtype',
      value: tokenIds.dtype,
      expected: "'int32'",
    });
  }
  const [vocab, dim] = table.shape;
  const count = tokenIds.size;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const weights = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const flatIds = tf.reshape(tokenIds, [count]); // [n]
    save([flatIds]);
    const value = tf.gather(weights, flatIds); // [n, dim]
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor =>
      tf.tidy(() => {
        const ids = saved[0] as tf.Tensor1D; // [n]
        const oneHotT = tf.transpose(tf.cast(tf.oneHot(ids, vocab), 'float32')); // [vocab, n]
        return tf.matMul(oneHotT, dy as tf.Tensor2D); // [vocab, dim]
      });
    return { value, gradFunc };
  });
  return tf.reshape(lookup(table), [...tokenIds.shape, dim]); // [...ids, dim]
}

/** Configuration of an `Embedding`. */
export interface EmbeddingConfig {
  readonly vocabSize: number;
  readonly embeddingSize: number;
  /** Initialisation seed (integer, default 0). */
  readonly seed?: number;
  /** Stream of the seed's generator (default 0). */
  readonly seedStream?: number;
}

/** A learned embedding table `[vocabSize, embeddingSize]`, initialised U(−0.05, 0.05) as Keras' Embedding. */
export class Embedding {
  readonly vocabSize: number;
  readonly embeddingSize: number;
  /** `[vocabSize, embeddingSize]` */
  readonly table: tf.Variable<tf.Rank.R2>;

  /** @param config - sizes and seed; throws `InvalidArgumentError` on a bad field */
  constructor(config: EmbeddingConfig) {
    this.vocabSize = checkInteger('vocabSize', config.vocabSize, 1);
    this.embeddingSize = checkInteger('embeddingSize', config.embeddingSize, 1);
    const rng = createRng(config.seed ?? 0, config.seedStream ?? 0);
    const values = Float32Array.from(
      { length: this.vocabSize * this.embeddingSize },
      () => 0.1 * rng.nextFloat() - 0.05,
    );
    this.table = tf.tidy(() => tf.variable(tf.tensor2d(values, [this.vocabSize, this.embeddingSize])));
  }

  /** Embeds int32 `tokenIds` of any shape: `[...shape, embeddingSize]`. */
  apply(tokenIds: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.table, tokenIds);
  }

  /** The trainable weights: `[table]`. */
  get variables(): tf.Variable[] {
    return [this.table];
  }

  /** Frees the table. */
  dispose(): void {
    this.table.dispose();
  }
}
