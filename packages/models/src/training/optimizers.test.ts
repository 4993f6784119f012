import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { maxAbsDiff, useBackend } from '../recurrent/test-support.js';
import { createOptimizer, type OptimizerConfig, resolveOptimizerConfig } from './optimizers.js';

const START = [0.5, -1.2, 0.3, 2.0];
const GRADIENTS = [
  [0.1, -0.4, 0.25, 1.5],
  [-0.3, 0.2, 0.05, 0.9],
  [0.6, -0.1, -0.2, -0.7],
  [0.02, 0.5, 0.3, 0.1],
];

/** Our optimizer's weights after each gradient of GRADIENTS at a constant learning rate. */
function runOurs(config: OptimizerConfig, learningRate: number): number[][] {
  const w = tf.variable(tf.tensor1d(START));
  const optimizer = createOptimizer(config, [w]);
  const out = GRADIENTS.map((g) => {
    const gradient = tf.tensor1d(g);
    optimizer.applyGradients([gradient], learningRate, 1);
    gradient.dispose();
    return Array.from(w.dataSync());
  });
  optimizer.dispose();
  w.dispose();
  return out;
}

/** tf.train's optimizer on the same gradients. */
function runReference(optimizer: tf.Optimizer): number[][] {
  const w = tf.variable(tf.tensor1d(START));
  const out = GRADIENTS.map((g) => {
    const gradient = tf.tensor1d(g);
    optimizer.applyGradients({ [w.name]: gradient });
    gradient.dispose();
    return Array.from(w.dataSync());
  });
  optimizer.dispose();
  w.dispose();
  return out;
}

describe('optimizers (cpu, against tf.train)', () => {
  beforeAll(() => useBackend('cpu'));

  it('adam equals tf.train.adam', () => {
    const ours = runOurs({ name: 'adam', learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 }, 0.1);
    const reference = runReference(tf.train.adam(0.1, 0.8, 0.99, 1e-7));
    ours.forEach((row, k) => {
      expect(maxAbsDiff(row, reference[k] as number[])).toBeLessThan(1e-6);
    });
  });

  it('sgd with momentum equals tf.train.momentum, and plain sgd equals tf.train.sgd', () => {
    const ours = runOurs({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 0.1);
    const reference = runReference(tf.train.momentum(0.1, 0.9));
    ours.forEach((row, k) => {
      expect(maxAbsDiff(row, reference[k] as number[])).toBeLessThan(1e-6);
    });
    const plain = runOurs({ name: 'sgd', learningRate: 0.1 }, 0.1);
    const plainReference = runReference(tf.train.sgd(0.1));
    plain.forEach((row, k) => {
      expect(maxAbsDiff(row, plainReference[k] as number[])).toBeLessThan(1e-6);
    });
  });

  it('rmsprop equals tf.train.rmsprop (which puts ε inside the root; negligible at ε = 1e-12)', () => {
    const ours = runOurs({ name: 'rmsprop', learningRate: 0.01, decay: 0.9, epsilon: 1e-12 }, 0.01);
    const reference = runReference(tf.train.rmsprop(0.01, 0.9, 0, 1e-24));
    ours.forEach((row, k) => {
      expect(maxAbsDiff(row, reference[k] as number[])).toBeLessThan(1e-6);
    });
  });

  it('uses the learning rate and gradient scale given per step', () => {
    const w = tf.variable(tf.tensor1d([1, 1]));
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 1 }, [w]);
    const g = tf.tensor1d([2, -4]);
    optimizer.applyGradients([g], 0.5, 0.25); // w − 0.5 · 0.25 · g
    expect(Array.from(w.dataSync())).toEqual([0.75, 1.5]);
    for (const t of [g, w]) t.dispose();
    optimizer.dispose();
  });

  for (const config of [
    { name: 'adam', learningRate: 0.05 },
    { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
    { name: 'rmsprop', learningRate: 0.05 },
  ] as const) {
    it(`${config.name}: state exported as Float32Arrays and re-imported continues bit-for-bit`, () => {
      const make = () => {
        const w = tf.variable(tf.tensor1d(START));
        return { w, optimizer: createOptimizer(config, [w]) };
      };
      const step = (run: ReturnType<typeof make>, k: number) => {
        const g = tf.tensor1d(GRADIENTS[k % GRADIENTS.length] as number[]);
        run.optimizer.applyGradients([g], 0.05, 1);
        g.dispose();
      };
      const a = make();
      for (let k = 0; k < 2; k++) step(a, k);
      const state = structuredClone(a.optimizer.getState());
      expect(state.slots.every((slot) => slot.values instanceof Float32Array)).toBe(true);
      const b = make();
      b.w.assign(a.w);
      b.optimizer.setState(state);
      expect(b.optimizer.iterations).toBe(2);
      for (let k = 2; k < 4; k++) {
        step(a, k);
        step(b, k);
      }
      expect(Array.from(b.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
      expect(b.optimizer.getState()).toEqual(a.optimizer.getState());
      for (const run of [a, b]) {
        run.optimizer.dispose();
        run.w.dispose();
      }
    });
  }

  it('keeps no tensor per update', () => {
    const w = tf.variable(tf.tensor1d(START));
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.1 }, [w]);
    const g = tf.tensor1d(GRADIENTS[0] as number[]);
    optimizer.applyGradients([g], 0.1, 0.5);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) optimizer.applyGradients([g], 0.1, 0.5);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    for (const t of [g, w]) t.dispose();
  });

  it('rejects bad configs and mismatched state with typed errors', () => {
    expect(() => resolveOptimizerConfig({ name: 'adamw', learningRate: 1 })).toThrow(
      'optimizer.name must be "adam", "sgd" or "rmsprop", got "adamw"',
    );
    expect(() => resolveOptimizerConfig({ name: 'adam', learningRate: 0 })).toThrow(InvalidArgumentError);
    expect(() => resolveOptimizerConfig({ name: 'adam', learningRate: 1, beta1: 1 })).toThrow(
      /optimizer.beta1/,
    );
    expect(() => resolveOptimizerConfig({ name: 'sgd', learningRate: 1, beta1: 0.9 })).toThrow(
      /optimizer.beta1 must be absent/,
    );
    const w = tf.variable(tf.tensor1d(START));
    const adam = createOptimizer({ name: 'adam', learningRate: 1 }, [w]);
    const sgd = createOptimizer({ name: 'sgd', learningRate: 1, momentum: 0.5 }, [w]);
    expect(() => sgd.setState(adam.getState())).toThrow(/optimizerState.name must be "sgd"/);
    const state = adam.getState();
    expect(() =>
      adam.setState({ ...state, slots: state.slots.map((s) => ({ ...s, shape: [2, 2] })) }),
    ).toThrow(/optimizerState.slots\[0\] must be of shape \[4\]/);
    for (const o of [adam, sgd]) o.dispose();
    w.dispose();
  });
});
