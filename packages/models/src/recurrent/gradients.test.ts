import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CellSpec, createCellSpec, gateCount, stateCount } from './cell-spec.js';
import { type RecurrentRunOptions, runRecurrentLayer } from './recurrent-layer.js';
import { maxRelDiff, randomTensor, TEST_BACKENDS, useBackend, values } from './test-support.js';

const TIME = 4;
const BATCH = 3;
const FEATURES = 3;
const HIDDEN = 5;

// An independent, deliberately naive implementation: one cell step at a time with plain tfjs ops (autodiff does
// the backward), literal equations, the mask applied as `m·new + (1 − m)·old`.
function naiveGate(spec: CellSpec, x: tf.Tensor): tf.Tensor {
  if (spec.recurrentActivation === 'hardSigmoid') return tf.clipByValue(tf.add(tf.mul(0.2, x), 0.5), 0, 1);
  return tf.div(1, tf.add(1, tf.exp(tf.neg(x))));
}

function columns(m: tf.Tensor, block: number, hidden: number, blocks = 1): tf.Tensor {
  return m.rank === 1
    ? tf.slice(m, [block * hidden], [blocks * hidden])
    : tf.slice(m, [0, block * hidden], [m.shape[0] as number, blocks * hidden]);
}

function naiveStep(
  spec: CellSpec,
  x: tf.Tensor,
  state: tf.Tensor[],
  W: tf.Tensor,
  U: tf.Tensor,
  b: tf.Tensor,
) {
  const H = spec.hiddenSize;
  const h = state[0] as tf.Tensor;
  if (spec.cell === 'lstm') {
    const c = state[1] as tf.Tensor;
    const pre = (k: number) =>
      tf.add(tf.add(tf.matMul(x, columns(W, k, H)), tf.matMul(h, columns(U, k, H))), columns(b, k, H));
    const i = naiveGate(spec, pre(0));
    const f = naiveGate(spec, pre(1));
    const g = tf.tanh(pre(2));
    const o = naiveGate(spec, pre(3));
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
    return [tf.mul(o, tf.tanh(cNew)), cNew];
  }
  if (spec.cell === 'gru') {
    const px = (k: number) => tf.add(tf.matMul(x, columns(W, k, H)), columns(b, k, H));
    const z = naiveGate(spec, tf.add(px(0), tf.matMul(h, columns(U, 0, H))));
    const r = naiveGate(spec, tf.add(px(1), tf.matMul(h, columns(U, 1, H))));
    const hh = tf.tanh(tf.add(px(2), tf.matMul(tf.mul(r, h), columns(U, 2, H))));
    return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh))];
  }
  const pre = tf.add(tf.add(tf.matMul(x, W), tf.matMul(h, U)), b);
  return [spec.activation === 'linear' ? pre : tf.tanh(pre)];
}

interface NaiveOptions {
  readonly mask?: Float32Array; // [batch, time]
  readonly reverse?: boolean;
  readonly resetRows?: Uint8Array;
}

function naiveRun(
  spec: CellSpec,
  inputs: tf.Tensor3D,
  [W, U, b]: tf.Tensor[],
  initial: tf.Tensor[],
  options: NaiveOptions,
): tf.Tensor[] {
  const steps = tf.unstack(inputs); // time × [batch, features]
  const time = steps.length;
  let state = initial;
  if (options.resetRows) {
    const keep = tf.tensor2d(
      Array.from(options.resetRows, (r) => (r ? 0 : 1)),
      [BATCH, 1],
    );
    state = state.map((s) => tf.mul(s, keep));
  }
  const outputs: tf.Tensor[] = new Array(time);
  for (let k = 0; k < time; k++) {
    const t = options.reverse ? time - 1 - k : k;
    const next = naiveStep(
      spec,
      steps[t] as tf.Tensor,
      state,
      W as tf.Tensor,
      U as tf.Tensor,
      b as tf.Tensor,
    );
    if (options.mask) {
      const mask = options.mask;
      const m = tf.tensor2d(
        Array.from({ length: BATCH }, (_, row) => mask[row * time + t] as number),
        [BATCH, 1],
      );
      outputs[t] = tf.mul(next[0] as tf.Tensor, m);
      state = state.map((s, j) => tf.add(tf.mul(next[j] as tf.Tensor, m), tf.mul(s, tf.sub(1, m))));
    } else {
      outputs[t] = next[0] as tf.Tensor;
      state = next;
    }
  }
  return [tf.stack(outputs), ...state];
}

/** A scalar loss touching every output and every final state with fixed random weights. */
function weightedLoss(parts: tf.Tensor[], seed: number): tf.Scalar {
  return tf.addN(
    parts.map((part, k) => tf.sum(tf.mul(part, randomTensor(part.shape, seed + k)))),
  ) as tf.Scalar;
}

const CELLS: readonly { name: string; spec: CellSpec }[] = [
  { name: 'LSTM sigmoid', spec: createCellSpec({ cell: 'lstm', inputSize: FEATURES, hiddenSize: HIDDEN }) },
  {
    name: 'LSTM hardSigmoid',
    spec: createCellSpec({
      cell: 'lstm',
      inputSize: FEATURES,
      hiddenSize: HIDDEN,
      recurrentActivation: 'hardSigmoid',
    }),
  },
  { name: 'GRU sigmoid', spec: createCellSpec({ cell: 'gru', inputSize: FEATURES, hiddenSize: HIDDEN }) },
  {
    name: 'GRU hardSigmoid',
    spec: createCellSpec({
      cell: 'gru',
      inputSize: FEATURES,
      hiddenSize: HIDDEN,
      recurrentActivation: 'hardSigmoid',
    }),
  },
  { name: 'RNN tanh', spec: createCellSpec({ cell: 'rnn', inputSize: FEATURES, hiddenSize: HIDDEN }) },
  {
    name: 'RNN linear',
    spec: createCellSpec({ cell: 'rnn', inputSize: FEATURES, hiddenSize: HIDDEN, activation: 'linear' }),
  },
];

// Row 0: all real; row 1: right-padded (length 2); row 2: a hole in the middle and a padded start.
const MASK = Float32Array.from([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1]);

const VARIANTS: readonly { name: string; options: NaiveOptions }[] = [
  { name: 'plain', options: {} },
  { name: 'masked', options: { mask: MASK } },
  {
    name: 'reverse, masked, reset row 1',
    options: { mask: MASK, reverse: true, resetRows: Uint8Array.from([0, 1, 0]) },
  },
];

/** Random parameters: inputs, kernel, recurrent kernel, bias, initial state(s). */
function randomParams(spec: CellSpec, seed: number): tf.Tensor[] {
  const width = gateCount(spec.cell) * HIDDEN;
  return [
    randomTensor([TIME, BATCH, FEATURES], seed),
    randomTensor([FEATURES, width], seed + 1, 0.7),
    randomTensor([HIDDEN, width], seed + 2, 0.7),
    randomTensor([width], seed + 3, 0.5),
    ...Array.from({ length: stateCount(spec.cell) }, (_, k) => randomTensor([BATCH, HIDDEN], seed + 4 + k)),
  ];
}

function oursLoss(spec: CellSpec, options: NaiveOptions) {
  return (...params: tf.Tensor[]): tf.Scalar => {
    const [x, W, U, b, ...initial] = params;
    const runOptions: RecurrentRunOptions = {
      initialState: initial as tf.Tensor2D[],
      reverse: options.reverse ?? false,
      ...(options.mask ? { mask: options.mask } : {}),
      ...(options.resetRows ? { resetRows: options.resetRows } : {}),
    };
    const { outputs, finalState } = runRecurrentLayer(
      spec,
      { kernel: W as tf.Tensor2D, recurrentKernel: U as tf.Tensor2D, bias: b as tf.Tensor1D },
      x as tf.Tensor3D,
      runOptions,
    );
    return weightedLoss([outputs, ...finalState], 900);
  };
}

function naiveLoss(spec: CellSpec, options: NaiveOptions) {
  return (...params: tf.Tensor[]): tf.Scalar => {
    const [x, W, U, b, ...initial] = params;
    return weightedLoss(naiveRun(spec, x as tf.Tensor3D, [W, U, b] as tf.Tensor[], initial, options), 900);
  };
}

const PARAM_NAMES = ['inputs', 'kernel', 'recurrentKernel', 'bias', 'initialState[0]', 'initialState[1]'];

for (const backend of TEST_BACKENDS) {
  describe(`BPTT gradients equal tfjs autodiff of a naive step-by-step implementation (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    for (const { name, spec } of CELLS) {
      for (const variant of VARIANTS) {
        it(`${name}, ${variant.name}: loss and every gradient within 1e-5 (relative)`, () => {
          const params = randomParams(spec, 7);
          const ours = tf.tidy(() => {
            const { value, grads } = tf.valueAndGrads(oursLoss(spec, variant.options))(params);
            return [value, ...grads].map(values);
          });
          const naive = tf.tidy(() => {
            const { value, grads } = tf.valueAndGrads(naiveLoss(spec, variant.options))(params);
            return [value, ...grads].map(values);
          });
          expect(ours.length).toBe(params.length + 1);
          ours.forEach((got, k) => {
            const label = k === 0 ? 'loss' : PARAM_NAMES[k - 1];
            expect(maxRelDiff(got, naive[k] as Float32Array), label).toBeLessThanOrEqual(1e-5);
          });
          tf.dispose(params);
        });
      }
    }
  });
}

describe('BPTT gradients equal central finite differences (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  /** The loss as a float64 sum over the layer's float32 outputs, to keep rounding out of the differences. */
  function lossValue(
    spec: CellSpec,
    options: NaiveOptions,
    params: tf.Tensor[],
    weights: Float32Array[],
  ): number {
    return tf.tidy(() => {
      const [x, W, U, b, ...initial] = params;
      const { outputs, finalState } = runRecurrentLayer(
        spec,
        { kernel: W as tf.Tensor2D, recurrentKernel: U as tf.Tensor2D, bias: b as tf.Tensor1D },
        x as tf.Tensor3D,
        { initialState: initial as tf.Tensor2D[], ...(options.mask ? { mask: options.mask } : {}) },
      );
      let total = 0;
      [outputs, ...finalState].forEach((part, k) => {
        const v = values(part);
        const w = weights[k] as Float32Array;
        for (let j = 0; j < v.length; j++) total += (v[j] as number) * (w[j] as number);
      });
      return total;
    });
  }

  for (const { name, spec } of CELLS.filter((c) => c.spec.recurrentActivation === 'sigmoid')) {
    it(`${name}, masked: 5 coordinates of every parameter within 1e-3 of (L(p+ε) − L(p−ε)) / 2ε, ε = 1e-2`, () => {
      const options: NaiveOptions = { mask: MASK };
      const params = randomParams(spec, 21);
      const shapes = [
        [TIME, BATCH, HIDDEN],
        ...Array.from({ length: stateCount(spec.cell) }, () => [BATCH, HIDDEN]),
      ];
      const lossWeights = shapes.map((shape, k) => values(randomTensor(shape, 900 + k)));
      const analytic = tf.tidy(() => tf.grads(oursLoss(spec, options))(params).map(values));
      const eps = 1e-2;
      params.forEach((param, p) => {
        const base = values(param).slice();
        const count = base.length;
        for (let j = 0; j < 5; j++) {
          const index = (j * 7 + p * 3) % count;
          const at = (delta: number) => {
            const shifted = base.slice();
            shifted[index] = (shifted[index] as number) + delta;
            const replaced = tf.tensor(shifted, param.shape);
            const value = lossValue(
              spec,
              options,
              params.map((q, k) => (k === p ? replaced : q)),
              lossWeights,
            );
            replaced.dispose();
            return value;
          };
          const numeric = (at(eps) - at(-eps)) / (2 * eps);
          const got = (analytic[p] as Float32Array)[index] as number;
          const label = `${PARAM_NAMES[p]}[${index}]: analytic ${got}, numeric ${numeric}`;
          expect(Math.abs(got - numeric), label).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(numeric)));
        }
      });
      tf.dispose(params);
    });
  }
});
