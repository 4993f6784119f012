// One recurrent layer over a time-major sequence: masks, per-row resets, initial/final state, reverse direction.
// Leaves out stacking and dropout (recurrent-stack.ts) and any tensor-free public API (the language model's job).

import { createRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';
import { type CellSpec, type CellSpecOptions, createCellSpec, gateCount, stateCount } from './cell-spec.js';
import { gruKernel } from './gru-kernel.js';
import { glorotUniform, orthogonal } from './initializers.js';
import { lstmKernel } from './lstm-kernel.js';
import type { SequenceKernel, SequenceKernelOptions } from './sequence-kernel.js';
import { simpleRnnKernel } from './simple-rnn-kernel.js';

/** The state a layer carries, each tensor `[batch, hidden]`: `[h]` for GRU/RNN, `[h, c]` for LSTM (Keras order). */
export type RecurrentState = readonly tf.Tensor2D[];

/** The weights of one layer in tfjs-layers' layout (`k` = 4 LSTM i,f,c,o; 3 GRU z,r,h; 1 RNN). */
export interface RecurrentWeights {
  /** `[inputSize, k·hidden]` */
  readonly kernel: tf.Tensor2D;
  /** `[hidden, k·hidden]` */
  readonly recurrentKernel: tf.Tensor2D;
  /** `[k·hidden]` */
  readonly bias: tf.Tensor1D;
}

/** Options of one layer run. */
export interface RecurrentRunOptions {
  /**
   * `[batch, time]`, 1 for a real step and 0 for padding: a tensor of any dtype, or a row-major typed array of
   * `batch·time` values. A masked step keeps the previous state (h and c) and outputs zeros, so the final state is
   * the state after each row's last real step (for right padding: at the row's true length; in `reverse`, after
   * its first step) and padding gets no gradient. Absent: every step is real.
   */
  readonly mask?: tf.Tensor2D | Uint8Array | Float32Array;
  /** `[batch]`: rows whose flag is nonzero start from a zero state, whatever `initialState` holds. */
  readonly resetRows?: Uint8Array;
  /** The state before the first processed step; zeros when absent. Gradients flow into it. */
  readonly initialState?: RecurrentState;
  /** Process the steps from last to first (the backward half of a bidirectional layer). Default false. */
  readonly reverse?: boolean;
  /** False skips the gradient with respect to the inputs (constant or one-hot inputs). Default true. */
  readonly inputGradient?: boolean;
}

/** What a layer run returns. */
export interface RecurrentRunResult {
  /** `[time, batch, hidden]`: the output of each step at its own time index (zeros at masked steps). */
  readonly outputs: tf.Tensor3D;
  /** The state after the last processed real step of each row, each tensor `[batch, hidden]`. */
  readonly finalState: RecurrentState;
}

function makeKernel(spec: CellSpec, options: SequenceKernelOptions): SequenceKernel {
  if (spec.cell === 'lstm') return lstmKernel(spec, options);
  if (spec.cell === 'gru') return gruKernel(spec, options);
  return simpleRnnKernel(spec, options);
}

function checkShape(parameter: string, tensor: tf.Tensor, expected: readonly number[]): void {
  const ok = tensor.shape.length === expected.length && tensor.shape.every((size, k) => size === expected[k]);
  if (!ok)
    throw new InvalidArgumentError({
      parameter,
      value: tensor.shape,
      expected: `of shape [${expected.join(',')}]`,
    });
}

/** The mask as time-major `[time·batch, 1]` float32 (row t·batch + b). */
function timeMajorMask(
  mask: NonNullable<RecurrentRunOptions['mask']>,
  time: number,
  batch: number,
): tf.Tensor2D {
  if (mask instanceof tf.Tensor) {
    checkShape('mask', mask, [batch, time]);
    return tf.reshape(tf.transpose(tf.cast(mask, 'float32')), [time * batch, 1]); // [time·batch, 1]
  }
  if (mask.length !== batch * time) {
    throw new InvalidArgumentError({
      parameter: 'mask',
      value: mask,
      expected: `of length batch·time = ${batch * time}`,
    });
  }
  const values = new Float32Array(time * batch);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) values[t * batch + b] = mask[b * time + t] ? 1 : 0;
  }
  return tf.tensor2d(values, [time * batch, 1]); // [time·batch, 1]
}

/**
 * Runs one recurrent layer over time-major `inputs` `[time, batch, inputSize]`. Differentiable: the whole sequence
 * is one `tf.customGrad` (hand-written BPTT) with gradients for the weights, the inputs and the initial state.
 * Validates shapes and throws `InvalidArgumentError` naming the bad one.
 */
export function runRecurrentLayer(
  spec: CellSpec,
  weights: RecurrentWeights,
  inputs: tf.Tensor3D,
  options: RecurrentRunOptions = {},
): RecurrentRunResult {
  if (inputs.rank !== 3) {
    throw new InvalidArgumentError({
      parameter: 'inputs',
      value: inputs.shape,
      expected: 'of rank 3 [time, batch, features]',
    });
  }
  const [time, batch, features] = inputs.shape;
  checkInteger('inputs.shape[0] (time)', time, 1);
  checkInteger('inputs.shape[1] (batch)', batch, 1);
  checkShape('inputs', inputs, [time, batch, spec.inputSize]);
  const hidden = spec.hiddenSize;
  const width = gateCount(spec.cell) * hidden;
  checkShape('kernel', weights.kernel, [features, width]);
  checkShape('recurrentKernel', weights.recurrentKernel, [hidden, width]);
  checkShape('bias', weights.bias, [width]);
  const states = stateCount(spec.cell);
  if (options.initialState !== undefined) {
    if (options.initialState.length !== states) {
      throw new InvalidArgumentError({
        parameter: 'initialState',
        value: options.initialState,
        expected: `${states} tensor(s) for the ${spec.cell} cell`,
      });
    }
    options.initialState.forEach((s, k) => {
      checkShape(`initialState[${k}]`, s, [batch, hidden]);
    });
  }
  if (options.resetRows !== undefined && options.resetRows.length !== batch) {
    throw new InvalidArgumentError({
      parameter: 'resetRows',
      value: options.resetRows,
      expected: `of length batch = ${batch}`,
    });
  }
  return tf.tidy(() => {
    let initial: tf.Tensor2D[] = options.initialState
      ? [...options.initialState]
      : Array.from({ length: states }, () => tf.zeros([batch, hidden]) as tf.Tensor2D);
    const resetRows = options.resetRows;
    if (resetRows) {
      const keepRows = tf.tensor2d(
        Float32Array.from(resetRows, (flag) => (flag ? 0 : 1)),
        [batch, 1],
      ); // [batch, 1]
      initial = initial.map((s) => tf.mul(s, keepRows) as tf.Tensor2D);
    }
    const mask = options.mask === undefined ? undefined : timeMajorMask(options.mask, time, batch);
    const kernel = makeKernel(spec, {
      time,
      batch,
      reverse: options.reverse ?? false,
      mask,
      inputGradient: options.inputGradient ?? true,
    });
    const x = tf.reshape(inputs, [time * batch, features]) as tf.Tensor2D; // [time·batch, in]
    const packed = kernel(x, weights.kernel, weights.recurrentKernel, weights.bias, ...initial); // [(time+s)·batch, h]
    const [outputRows, ...finalRows] = tf.split(packed, [time * batch, ...initial.map(() => batch)], 0);
    const outputs = tf.reshape(outputRows as tf.Tensor, [time, batch, hidden]) as tf.Tensor3D; // [time, batch, h]
    return { outputs, finalState: finalRows as tf.Tensor2D[] };
  }) as RecurrentRunResult;
}

/** Configuration of a `RecurrentLayer`: the cell options plus an initialisation seed. */
export interface RecurrentLayerConfig extends CellSpecOptions {
  /** Seed of the weight initialisation (integer, default 0). */
  readonly seed?: number;
  /** Stream of the seed's generator (integer >= 0, default 0): stacked layers use their index. */
  readonly seedStream?: number;
}

/**
 * A recurrent layer owning its weights as `tf.Variable`s, initialised like Keras: Glorot-uniform kernel,
 * orthogonal recurrent kernel, zero bias with the LSTM forget-gate block set to 1.
 *
 * @example
 * ```ts
 * const layer = new RecurrentLayer({ cell: 'lstm', inputSize: 8, hiddenSize: 16, seed: 1 });
 * const { outputs, finalState } = layer.apply(inputs); // inputs [time, batch, 8] -> outputs [time, batch, 16]
 * ```
 */
export class RecurrentLayer {
  readonly spec: CellSpec;
  /** `[inputSize, k·hidden]` */
  readonly kernel: tf.Variable<tf.Rank.R2>;
  /** `[hidden, k·hidden]` */
  readonly recurrentKernel: tf.Variable<tf.Rank.R2>;
  /** `[k·hidden]` */
  readonly bias: tf.Variable<tf.Rank.R1>;

  /** @param config - cell, sizes, activations and seed; throws `InvalidArgumentError` on a bad field */
  constructor(config: RecurrentLayerConfig) {
    this.spec = createCellSpec(config);
    const seed = config.seed ?? 0;
    if (!Number.isInteger(seed))
      throw new InvalidArgumentError({ parameter: 'seed', value: seed, expected: 'an integer' });
    const rng = createRng(seed, checkInteger('seedStream', config.seedStream ?? 0, 0));
    const { inputSize, hiddenSize } = this.spec;
    const width = gateCount(this.spec.cell) * hiddenSize;
    const biasValues = new Float32Array(width);
    if (this.spec.cell === 'lstm') biasValues.fill(1, hiddenSize, 2 * hiddenSize);
    // tf.tidy frees the initial tensors; the variables it returns are kept.
    this.kernel = tf.tidy(() =>
      tf.variable(tf.tensor2d(glorotUniform(inputSize, width, rng), [inputSize, width])),
    );
    this.recurrentKernel = tf.tidy(() =>
      tf.variable(tf.tensor2d(orthogonal(hiddenSize, width, rng), [hiddenSize, width])),
    );
    this.bias = tf.tidy(() => tf.variable(tf.tensor1d(biasValues)));
  }

  /** The weights in tfjs-layers' order: kernel, recurrent kernel, bias. */
  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias];
  }

  /** Copies weights in (tfjs-layers' `getWeights()` order: kernel, recurrent kernel, bias); checks shapes. */
  setWeights(values: readonly tf.Tensor[]): void {
    const targets = this.variables;
    if (values.length !== targets.length) {
      throw new InvalidArgumentError({
        parameter: 'values',
        value: values,
        expected: `${targets.length} tensors`,
      });
    }
    targets.forEach((target, k) => {
      const value = values[k] as tf.Tensor;
      checkShape(`values[${k}]`, value, target.shape);
      target.assign(value);
    });
  }

  /** Runs the layer over `inputs` `[time, batch, inputSize]`; see `runRecurrentLayer`. */
  apply(inputs: tf.Tensor3D, options: RecurrentRunOptions = {}): RecurrentRunResult {
    return runRecurrentLayer(
      this.spec,
      { kernel: this.kernel, recurrentKernel: this.recurrentKernel, bias: this.bias },
      inputs,
      options,
    );
  }

  /** Frees the weights. */
  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}
