import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellType, GateActivation } from './cell-spec.js';
import { RecurrentLayer } from './recurrent-layer.js';
import { maxAbsDiff, randomTensor, TEST_BACKENDS, useBackend, values } from './test-support.js';

const TIME = 5;
const BATCH = 3;
const FEATURES = 4;
const HIDDEN = 6;

interface Case {
  readonly cell: CellType;
  readonly recurrentActivation: GateActivation;
}

const CASES: readonly Case[] = [
  { cell: 'lstm', recurrentActivation: 'sigmoid' },
  { cell: 'lstm', recurrentActivation: 'hardSigmoid' },
  { cell: 'gru', recurrentActivation: 'sigmoid' },
  { cell: 'gru', recurrentActivation: 'hardSigmoid' },
  { cell: 'rnn', recurrentActivation: 'sigmoid' },
];

function layersLayer(
  cell: CellType,
  recurrentActivation: GateActivation,
  goBackwards: boolean,
): tfl.layers.Layer {
  // Zero initialisers: the weights are overwritten, and tfjs-layers' orthogonal one is slow (and needs chained ops).
  const common = {
    units: HIDDEN,
    returnSequences: true,
    returnState: true,
    goBackwards,
    kernelInitializer: 'zeros',
    recurrentInitializer: 'zeros',
  } as const;
  if (cell === 'lstm') return tfl.layers.lstm({ ...common, recurrentActivation });
  if (cell === 'gru') return tfl.layers.gru({ ...common, recurrentActivation });
  return tfl.layers.simpleRNN(common);
}

/** Runs tfjs-layers on batch-major input; returns [outputs [time, batch, h] (time-major), ...final states]. */
function runLayers(layer: tfl.layers.Layer, inputs: tf.Tensor3D, initialState?: tf.Tensor[]): tf.Tensor[] {
  const batchMajor = tf.transpose(inputs, [1, 0, 2]); // [batch, time, features]
  const result = layer.apply(batchMajor, initialState ? { initialState } : {}) as tf.Tensor[];
  const [outputs, ...states] = result;
  return [tf.transpose(outputs as tf.Tensor, [1, 0, 2]), ...states];
}

for (const backend of TEST_BACKENDS) {
  describe(`forward equality with tfjs-layers (${backend})`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    for (const { cell, recurrentActivation } of CASES) {
      const label = cell === 'rnn' ? 'SimpleRNN' : `${cell.toUpperCase()} (${recurrentActivation})`;
      it(`${label}: outputs and final states match within 1e-5, weights copied both ways`, () => {
        const ours = new RecurrentLayer({
          cell,
          inputSize: FEATURES,
          hiddenSize: HIDDEN,
          recurrentActivation,
          seed: 3,
        });
        const theirs = layersLayer(cell, recurrentActivation, false);
        const inputs = randomTensor<tf.Rank.R3>([TIME, BATCH, FEATURES], 11, 1.5);
        runLayers(theirs, inputs); // builds the layer
        // Random weights large enough that the hard sigmoid saturates somewhere.
        const weights = ours.variables.map((v, k) => randomTensor(v.shape, 100 + k, 0.8));
        ours.setWeights(weights);
        theirs.setWeights(ours.variables);
        const expected = tf.tidy(() => runLayers(theirs, inputs).map((t) => values(t)));
        const { outputs, finalState } = ours.apply(inputs);
        expect(maxAbsDiff(values(outputs), expected[0] as Float32Array)).toBeLessThanOrEqual(1e-5);
        expect(finalState.length).toBe(expected.length - 1);
        finalState.forEach((state, k) => {
          expect(maxAbsDiff(values(state), expected[k + 1] as Float32Array)).toBeLessThanOrEqual(1e-5);
        });
        // The other way: tfjs-layers' weights copied into a fresh layer give the same result.
        const copy = new RecurrentLayer({
          cell,
          inputSize: FEATURES,
          hiddenSize: HIDDEN,
          recurrentActivation,
          seed: 9,
        });
        copy.setWeights(theirs.getWeights());
        expect(maxAbsDiff(values(copy.apply(inputs).outputs), values(outputs))).toBe(0);
        tf.dispose([inputs, ...weights, outputs, ...finalState]);
        ours.dispose();
        copy.dispose();
        theirs.dispose();
      });

      it(`${label}: reverse with an initial state matches goBackwards (outputs at reversed indices)`, () => {
        const ours = new RecurrentLayer({
          cell,
          inputSize: FEATURES,
          hiddenSize: HIDDEN,
          recurrentActivation,
          seed: 4,
        });
        const theirs = layersLayer(cell, recurrentActivation, true);
        const inputs = randomTensor<tf.Rank.R3>([TIME, BATCH, FEATURES], 12);
        const initialState = Array.from({ length: cell === 'lstm' ? 2 : 1 }, (_, k) =>
          randomTensor<tf.Rank.R2>([BATCH, HIDDEN], 50 + k),
        );
        runLayers(theirs, inputs, initialState);
        theirs.setWeights(ours.variables);
        const expected = tf.tidy(() => {
          const [outputs, ...states] = runLayers(theirs, inputs, initialState);
          return [values(tf.reverse(outputs as tf.Tensor, 0)), ...states.map((s) => values(s))];
        });
        const { outputs, finalState } = ours.apply(inputs, { reverse: true, initialState });
        expect(maxAbsDiff(values(outputs), expected[0] as Float32Array)).toBeLessThanOrEqual(1e-5);
        finalState.forEach((state, k) => {
          expect(maxAbsDiff(values(state), expected[k + 1] as Float32Array)).toBeLessThanOrEqual(1e-5);
        });
        tf.dispose([inputs, ...initialState, outputs, ...finalState]);
        ours.dispose();
        theirs.dispose();
      });
    }
  });
}
