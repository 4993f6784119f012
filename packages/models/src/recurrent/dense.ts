// A dense (affine) layer x·W + b with a hand-written gradient free of transposed-matmul flags; produces logits.
// Leaves out activations: outputs are logits (no softmax), as the language model contract asks.

import { createRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';
import { glorotUniform } from './initializers.js';
import { columnSums } from './sequence-kernel.js';

/**
 * `x·W + b` for `x` `[n, in]`, `kernel` `[in, out]`, `bias` `[out]`: one fused matmul forward; backward
 * `dx = dy·Wᵀ`, `dW = xᵀ·dy`, `db = ones·dy` with explicit transposes (tfjs' own gradient uses the `transposeA`/
 * `transposeB` flags, 10–25x slower on wasm 4.22).
 */
export const affine: (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D = tf.customGrad(
  (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    save([x, kernel]);
    const value = tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D; // [n, out]
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const savedX = saved[0] as tf.Tensor2D; // [n, in]
        const savedKernel = saved[1] as tf.Tensor2D; // [in, out]
        return [
          tf.matMul(dy, tf.transpose(savedKernel)), // [n, in]
          tf.matMul(tf.transpose(savedX), dy), // [in, out]
          columnSums(dy), // [out]
        ];
      });
    return { value, gradFunc };
  },
) as (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/** Configuration of a `Dense` layer. */
export interface DenseConfig {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Initialisation seed (integer, default 0). */
  readonly seed?: number;
  /** Stream of the seed's generator (default 0). */
  readonly seedStream?: number;
}

/** A dense layer (Glorot-uniform kernel `[inputSize, outputSize]`, zero bias) mapping features to logits. */
export class Dense {
  readonly inputSize: number;
  readonly outputSize: number;
  /** `[inputSize, outputSize]` */
  readonly kernel: tf.Variable<tf.Rank.R2>;
  /** `[outputSize]` */
  readonly bias: tf.Variable<tf.Rank.R1>;

  /** @param config - sizes and seed; throws `InvalidArgumentError` on a bad field */
  constructor(config: DenseConfig) {
    this.inputSize = checkInteger('inputSize', config.inputSize, 1);
    this.outputSize = checkInteger('outputSize', config.outputSize, 1);
    const rng = createRng(config.seed ?? 0, config.seedStream ?? 0);
    // tf.tidy frees the initial tensors; the variables it returns are kept.
    this.kernel = tf.tidy(() =>
      tf.variable(
        tf.tensor2d(glorotUniform(this.inputSize, this.outputSize, rng), [this.inputSize, this.outputSize]),
      ),
    );
    this.bias = tf.tidy(() => tf.variable(tf.zeros([this.outputSize]) as tf.Tensor1D));
  }

  /** Applies the layer to `x` `[..., inputSize]`, returning `[..., outputSize]` (logits, no softmax). */
  apply(x: tf.Tensor): tf.Tensor {
    const last = x.shape[x.rank - 1];
    if (last !== this.inputSize) {
      throw new InvalidArgumentError({
        parameter: 'x',
        value: x.shape,
        expected: `of last dimension ${this.inputSize}`,
      });
    }
    const rows = x.size / this.inputSize;
    const flat = tf.reshape(x, [rows, this.inputSize]) as tf.Tensor2D; // [n, in]
    return tf.reshape(affine(flat, this.kernel, this.bias), [...x.shape.slice(0, -1), this.outputSize]); // [..., out]
  }

  /** The trainable weights in tfjs-layers' order: kernel, bias. */
  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  /** Frees the weights. */
  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
  }
}
