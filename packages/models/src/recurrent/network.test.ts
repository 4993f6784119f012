import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellType } from './cell-spec.js';
import { affine, Dense } from './dense.js';
import { Embedding, embeddingLookup } from './embedding.js';
import { RecurrentNetwork } from './recurrent-network.js';
import { RecurrentStack } from './recurrent-stack.js';
import { maxAbsDiff, maxRelDiff, randomTensor, TEST_BACKENDS, useBackend, values } from './test-support.js';

const TIME = 4;
const BATCH = 3;
const VOCAB = 7;

function tokenIds(seed: number): tf.Tensor2D {
  return tf.tensor2d(
    Array.from({ length: TIME * BATCH }, (_, k) => (k * 5 + seed) % VOCAB),
    [TIME, BATCH],
    'int32',
  );
}

/** Mean cross-entropy of next-token prediction on `ids` (targets are the ids shifted by one, wrapping). */
function lossOf(
  net: RecurrentNetwork,
  ids: tf.Tensor2D,
  options: Parameters<RecurrentNetwork['apply']>[1],
): tf.Scalar {
  const { logits } = net.apply(ids, options);
  const targets = tf.oneHot(
    tf.reshape(
      tf.concat([tf.slice(ids, [1, 0], [TIME - 1, BATCH]), tf.slice(ids, [0, 0], [1, BATCH])], 0),
      [-1],
    ),
    VOCAB,
  );
  return tf.losses.softmaxCrossEntropy(targets, tf.reshape(logits, [-1, VOCAB])) as tf.Scalar;
}

describe('embedding lookup gradient (cpu, against tf.gather autodiff)', () => {
  beforeAll(() => useBackend('cpu'));

  it('equals the gradient of tf.gather within 1e-6, repeated ids included', () => {
    const table = randomTensor<tf.Rank.R2>([VOCAB, 5], 1);
    const ids = tf.tensor2d(
      [
        [0, 3, 3],
        [6, 0, 3],
      ],
      [2, 3],
      'int32',
    );
    const upstream = randomTensor([2, 3, 5], 2);
    const ours = tf.tidy(() =>
      values(
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, ids), upstream)))(table),
      ),
    );
    const reference = tf.tidy(() =>
      values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), upstream)))(table)),
    );
    expect(maxAbsDiff(ours, reference)).toBeLessThanOrEqual(1e-6);
    expect(tf.tidy(() => embeddingLookup(table, ids).shape)).toEqual([2, 3, 5]);
    tf.dispose([table, ids, upstream]);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`input, output and stacking (${backend})`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    it('embedding gradient needs no UnsortedSegmentSum and matches a one-hot matmul', () => {
      const table = randomTensor<tf.Rank.R2>([VOCAB, 4], 3);
      const ids = tf.tensor1d([1, 1, 5, 0], 'int32');
      const upstream = randomTensor([4, 4], 4);
      const ours = tf.tidy(() =>
        values(
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, ids), upstream)))(table),
        ),
      );
      const viaOneHot = tf.tidy(() =>
        values(
          tf.grad((t: tf.Tensor) =>
            tf.sum(tf.mul(tf.matMul(tf.cast(tf.oneHot(ids, VOCAB), 'float32'), t), upstream)),
          )(table),
        ),
      );
      expect(maxAbsDiff(ours, viaOneHot)).toBeLessThanOrEqual(1e-6);
      tf.dispose([table, ids, upstream]);
    });

    it('Embedding maps int32 ids [time, batch] to [time, batch, embeddingSize] and rejects float ids', () => {
      const embedding = new Embedding({ vocabSize: VOCAB, embeddingSize: 4, seed: 2 });
      const ids = tokenIds(0);
      expect(tf.tidy(() => embedding.apply(ids).shape)).toEqual([TIME, BATCH, 4]);
      const table = values(embedding.table);
      expect(Array.from(table).every((v) => Math.abs(v) <= 0.05)).toBe(true);
      const floats = tf.zeros([2, 2]);
      expect(() => embedding.apply(floats)).toThrow(/tokenIds.dtype must be 'int32', got "float32"/);
      tf.dispose([ids, floats]);
      embedding.dispose();
    });

    it('affine (dense) gradients equal tfjs autodiff of matMul + add within 1e-5', () => {
      const params = [randomTensor([6, 5], 5), randomTensor([5, 3], 6), randomTensor([3], 7)];
      const upstream = randomTensor([6, 3], 8);
      const loss =
        (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor) =>
        (...p: tf.Tensor[]) =>
          tf.sum(
            tf.mul(f(p[0] as tf.Tensor2D, p[1] as tf.Tensor2D, p[2] as tf.Tensor1D), upstream),
          ) as tf.Scalar;
      const ours = tf.tidy(() => tf.grads(loss(affine))(params).map(values));
      const reference = tf.tidy(() =>
        tf
          .grads(loss((x, w, b) => tf.add(tf.matMul(x, w), b)))(params)
          .map(values),
      );
      ours.forEach((g, k) => {
        expect(maxRelDiff(g, reference[k] as Float32Array)).toBeLessThanOrEqual(1e-5);
      });
      tf.dispose([...params, upstream]);
    });

    it('Dense maps [..., in] to [..., out] and rejects a wrong last dimension', () => {
      const dense = new Dense({ inputSize: 4, outputSize: 6, seed: 1 });
      const x = randomTensor([2, 3, 4], 9);
      expect(tf.tidy(() => dense.apply(x).shape)).toEqual([2, 3, 6]);
      expect(() => dense.apply(randomTensor([2, 5], 1))).toThrow(
        /x must be of last dimension 4, got \[2,5\]/,
      );
      dense.dispose();
      x.dispose();
    });

    it('a 2-layer stack without dropout equals its layers chained by hand; states come back per layer', () => {
      const stack = new RecurrentStack({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 5 });
      const x = randomTensor<tf.Rank.R3>([TIME, BATCH, 3], 10);
      tf.tidy(() => {
        const result = stack.apply(x, {
          mask: Uint8Array.from({ length: BATCH * TIME }, (_, k) => (k === 11 ? 0 : 1)),
        });
        const mask = Uint8Array.from({ length: BATCH * TIME }, (_, k) => (k === 11 ? 0 : 1));
        const first = (stack.layers[0] as RecurrentStack['layers'][number]).apply(x, { mask });
        const second = (stack.layers[1] as RecurrentStack['layers'][number]).apply(first.outputs, { mask });
        expect(maxAbsDiff(values(result.outputs), values(second.outputs))).toBe(0);
        expect(result.finalState.map((s) => s.length)).toEqual([2, 2]);
        expect(
          maxAbsDiff(
            values(result.finalState[0]?.[1] as tf.Tensor),
            values(first.finalState[1] as tf.Tensor),
          ),
        ).toBe(0);
      });
      stack.dispose();
      x.dispose();
    });

    it('dropout between layers: only when training, the same seed gives the same masks, another seed others', () => {
      const stack = new RecurrentStack({
        cell: 'gru',
        inputSize: 3,
        hiddenSize: 8,
        numLayers: 2,
        dropout: 0.5,
        seed: 2,
      });
      const x = randomTensor<tf.Rank.R3>([TIME, BATCH, 3], 11);
      tf.tidy(() => {
        const plain = values(stack.apply(x).outputs);
        const a = values(stack.apply(x, { training: true, dropoutSeed: 7 }).outputs);
        const b = values(stack.apply(x, { training: true, dropoutSeed: 7 }).outputs);
        const c = values(stack.apply(x, { training: true, dropoutSeed: 8 }).outputs);
        expect(maxAbsDiff(a, b)).toBe(0);
        expect(maxAbsDiff(a, plain)).toBeGreaterThan(1e-3);
        expect(maxAbsDiff(a, c)).toBeGreaterThan(1e-3);
        expect(maxAbsDiff(values(stack.apply(x, { training: false, dropoutSeed: 7 }).outputs), plain)).toBe(
          0,
        );
      });
      stack.dispose();
      x.dispose();
    });

    it('rejects bad configurations with the field and value in the message', () => {
      expect(() => new RecurrentStack({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 0 })).toThrow(
        /numLayers must be an integer >= 1, got 0/,
      );
      expect(
        () => new RecurrentStack({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 1, dropout: 1 }),
      ).toThrow(/dropout must be a number in \[0, 1\), got 1/);
      expect(
        () =>
          new RecurrentStack({
            cell: 'lstm',
            inputSize: 3,
            hiddenSize: 4,
            numLayers: 1,
            activation: 'linear',
          }),
      ).toThrow(/activation must be 'tanh' for the lstm cell, got "linear"/);
      expect(
        () => new RecurrentNetwork({ cell: 'cnn' as CellType, vocabSize: 3, hiddenSize: 4, numLayers: 1 }),
      ).toThrow(/cell must be 'lstm', 'gru' or 'rnn', got "cnn"/);
    });

    const inputs =
      backend === 'cpu' ? (['one-hot', 'embedding'] as const) : (['one-hot', 'embedding'] as const);
    for (const input of inputs) {
      for (const cell of ['lstm', 'gru', 'rnn'] as const) {
        it(`${cell} network, ${input} input: logits [time, batch, vocab]; SGD lowers the loss; tensors flat over 20 steps`, () => {
          const net = new RecurrentNetwork({
            cell,
            vocabSize: VOCAB,
            hiddenSize: 6,
            numLayers: 2,
            dropout: 0.1,
            seed: 3,
            ...(input === 'embedding' ? { embeddingSize: 4 } : {}),
          });
          const ids = tokenIds(1);
          const mask = Uint8Array.from({ length: BATCH * TIME }, (_, k) => (k === BATCH * TIME - 1 ? 0 : 1));
          expect(tf.tidy(() => net.apply(ids).logits.shape)).toEqual([TIME, BATCH, VOCAB]);
          const optimizer = tf.train.sgd(0.5);
          const losses: number[] = [];
          let tensorsAfterFirst = 0;
          for (let step = 0; step < 20; step++) {
            const options = { training: true, dropoutSeed: step, mask, reverse: step % 2 === 1 };
            const { value, grads } = tf.variableGrads(() => lossOf(net, ids, options), net.variables);
            optimizer.applyGradients(grads);
            losses.push(value.dataSync()[0] as number);
            tf.dispose([value, ...Object.values(grads)]);
            if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
          }
          expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
          const evalLoss = (options: Parameters<RecurrentNetwork['apply']>[1]) =>
            tf.tidy(() => lossOf(net, ids, options).dataSync()[0] as number);
          expect(losses.every(Number.isFinite)).toBe(true);
          expect(evalLoss({})).toBeLessThan(losses[0] as number);
          optimizer.dispose();
          net.dispose();
          ids.dispose();
        });
      }
    }
  });
}

describe('construction and disposal', () => {
  it('leave no tensors behind (initial values are freed, variables disposed)', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    for (const cell of ['lstm', 'gru', 'rnn'] as const) {
      const network = new RecurrentNetwork({
        cell,
        vocabSize: 5,
        hiddenSize: 4,
        numLayers: 2,
        embeddingSize: 3,
      });
      network.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
