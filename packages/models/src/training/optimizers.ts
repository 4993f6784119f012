// Adam, SGD with momentum and RMSprop over a fixed list of variables, with state that exports and imports exactly.
// Leaves out weight decay, Nesterov momentum, centred RMSprop and sparse updates; the learning rate comes per step.

import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';

/** Adam (Kingma & Ba) with bias correction, as `tf.train.adam` computes it. */
export interface AdamConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  /** Decay of the first moment, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay of the second moment, in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** Added to √v̂ in the denominator (> 0); default 1e-8. */
  readonly epsilon?: number;
}

/** Plain SGD, or heavy-ball momentum `v ← μ·v + g; w ← w − lr·v` (as `tf.train.momentum`). */
export interface SgdConfig {
  readonly name: 'sgd';
  readonly learningRate: number;
  /** Momentum μ in [0, 1); default 0 (plain SGD, no slot kept). */
  readonly momentum?: number;
}

/** RMSprop: `s ← ρ·s + (1 − ρ)·g²; w ← w − lr·g / (√s + ε)`. */
export interface RmspropConfig {
  readonly name: 'rmsprop';
  readonly learningRate: number;
  /** Decay ρ of the mean square, in [0, 1); default 0.9. */
  readonly decay?: number;
  /** Added to √s (> 0); default 1e-8. */
  readonly epsilon?: number;
}

/** Which optimizer and its hyperparameters; `learningRate` is the base rate a schedule scales. */
export type OptimizerConfig = AdamConfig | SgdConfig | RmspropConfig;

/** A named float32 array with its shape: a weight, a slot or a carried state tensor read out of tfjs. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Everything an optimizer carries between steps, as plain data (exact float32 values). */
export interface OptimizerState {
  readonly name: OptimizerConfig['name'];
  /** Updates applied so far (Adam's t). */
  readonly iterations: number;
  /** Slot arrays in variable order: Adam `m` of every variable then `v`; SGD `momentum`; RMSprop `meanSquare`. */
  readonly slots: readonly NamedArray[];
}

/** An optimizer bound to a list of variables. Owns its slot variables; call `dispose()`. */
export interface TrainingOptimizer {
  readonly config: Required<OptimizerConfig>;
  readonly iterations: number;
  /**
   * Applies one update. `gradients[k]` belongs to `variables[k]`; each is multiplied by `gradientScale` first (the
   * clipping factor). Disposes nothing it was given.
   */
  applyGradients(gradients: readonly tf.Tensor[], learningRate: number, gradientScale: number): void;
  /** Reads the state out (synchronously). */
  getState(): OptimizerState;
  /** Replaces the state; throws `InvalidArgumentError` when its optimizer, slot count or shapes do not match. */
  setState(state: OptimizerState): void;
  dispose(): void;
}

function inUnitInterval(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError({ parameter, value, expected: 'a number in [0, 1)' });
  }
  return value;
}

function positive(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError({ parameter, value, expected: 'a finite number > 0' });
  }
  return value;
}

const OPTIMIZER_KEYS: Record<OptimizerConfig['name'], readonly string[]> = {
  adam: ['name', 'learningRate', 'beta1', 'beta2', 'epsilon'],
  sgd: ['name', 'learningRate', 'momentum'],
  rmsprop: ['name', 'learningRate', 'decay', 'epsilon'],
};

/**
 * Checks an optimizer config (unknown keys rejected) and fills in the defaults. `parameter` prefixes field names in
 * errors (`optimizer.beta1 must be a number in [0, 1), got 1`).
 */
export function resolveOptimizerConfig(config: unknown, parameter = 'optimizer'): Required<OptimizerConfig> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidArgumentError({ parameter, value: config, expected: 'an object with a name' });
  }
  const record = config as Record<string, unknown>;
  const name = record.name;
  if (name !== 'adam' && name !== 'sgd' && name !== 'rmsprop') {
    throw new InvalidArgumentError({
      parameter: `${parameter}.name`,
      value: name,
      expected: '"adam", "sgd" or "rmsprop"',
    });
  }
  for (const key of Object.keys(record)) {
    if (!OPTIMIZER_KEYS[name].includes(key)) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.${key}`,
        value: record[key],
        expected: `absent (unknown key for ${name}; known: ${OPTIMIZER_KEYS[name].join(', ')})`,
      });
    }
  }
  const learningRate = positive(`${parameter}.learningRate`, record.learningRate);
  if (name === 'adam') {
    return {
      name,
      learningRate,
      beta1: inUnitInterval(`${parameter}.beta1`, record.beta1 ?? 0.9),
      beta2: inUnitInterval(`${parameter}.beta2`, record.beta2 ?? 0.999),
      epsilon: positive(`${parameter}.epsilon`, record.epsilon ?? 1e-8),
    };
  }
  if (name === 'sgd') {
    return { name, learningRate, momentum: inUnitInterval(`${parameter}.momentum`, record.momentum ?? 0) };
  }
  return {
    name,
    learningRate,
    decay: inUnitInterval(`${parameter}.decay`, record.decay ?? 0.9),
    epsilon: positive(`${parameter}.epsilon`, record.epsilon ?? 1e-8),
  };
}

function zerosLike(variable: tf.Variable): tf.Variable {
  // In a tidy: the zeros tensor is freed and the variable keeps the data.
  return tf.tidy(() => tf.variable(tf.zeros(variable.shape, 'float32'), false));
}

class SlotOptimizer implements TrainingOptimizer {
  readonly config: Required<OptimizerConfig>;
  iterations = 0;
  readonly #variables: readonly tf.Variable[];
  readonly #slotNames: readonly string[];
  /** `#slots[s][k]`: slot `s` of variable `k`. */
  readonly #slots: tf.Variable[][];

  constructor(
    config: Required<OptimizerConfig>,
    variables: readonly tf.Variable[],
    slotNames: readonly string[],
  ) {
    this.config = config;
    this.#variables = variables;
    this.#slotNames = slotNames;
    this.#slots = slotNames.map(() => variables.map(zerosLike));
  }

  applyGradients(gradients: readonly tf.Tensor[], learningRate: number, gradientScale: number): void {
    if (gradients.length !== this.#variables.length) {
      throw new InvalidArgumentError({
        parameter: 'gradients',
        value: gradients,
        expected: `${this.#variables.length} tensors, one per variable`,
      });
    }
    const t = this.iterations + 1;
    tf.tidy(() => {
      this.#variables.forEach((variable, k) => {
        const raw = gradients[k] as tf.Tensor;
        const g = gradientScale === 1 ? raw : tf.mul(raw, gradientScale);
        this.#update(variable, g, k, learningRate, t);
      });
    });
    this.iterations = t;
  }

  #slot(s: number, k: number): tf.Variable {
    return this.#slots[s]?.[k] as tf.Variable;
  }

  #update(variable: tf.Variable, g: tf.Tensor, k: number, learningRate: number, t: number): void {
    const config = this.config;
    if (config.name === 'adam') {
      const m = this.#slot(0, k);
      const v = this.#slot(1, k);
      const newM = tf.add(tf.mul(m, config.beta1), tf.mul(g, 1 - config.beta1));
      const newV = tf.add(tf.mul(v, config.beta2), tf.mul(tf.square(g), 1 - config.beta2));
      // Bias corrections in float64 from the integer step count: the same numbers after a resume.
      const mHat = tf.div(newM, 1 - config.beta1 ** t);
      const vHat = tf.div(newV, 1 - config.beta2 ** t);
      m.assign(newM);
      v.assign(newV);
      variable.assign(
        tf.sub(variable, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), config.epsilon)), learningRate)),
      );
    } else if (config.name === 'sgd') {
      if (config.momentum === 0) {
        variable.assign(tf.sub(variable, tf.mul(g, learningRate)));
        return;
      }
      const velocity = this.#slot(0, k);
      const newVelocity = tf.add(tf.mul(velocity, config.momentum), g);
      velocity.assign(newVelocity);
      variable.assign(tf.sub(variable, tf.mul(newVelocity, learningRate)));
    } else {
      const s = this.#slot(0, k);
      const newS = tf.add(tf.mul(s, config.decay), tf.mul(tf.square(g), 1 - config.decay));
      s.assign(newS);
      variable.assign(
        tf.sub(variable, tf.mul(tf.div(g, tf.add(tf.sqrt(newS), config.epsilon)), learningRate)),
      );
    }
  }

  getState(): OptimizerState {
    const slots: NamedArray[] = [];
    this.#slotNames.forEach((slotName, s) => {
      this.#variables.forEach((variable, k) => {
        const slot = this.#slot(s, k);
        slots.push({
          name: `${slotName}/${k}`,
          shape: [...variable.shape],
          values: Float32Array.from(slot.dataSync() as Float32Array),
        });
      });
    });
    return { name: this.config.name, iterations: this.iterations, slots };
  }

  setState(state: OptimizerState): void {
    if (state.name !== this.config.name) {
      throw new InvalidArgumentError({
        parameter: 'optimizerState.name',
        value: state.name,
        expected: `"${this.config.name}" (the optimizer of these options)`,
      });
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new InvalidArgumentError({
        parameter: 'optimizerState.iterations',
        value: state.iterations,
        expected: 'an integer >= 0',
      });
    }
    const expectedCount = this.#slotNames.length * this.#variables.length;
    if (state.slots.length !== expectedCount) {
      throw new InvalidArgumentError({
        parameter: 'optimizerState.slots',
        value: state.slots,
        expected: `${expectedCount} arrays (${this.#slotNames.join(', ') || 'none'} per variable)`,
      });
    }
    state.slots.forEach((slot, index) => {
      const variable = this.#variables[index % this.#variables.length] as tf.Variable;
      if (slot.values.length !== variable.size || slot.shape.join(',') !== variable.shape.join(',')) {
        throw new InvalidArgumentError({
          parameter: `optimizerState.slots[${index}]`,
          value: [...slot.shape],
          expected: `of shape [${variable.shape.join(',')}] with ${variable.size} values`,
        });
      }
    });
    state.slots.forEach((slot, index) => {
      const s = Math.floor(index / this.#variables.length);
      const k = index % this.#variables.length;
      tf.tidy(() => this.#slot(s, k).assign(tf.tensor(slot.values, [...slot.shape], 'float32')));
    });
    this.iterations = state.iterations;
  }

  dispose(): void {
    for (const row of this.#slots) for (const slot of row) slot.dispose();
  }
}

/**
 * Creates an optimizer for `variables` (slots start at zero). `config` is checked as by `resolveOptimizerConfig`.
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer({ name: 'adam', learningRate: 2e-3 }, network.variables);
 * optimizer.applyGradients(gradients, 2e-3, 1);
 * const saved = optimizer.getState(); // Float32Array slots, restorable with setState
 * ```
 */
export function createOptimizer(
  config: OptimizerConfig,
  variables: readonly tf.Variable[],
): TrainingOptimizer {
  const resolved = resolveOptimizerConfig(config);
  const slotNames =
    resolved.name === 'adam'
      ? ['m', 'v']
      : resolved.name === 'sgd'
        ? resolved.momentum > 0
          ? ['momentum']
          : []
        : ['meanSquare'];
  return new SlotOptimizer(resolved, variables, slotNames);
}
