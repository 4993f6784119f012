import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CellSpec, createCellSpec, gateCount, stateCount } from './cell-spec.js';
import { type RecurrentRunOptions, runRecurrentLayer } from './recurrent-layer.js';
import { maxAbsDiff, randomTensor, TEST_BACKENDS, useBackend, values } from './test-support.js';

const FEATURES = 3;
const HIDDEN = 4;
const TIME = 5;
const SHORT = 3; // row 1's true length

const CELLS: readonly CellSpec[] = [
  createCellSpec({ cell: 'lstm', inputSize: FEATURES, hiddenSize: HIDDEN }),
  createCellSpec({ cell: 'gru', inputSize: FEATURES, hiddenSize: HIDDEN }),
  createCellSpec({ cell: 'rnn', inputSize: FEATURES, hiddenSize: HIDDEN }),
];

function randomWeights(spec: CellSpec, seed: number): tf.Tensor[] {
  const width = gateCount(spec.cell) * HIDDEN;
  return [
    randomTensor([FEATURES, width], seed, 0.8),
    randomTensor([HIDDEN, width], seed + 1, 0.8),
    randomTensor([width], seed + 2, 0.5),
  ];
}

/**
 * Value and gradients (inputs, kernel, recurrent kernel, bias, initial states) of
 * Σ outputs ⊙ outputWeights + Σ_k finalState_k ⊙ stateWeights_k.
 */
function run(
  spec: CellSpec,
  params: tf.Tensor[],
  lossWeights: tf.Tensor[],
  options: Omit<RecurrentRunOptions, 'initialState'>,
): { outputs: Float32Array; finalState: Float32Array[]; grads: Float32Array[] } {
  return tf.tidy(() => {
    let outputs = new Float32Array();
    let finalState: Float32Array[] = [];
    const grads = tf.grads((...p: tf.Tensor[]) => {
      const [x, W, U, b, ...initial] = p;
      const result = runRecurrentLayer(
        spec,
        { kernel: W as tf.Tensor2D, recurrentKernel: U as tf.Tensor2D, bias: b as tf.Tensor1D },
        x as tf.Tensor3D,
        { ...options, initialState: initial as tf.Tensor2D[] },
      );
      outputs = values(result.outputs).slice();
      finalState = result.finalState.map((s) => values(s).slice());
      const parts = [result.outputs, ...result.finalState];
      return tf.addN(parts.map((part, k) => tf.sum(tf.mul(part, lossWeights[k] as tf.Tensor)))) as tf.Scalar;
    })(params);
    return { outputs, finalState, grads: grads.map((g) => values(g).slice()) };
  });
}

/** Row `row` of a time-major `[time, batch, h]` array, the first `steps` steps: `[steps, h]`. */
function timeRow(data: Float32Array, batch: number, row: number, steps: number, width: number): Float32Array {
  const out = new Float32Array(steps * width);
  for (let t = 0; t < steps; t++)
    out.set(data.subarray((t * batch + row) * width, (t * batch + row + 1) * width), t * width);
  return out;
}

/** Row `row` of a `[batch, h]` array. */
function batchRow(data: Float32Array, row: number, width: number): Float32Array {
  return data.slice(row * width, (row + 1) * width);
}

for (const backend of TEST_BACKENDS) {
  describe(`masks and resets (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    for (const spec of CELLS) {
      for (const reverse of [false, true]) {
        const direction = reverse ? 'reverse' : 'forward';
        it(`${spec.cell} ${direction}: a right-padded row gives the unpadded row's outputs, final state and gradients`, () => {
          const states = stateCount(spec.cell);
          const weights = randomWeights(spec, 30);
          const x = randomTensor([TIME, 2, FEATURES], 31); // row 1's steps 3, 4 are padding (garbage)
          const initial = Array.from({ length: states }, (_, k) => randomTensor([2, HIDDEN], 32 + k));
          // The loss reads only row 1 (row 0's entries are zero), padding included.
          const rowOne = tf.tensor([0, 1], [1, 2, 1]);
          const outputWeights = tf.mul(randomTensor([TIME, 2, HIDDEN], 40), rowOne);
          const stateWeights = Array.from({ length: states }, (_, k) =>
            tf.mul(randomTensor([2, HIDDEN], 41 + k), tf.tensor([0, 1], [2, 1])),
          );
          const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]); // [batch, time]
          const padded = run(spec, [x, ...weights, ...initial], [outputWeights, ...stateWeights], {
            mask,
            reverse,
          });

          const alone = tf.tidy(() => {
            const xAlone = tf.slice(x, [0, 1, 0], [SHORT, 1, FEATURES]); // [3, 1, features]
            const initialAlone = initial.map((s) => tf.slice(s, [1, 0], [1, HIDDEN]));
            const outputWeightsAlone = tf.slice(outputWeights, [0, 1, 0], [SHORT, 1, HIDDEN]);
            const stateWeightsAlone = stateWeights.map((w) => tf.slice(w, [1, 0], [1, HIDDEN]));
            return run(
              spec,
              [xAlone, ...weights, ...initialAlone],
              [outputWeightsAlone, ...stateWeightsAlone],
              {
                reverse,
              },
            );
          });

          const tol = 1e-6;
          expect(maxAbsDiff(timeRow(padded.outputs, 2, 1, SHORT, HIDDEN), alone.outputs)).toBeLessThanOrEqual(
            tol,
          );
          const paddingOutputs = timeRow(padded.outputs, 2, 1, TIME, HIDDEN).subarray(SHORT * HIDDEN);
          expect(
            Array.from(paddingOutputs).every((v) => v === 0),
            'masked steps output zeros',
          ).toBe(true);
          padded.finalState.forEach((state, k) => {
            expect(
              maxAbsDiff(batchRow(state, 1, HIDDEN), alone.finalState[k] as Float32Array),
            ).toBeLessThanOrEqual(tol);
          });
          const [dx, dW, dU, db, ...dInitial] = padded.grads as Float32Array[];
          const [dxAlone, dWAlone, dUAlone, dbAlone, ...dInitialAlone] = alone.grads as Float32Array[];
          const dxRow = timeRow(dx as Float32Array, 2, 1, TIME, FEATURES);
          expect(
            maxAbsDiff(dxRow.subarray(0, SHORT * FEATURES), dxAlone as Float32Array),
          ).toBeLessThanOrEqual(tol);
          expect(
            Array.from(dxRow.subarray(SHORT * FEATURES)).every((v) => v === 0),
            'no gradient into padding',
          ).toBe(true);
          expect(maxAbsDiff(dW as Float32Array, dWAlone as Float32Array), 'kernel').toBeLessThanOrEqual(tol);
          expect(
            maxAbsDiff(dU as Float32Array, dUAlone as Float32Array),
            'recurrent kernel',
          ).toBeLessThanOrEqual(tol);
          expect(maxAbsDiff(db as Float32Array, dbAlone as Float32Array), 'bias').toBeLessThanOrEqual(tol);
          dInitial.forEach((d, k) => {
            const expected = dInitialAlone[k] as Float32Array;
            expect(maxAbsDiff(batchRow(d, 1, HIDDEN), expected), `initialState[${k}]`).toBeLessThanOrEqual(
              tol,
            );
          });
          tf.dispose([...weights, x, ...initial, rowOne, outputWeights, ...stateWeights]);
        });
      }

      it(`${spec.cell}: a reset row equals a fresh run, the other row keeps its initial state`, () => {
        const states = stateCount(spec.cell);
        const weights = randomWeights(spec, 50);
        const x = randomTensor([TIME, 2, FEATURES], 51);
        const initial = Array.from({ length: states }, (_, k) => randomTensor([2, HIDDEN], 52 + k));
        const lossWeights = [
          randomTensor([TIME, 2, HIDDEN], 60),
          ...Array.from({ length: states }, (_, k) => randomTensor([2, HIDDEN], 61 + k)),
        ];
        const resetRows = Uint8Array.from([0, 1]);
        const withReset = run(spec, [x, ...weights, ...initial], lossWeights, { resetRows });
        const zeros = initial.map(() => tf.zeros([2, HIDDEN]));
        const fresh = run(spec, [x, ...weights, ...zeros], lossWeights, {});
        const carried = run(spec, [x, ...weights, ...initial], lossWeights, {});
        for (let t = 0; t < TIME; t++) {
          const row = (data: Float32Array, b: number) =>
            data.slice((t * 2 + b) * HIDDEN, (t * 2 + b + 1) * HIDDEN);
          expect(maxAbsDiff(row(withReset.outputs, 1), row(fresh.outputs, 1))).toBe(0);
          expect(maxAbsDiff(row(withReset.outputs, 0), row(carried.outputs, 0))).toBe(0);
        }
        const dInitial = withReset.grads.slice(4);
        dInitial.forEach((d) => {
          expect(
            Array.from(batchRow(d, 1, HIDDEN)).every((v) => v === 0),
            'reset row: no gradient into its state',
          ).toBe(true);
          expect(Array.from(batchRow(d, 0, HIDDEN)).some((v) => v !== 0)).toBe(true);
        });
        tf.dispose([...weights, x, ...initial, ...lossWeights, ...zeros]);
      });
    }

    it('rejects a mask of the wrong shape and reset flags of the wrong length', () => {
      const spec = CELLS[0] as CellSpec;
      const weights = randomWeights(spec, 70);
      const x = randomTensor([TIME, 2, FEATURES], 71);
      const layerWeights = {
        kernel: weights[0] as tf.Tensor2D,
        recurrentKernel: weights[1] as tf.Tensor2D,
        bias: weights[2] as tf.Tensor1D,
      };
      expect(() =>
        runRecurrentLayer(spec, layerWeights, x as tf.Tensor3D, { mask: new Uint8Array(3) }),
      ).toThrow(/mask must be of length batch·time = 10, got Uint8Array\(3\)/);
      const wrongMask = tf.ones([TIME, 2]) as tf.Tensor2D;
      expect(() => runRecurrentLayer(spec, layerWeights, x as tf.Tensor3D, { mask: wrongMask })).toThrow(
        /mask must be of shape \[2,5\], got \[5,2\]/,
      );
      expect(() =>
        runRecurrentLayer(spec, layerWeights, x as tf.Tensor3D, { resetRows: new Uint8Array(3) }),
      ).toThrow(/resetRows must be of length batch = 2/);
      tf.dispose([...weights, x, wrongMask]);
    });
  });
}
