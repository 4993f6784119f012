// Stacked recurrent layers with seeded dropout between them, over time-major [time, batch, features] input.
// Leaves out residual connections, bidirectional wrapping and the input/output layers (recurrent-network.ts).

import { createRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';
import type { CellType, GateActivation, RnnActivation } from './cell-spec.js';
import { RecurrentLayer, type RecurrentRunOptions, type RecurrentState } from './recurrent-layer.js';

/** Configuration of a `RecurrentStack`. */
export interface RecurrentStackConfig {
  readonly cell: CellType;
  /** Features of the first layer's input. */
  readonly inputSize: number;
  /** Hidden size of every layer. */
  readonly hiddenSize: number;
  /** Number of layers (integer >= 1). */
  readonly numLayers: number;
  /** Dropout rate on each layer's output before the next layer, in [0, 1); default 0. Only when training. */
  readonly dropout?: number;
  /** LSTM/GRU gate activation; default `'sigmoid'`. */
  readonly recurrentActivation?: GateActivation;
  /** `'rnn'` cell activation; default `'tanh'`. */
  readonly activation?: RnnActivation;
  /** Initialisation seed (integer, default 0); layer `l` draws from stream `l` of it. */
  readonly seed?: number;
}

/** Options of one stack run: those of a layer run, with one initial state per layer, plus dropout control. */
export interface RecurrentStackRunOptions extends Omit<RecurrentRunOptions, 'initialState'> {
  /** One state per layer (bottom first); zeros when absent. */
  readonly initialState?: readonly RecurrentState[];
  /** Applies dropout between layers. Default false. */
  readonly training?: boolean;
  /**
   * Seed of this call's dropout masks (integer). Absent: the stack's own counter, which starts at the config seed
   * and advances by one per training call — pass it explicitly when runs must be resumable.
   */
  readonly dropoutSeed?: number;
}

/** What a stack run returns. */
export interface RecurrentStackResult {
  /** `[time, batch, hidden]`: the top layer's outputs (zeros at masked steps, no dropout applied). */
  readonly outputs: tf.Tensor3D;
  /** The final state of every layer, bottom first (each `[h]` or `[h, c]`, tensors `[batch, hidden]`). */
  readonly finalState: RecurrentState[];
}

/** Dropout on `x` with a seeded mask, scaled by 1 / (1 − rate) (inverted dropout). */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  return rate > 0 ? tf.dropout(x, rate, undefined, seed) : x;
}

/** Checks a dropout rate: a number in [0, 1). */
export function checkDropout(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError({ parameter: 'dropout', value, expected: 'a number in [0, 1)' });
  }
  return value;
}

/**
 * Recurrent layers stacked bottom to top. Masks, resets and the direction apply to every layer; each layer has its
 * own initial and final state.
 */
export class RecurrentStack {
  readonly layers: readonly RecurrentLayer[];
  readonly dropout: number;
  private dropoutCounter: number;

  /** @param config - cell, sizes, layer count, dropout, activations, seed; throws `InvalidArgumentError` */
  constructor(config: RecurrentStackConfig) {
    const numLayers = checkInteger('numLayers', config.numLayers, 1);
    this.dropout = checkDropout(config.dropout ?? 0);
    const seed = config.seed ?? 0;
    this.dropoutCounter = seed;
    this.layers = Array.from(
      { length: numLayers },
      (_, l) =>
        new RecurrentLayer({
          cell: config.cell,
          inputSize: l === 0 ? config.inputSize : config.hiddenSize,
          hiddenSize: config.hiddenSize,
          ...(config.recurrentActivation ? { recurrentActivation: config.recurrentActivation } : {}),
          ...(config.activation ? { activation: config.activation } : {}),
          seed,
          seedStream: l,
        }),
    );
  }

  /** The next seed of the internal dropout counter (starts at the config seed, +1 per call). */
  nextDropoutSeed(): number {
    return this.dropoutCounter++;
  }

  /** `count` dropout-mask seeds derived from one call seed (stream 1 of it). */
  static layerDropoutSeeds(count: number, callSeed: number): number[] {
    if (!Number.isInteger(callSeed)) {
      throw new InvalidArgumentError({ parameter: 'dropoutSeed', value: callSeed, expected: 'an integer' });
    }
    const rng = createRng(callSeed, 1);
    return Array.from({ length: count }, () => rng.nextUint32());
  }

  /** Runs every layer over `inputs` `[time, batch, inputSize]`; see `RecurrentStackRunOptions`. */
  apply(inputs: tf.Tensor3D, options: RecurrentStackRunOptions = {}): RecurrentStackResult {
    const { initialState, training, dropoutSeed, ...layerOptions } = options;
    if (initialState !== undefined && initialState.length !== this.layers.length) {
      throw new InvalidArgumentError({
        parameter: 'initialState',
        value: initialState,
        expected: `one state per layer (${this.layers.length})`,
      });
    }
    const dropping = training === true && this.dropout > 0;
    const seeds = dropping
      ? RecurrentStack.layerDropoutSeeds(this.layers.length, dropoutSeed ?? this.nextDropoutSeed())
      : [];
    return tf.tidy(() => {
      let x = inputs; // [time, batch, features]
      const finalState: RecurrentState[] = [];
      this.layers.forEach((layer, l) => {
        if (l > 0 && dropping) x = seededDropout(x, this.dropout, seeds[l - 1] as number) as tf.Tensor3D;
        const state = initialState?.[l];
        const result = layer.apply(x, {
          ...layerOptions,
          ...(state ? { initialState: state } : {}),
          inputGradient: l === 0 ? (layerOptions.inputGradient ?? true) : true,
        });
        x = result.outputs; // [time, batch, hidden]
        finalState.push(result.finalState);
      });
      return { outputs: x, finalState: finalState as tf.Tensor2D[][] };
    }) as RecurrentStackResult;
  }

  /** Every layer's weights, bottom first, each in tfjs-layers' order (kernel, recurrent kernel, bias). */
  get variables(): tf.Variable[] {
    return this.layers.flatMap((layer) => layer.variables);
  }

  /** Frees every layer's weights. */
  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
