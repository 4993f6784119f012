// The character language model: token ids in, next-token logits out, a stateful step for generation, weights I/O.
// Leaves out training (the training engine trains `model.network`), checkpoint files and tokenisation.

import type { NextTokenModel } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';
import type { CellType } from '../recurrent/cell-spec.js';
import { RecurrentNetwork } from '../recurrent/recurrent-network.js';
import { type CharLanguageModelState, stateArrayCount, zeroState } from './lm-state.js';
import { OpsStepper } from './ops-stepper.js';
import type { Stepper, StepResult } from './stepper.js';
import { currentWasmBackend, WasmStepper } from './wasm-stepper.js';

/** Configuration of a `CharLanguageModel`. Unknown keys are rejected. */
export interface CharLanguageModelConfig {
  readonly cell: CellType;
  /** Number of token ids (ids lie in [0, vocabSize)); also the number of logits per step. */
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Size of a learned embedding; absent or 0 feeds one-hot vectors instead. */
  readonly embeddingSize?: number;
  /** Dropout between layers and on the top layer's output, in [0, 1), applied only when training. Default 0. */
  readonly dropout?: number;
  /** Initialisation seed (integer). Default 0. */
  readonly seed?: number;
}

/** Which generation stepper `step` uses. */
export type StepperKind = 'auto' | 'ops';

/** Options of the `CharLanguageModel` constructor that are not part of the model's config. */
export interface CharLanguageModelOptions {
  /**
   * `'auto'` (default): on the wasm backend the fast stepper (direct XNNPACK matmuls, cell maths in JS), on any
   * other backend tfjs ops. `'ops'`: always tfjs ops (`network.apply` on one time step).
   */
  readonly stepper?: StepperKind;
}

/** Options of `CharLanguageModel.logits`. */
export interface LogitsOptions {
  readonly batchSize: number;
  readonly sequenceLength: number;
  /** The state before the first step (e.g. from a previous call); zeros when absent. */
  readonly state?: CharLanguageModelState;
  /** Applies dropout (the training path). Default false. */
  readonly training?: boolean;
}

/** What `CharLanguageModel.logits` returns. */
export interface LogitsResult {
  /** `[batchSize, sequenceLength, vocabSize]`, row-major, no softmax. */
  readonly logits: Float32Array;
  /** The state after the last step. */
  readonly state: CharLanguageModelState;
}

/** One named weight array, as `getWeights` returns and `setWeights` takes. */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

const CONFIG_KEYS = ['cell', 'vocabSize', 'hiddenSize', 'numLayers', 'embeddingSize', 'dropout', 'seed'];
const OPTION_KEYS = ['stepper'];

function rejectUnknownKeys(parameter: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.${key}`,
        value: (value as Record<string, unknown>)[key],
        expected: `absent (unknown key; known: ${known.join(', ')})`,
      });
    }
  }
}

/** Validates a config (types, ranges, unknown keys) and returns it with defaults filled in. */
export function checkCharLanguageModelConfig(config: unknown): Required<CharLanguageModelConfig> {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidArgumentError({ parameter: 'config', value: config, expected: 'an object' });
  }
  rejectUnknownKeys('config', config, CONFIG_KEYS);
  const c = config as Record<string, unknown>;
  if (c.cell !== 'lstm' && c.cell !== 'gru' && c.cell !== 'rnn') {
    throw new InvalidArgumentError({ parameter: 'cell', value: c.cell, expected: "'lstm', 'gru' or 'rnn'" });
  }
  const dropout = c.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InvalidArgumentError({ parameter: 'dropout', value: dropout, expected: 'a number in [0, 1)' });
  }
  const seed = c.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError({ parameter: 'seed', value: seed, expected: 'an integer' });
  }
  return {
    cell: c.cell,
    vocabSize: checkInteger('vocabSize', c.vocabSize, 1),
    hiddenSize: checkInteger('hiddenSize', c.hiddenSize, 1),
    numLayers: checkInteger('numLayers', c.numLayers, 1),
    embeddingSize: checkInteger('embeddingSize', c.embeddingSize ?? 0, 0),
    dropout,
    seed,
  };
}

/**
 * A character-level recurrent language model (LSTM, GRU or tanh RNN; one-hot or embedded input; dropout between
 * layers) over a `RecurrentNetwork`. Tensors never leave it: inputs and outputs are typed arrays.
 *
 * It implements `NextTokenModel` of `@charloom/sampling`, so `generate()` / `generateText()` drive it: `step`
 * carries the hidden state from character to character (never re-reading the window). On the wasm backend `step`
 * runs the fast stepper (see `WasmStepper`); results equal the full-sequence `logits` within float rounding.
 *
 * Weight names (`getWeights` / `setWeights`, in this order): `embedding/table` `[vocab, embeddingSize]` (only with
 * an embedding); per layer `l` (0 = bottom) `layer{l}/kernel` `[in, k·hidden]`, `layer{l}/recurrentKernel`
 * `[hidden, k·hidden]`, `layer{l}/bias` `[k·hidden]` (tfjs-layers' layout, gates i,f,c,o for LSTM, z,r,h for GRU);
 * then `output/kernel` `[hidden, vocab]` and `output/bias` `[vocab]`.
 *
 * @example
 * ```ts
 * const model = new CharLanguageModel({ cell: 'lstm', vocabSize: 83, hiddenSize: 256, numLayers: 2, seed: 1 });
 * for await (const piece of generateText(model, { promptTokenIds: [5], config: { seed: 7 }, maxLength: 100, decode })) {
 *   out += piece;
 * }
 * model.dispose();
 * ```
 */
export class CharLanguageModel implements NextTokenModel<CharLanguageModelState> {
  /** The validated config with defaults filled in (what a checkpoint saves). */
  readonly config: Readonly<Required<CharLanguageModelConfig>>;
  readonly vocabSize: number;
  /** The tensor-level network (for the training engine; not for the apps). */
  readonly network: RecurrentNetwork;
  private readonly stepperKind: StepperKind;
  private readonly steppers = new Map<number, Stepper>();
  /** The weights' data ids and the backend the cached steppers were built from. */
  private stepperSource: { dataIds: object[]; backend: object } | undefined;
  private disposed = false;

  /**
   * @param config - see `CharLanguageModelConfig`; throws `InvalidArgumentError` naming a bad or unknown field
   * @param options - see `CharLanguageModelOptions`
   */
  constructor(config: CharLanguageModelConfig, options: CharLanguageModelOptions = {}) {
    this.config = Object.freeze(checkCharLanguageModelConfig(config));
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError({ parameter: 'options', value: options, expected: 'an object' });
    }
    rejectUnknownKeys('options', options, OPTION_KEYS);
    const stepper = options.stepper ?? 'auto';
    if (stepper !== 'auto' && stepper !== 'ops') {
      throw new InvalidArgumentError({
        parameter: 'options.stepper',
        value: stepper,
        expected: "'auto' or 'ops'",
      });
    }
    this.stepperKind = stepper;
    this.vocabSize = this.config.vocabSize;
    this.network = new RecurrentNetwork(this.config);
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.network.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /** The zero state for `batchSize` rows (integer >= 1). */
  initialState(batchSize: number): CharLanguageModelState {
    this.checkAlive();
    checkInteger('batchSize', batchSize, 1);
    return zeroState(this.config.cell, this.config.numLayers, this.config.hiddenSize, batchSize);
  }

  /**
   * Feeds one token per row (`tokenIds` `[batchSize]`, the state's batch size) and returns the next-token logits
   * `[batchSize·vocabSize]` (row-major) and the new state; `state` is not modified. No dropout.
   */
  step(state: CharLanguageModelState, tokenIds: Int32Array): Promise<StepResult> {
    try {
      this.checkAlive();
      this.checkState('state', state);
      this.checkTokenIds(tokenIds, state.batchSize);
      return Promise.resolve(this.stepperFor(state.batchSize).step(state, tokenIds));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Logits of every position for `batchSize` sequences of `sequenceLength` tokens: `tokenIds` is row-major
   * `[batchSize, sequenceLength]`; the result is `[batchSize, sequenceLength, vocabSize]` plus the final state.
   */
  async logits(tokenIds: Int32Array, options: LogitsOptions): Promise<LogitsResult> {
    this.checkAlive();
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError({ parameter: 'options', value: options, expected: 'an object' });
    }
    rejectUnknownKeys('options', options, ['batchSize', 'sequenceLength', 'state', 'training']);
    const B = checkInteger('batchSize', options.batchSize, 1);
    const T = checkInteger('sequenceLength', options.sequenceLength, 1);
    this.checkTokenIds(tokenIds, B * T);
    if (options.state !== undefined) {
      this.checkState('state', options.state);
      if (options.state.batchSize !== B) {
        throw new InvalidArgumentError({
          parameter: 'state.batchSize',
          value: options.state.batchSize,
          expected: `equal to batchSize (${B})`,
        });
      }
    }
    const h = this.config.hiddenSize;
    const outputs = tf.tidy(() => {
      const ids = tf.transpose(tf.tensor2d(tokenIds, [B, T], 'int32')) as tf.Tensor2D; // [time, batch]
      const initialState = options.state?.layers.map((arrays) => arrays.map((a) => tf.tensor2d(a, [B, h])));
      const { logits, finalState } = this.network.apply(ids, {
        ...(initialState ? { initialState } : {}),
        training: options.training === true,
      }); // logits [time, batch, vocab]
      return [tf.transpose(logits, [1, 0, 2]), ...finalState.flat()]; // [batch, time, vocab], states
    });
    try {
      const values = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
      const [logits, ...flat] = values;
      const count = stateArrayCount(this.config.cell);
      const layers = Array.from({ length: this.config.numLayers }, (_, l) =>
        flat.slice(l * count, (l + 1) * count),
      );
      return { logits: logits as Float32Array, state: { batchSize: B, layers } };
    } finally {
      for (const t of outputs) t.dispose();
    }
  }

  /** Copies of every weight, named and shaped as documented on the class. */
  getWeights(): NamedWeight[] {
    this.checkAlive();
    const names = this.weightNames();
    return this.network.variables.map((v, k) => ({
      name: names[k] as string,
      shape: [...v.shape],
      values: Float32Array.from(v.dataSync() as Float32Array),
    }));
  }

  /**
   * Sets every weight from `weights` (the names and shapes `getWeights` returns, in any order, each exactly once).
   * Checks everything before changing anything; throws `InvalidArgumentError` naming the bad entry.
   */
  setWeights(weights: readonly NamedWeight[]): void {
    this.checkAlive();
    if (!Array.isArray(weights)) {
      throw new InvalidArgumentError({ parameter: 'weights', value: weights, expected: 'an array' });
    }
    const names = this.weightNames();
    const variables = this.network.variables;
    const byName = new Map<string, NamedWeight>();
    weights.forEach((w, k) => {
      const name = (w as Partial<NamedWeight> | null)?.name;
      if (typeof name !== 'string' || !names.includes(name)) {
        throw new InvalidArgumentError({
          parameter: `weights[${k}].name`,
          value: name,
          expected: `one of ${names.join(', ')}`,
        });
      }
      if (byName.has(name)) {
        throw new InvalidArgumentError({
          parameter: `weights[${k}].name`,
          value: name,
          expected: 'not repeated',
        });
      }
      byName.set(name, w);
    });
    names.forEach((name, k) => {
      const w = byName.get(name);
      const variable = variables[k] as tf.Variable;
      if (!w)
        throw new InvalidArgumentError({
          parameter: 'weights',
          value: weights,
          expected: `to include ${name}`,
        });
      const shape = w.shape;
      const shapeOk =
        Array.isArray(shape) &&
        shape.length === variable.rank &&
        shape.every((s, d) => s === variable.shape[d]);
      if (!shapeOk) {
        throw new InvalidArgumentError({
          parameter: `${name}.shape`,
          value: shape,
          expected: `[${variable.shape.join(',')}]`,
        });
      }
      if (!(w.values instanceof Float32Array) || w.values.length !== variable.size) {
        throw new InvalidArgumentError({
          parameter: `${name}.values`,
          value: w.values,
          expected: `a Float32Array of length ${variable.size}`,
        });
      }
    });
    names.forEach((name, k) => {
      const w = byName.get(name) as NamedWeight;
      const variable = variables[k] as tf.Variable;
      tf.tidy(() => variable.assign(tf.tensor(w.values, variable.shape)));
    });
    this.clearSteppers();
  }

  /** Frees the weights and the generation steppers. Later calls throw. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearSteppers();
    this.network.dispose();
  }

  private weightNames(): string[] {
    const names = this.network.embedding ? ['embedding/table'] : [];
    for (let l = 0; l < this.config.numLayers; l++) {
      names.push(`layer${l}/kernel`, `layer${l}/recurrentKernel`, `layer${l}/bias`);
    }
    names.push('output/kernel', 'output/bias');
    return names;
  }

  private checkAlive(): void {
    if (this.disposed) {
      throw new InvalidArgumentError({ parameter: 'model', value: 'disposed', expected: 'not disposed' });
    }
  }

  private checkTokenIds(tokenIds: unknown, length: number): asserts tokenIds is Int32Array {
    if (!(tokenIds instanceof Int32Array) || tokenIds.length !== length) {
      throw new InvalidArgumentError({
        parameter: 'tokenIds',
        value: tokenIds,
        expected: `an Int32Array of length ${length}`,
      });
    }
    const vocab = this.vocabSize;
    for (let k = 0; k < length; k++) {
      const id = tokenIds[k] as number;
      if (id < 0 || id >= vocab) {
        throw new InvalidArgumentError({
          parameter: `tokenIds[${k}]`,
          value: id,
          expected: `a token id in [0, ${vocab})`,
        });
      }
    }
  }

  private checkState(parameter: string, state: unknown): asserts state is CharLanguageModelState {
    const s = state as Partial<CharLanguageModelState> | null;
    const batch = s?.batchSize;
    if (typeof batch !== 'number' || !Number.isSafeInteger(batch) || batch < 1 || !Array.isArray(s?.layers)) {
      throw new InvalidArgumentError({
        parameter,
        value: state,
        expected: 'a state from initialState(), step() or logits()',
      });
    }
    const count = stateArrayCount(this.config.cell);
    const size = batch * this.config.hiddenSize;
    if (s.layers.length !== this.config.numLayers) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.layers`,
        value: s.layers,
        expected: `${this.config.numLayers} layer states`,
      });
    }
    s.layers.forEach((arrays, l) => {
      if (!Array.isArray(arrays) || arrays.length !== count) {
        throw new InvalidArgumentError({
          parameter: `${parameter}.layers[${l}]`,
          value: arrays,
          expected: `${count} array(s) for the ${this.config.cell} cell`,
        });
      }
      arrays.forEach((a: unknown, k: number) => {
        if (!(a instanceof Float32Array) || a.length !== size) {
          throw new InvalidArgumentError({
            parameter: `${parameter}.layers[${l}][${k}]`,
            value: a,
            expected: `a Float32Array of length batchSize·hiddenSize = ${size}`,
          });
        }
      });
    });
  }

  /** The cached stepper for `batchSize`, rebuilt when the weights or the backend changed since it was built. */
  private stepperFor(batchSize: number): Stepper {
    const dataIds = this.network.variables.map((v) => v.dataId);
    const backend = tf.backend();
    const source = this.stepperSource;
    const stale =
      source === undefined ||
      source.backend !== backend ||
      source.dataIds.length !== dataIds.length ||
      source.dataIds.some((id, k) => id !== dataIds[k]);
    if (stale) {
      this.clearSteppers();
      this.stepperSource = { dataIds, backend };
    }
    let stepper = this.steppers.get(batchSize);
    if (!stepper) {
      const wasm = this.stepperKind === 'auto' ? currentWasmBackend() : undefined;
      stepper = wasm
        ? new WasmStepper(this.network, batchSize, wasm)
        : new OpsStepper(this.network, batchSize);
      this.steppers.set(batchSize, stepper);
    }
    return stepper;
  }

  private clearSteppers(): void {
    for (const stepper of this.steppers.values()) stepper.dispose();
    this.steppers.clear();
    this.stepperSource = undefined;
  }
}
