import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOverridden } from './kernel-override.js';
import { backendDataCount, maxAbsDifference, randomFloats, valuesOn } from './test-helpers.js';
import { registerWasmKernelFixes } from './wasm-kernel-fixes.js';

const FLAGS = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
];

/** Logical shapes `a: [...batchA, m, k]`, `b: [...batchB, k, n]`, stored transposed where the flag says so. */
const SHAPES = [
  { name: '2-D', batchA: [], batchB: [], m: 3, k: 4, n: 5 },
  { name: 'batched', batchA: [2], batchB: [2], m: 3, k: 4, n: 2 },
  { name: 'batched rank 4', batchA: [2, 2], batchB: [2, 2], m: 2, k: 3, n: 4 },
  { name: 'broadcast b', batchA: [3], batchB: [], m: 2, k: 5, n: 3 },
  { name: 'broadcast a', batchA: [1], batchB: [2], m: 4, k: 3, n: 2 },
  { name: 'a row vector', batchA: [], batchB: [], m: 1, k: 4, n: 3 },
  { name: 'b column vector', batchA: [], batchB: [], m: 3, k: 4, n: 1 },
  { name: 'wide b (transposes the product instead)', batchA: [2], batchB: [], m: 2, k: 6, n: 8 },
  { name: 'inner size 1', batchA: [2], batchB: [2], m: 3, k: 1, n: 2 },
];

const CASES = SHAPES.flatMap((shape) => FLAGS.map((flags) => ({ ...shape, ...flags })));

function operands({ batchA, batchB, m, k, n, transposeA, transposeB }: (typeof CASES)[number]): {
  a: () => tf.Tensor;
  b: () => tf.Tensor;
} {
  const aShape = [...batchA, ...(transposeA ? [k, m] : [m, k])];
  const bShape = [...batchB, ...(transposeB ? [n, k] : [k, n])];
  const aValues = randomFloats(
    aShape.reduce((x, y) => x * y, 1),
    21,
  );
  const bValues = randomFloats(
    bShape.reduce((x, y) => x * y, 1),
    22,
  );
  return { a: () => tf.tensor(aValues, aShape), b: () => tf.tensor(bValues, bShape) };
}

describe('transposed matmul on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmKernelFixes();
  });

  it('replaces BatchMatMul and _FusedMatMul for wasm', () => {
    expect(isOverridden('BatchMatMul')).toBe(true);
    expect(isOverridden('_FusedMatMul')).toBe(true);
  });

  it.each(CASES)(
    'matMul equals cpu: $name, transposeA $transposeA, transposeB $transposeB',
    async (testCase) => {
      const { a, b } = operands(testCase);
      const compute = () => tf.matMul(a(), b(), testCase.transposeA, testCase.transposeB);
      const [cpu] = await valuesOn('cpu', compute);
      const [wasm] = await valuesOn('wasm', compute);
      expect(wasm?.shape).toEqual(cpu?.shape);
      expect(maxAbsDifference(wasm!.values, cpu!.values)).toBeLessThan(1e-5);
    },
  );

  it.each(FLAGS)(
    'fused matMul with bias and relu equals cpu: transposeA $transposeA, transposeB $transposeB',
    async (flags) => {
      const { a, b } = operands({ ...SHAPES[0]!, ...flags });
      const bias = randomFloats(5, 23);
      const compute = () =>
        tf.fused.matMul({ a: a(), b: b(), ...flags, bias: tf.tensor1d(bias), activation: 'relu' });
      const [cpu] = await valuesOn('cpu', compute);
      const [wasm] = await valuesOn('wasm', compute);
      expect(wasm?.shape).toEqual([3, 5]);
      expect(maxAbsDifference(wasm!.values, cpu!.values)).toBeLessThan(1e-5);
    },
  );

  it('gives matMul gradients (transposed matmuls) equal to cpu', async () => {
    const { a, b } = operands({ ...SHAPES[1]!, ...FLAGS[0]! });
    const compute = () => {
      const weights = tf.tensor(randomFloats(12, 24), [2, 3, 2]);
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), weights)))([
        a(),
        b(),
      ]);
      return [da!, db!];
    };
    const cpu = await valuesOn('cpu', compute);
    const wasm = await valuesOn('wasm', compute);
    expect(maxAbsDifference(wasm[0]!.values, cpu[0]!.values)).toBeLessThan(1e-5);
    expect(maxAbsDifference(wasm[1]!.values, cpu[1]!.values)).toBeLessThan(1e-5);
  });

  it('frees its transposed copies', async () => {
    await tf.setBackend('wasm');
    const { a, b } = operands({ ...SHAPES[1]!, transposeA: true, transposeB: true });
    const [x, y] = [a(), b()];
    tf.matMul(x, y, true, true).dispose();
    const tensors = tf.memory().numTensors;
    const data = backendDataCount();
    for (let i = 0; i < 3; i++) tf.matMul(x, y, true, true).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataCount()).toBe(data);
    tf.dispose([x, y]);
  });
});
