import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendDataCount, maxAbsDifference, randomFloats, randomInts, valuesOn } from './test-helpers.js';
import { registerWasmKernelFixes, removeWasmKernelFixes } from './wasm-kernel-fixes.js';

/** A loss whose gradient with respect to `params` goes through tf.gather's gradient (UnsortedSegmentSum). */
function gatherGradient(
  paramsShape: number[],
  indices: Int32Array,
  indicesShape: number[],
  axis: number,
): () => tf.Tensor {
  return () => {
    const params = tf.tensor(
      randomFloats(
        paramsShape.reduce((a, b) => a * b, 1),
        7,
      ),
      paramsShape,
    );
    const ids = tf.tensor(indices, indicesShape, 'int32');
    const gathered = tf.gather(params, ids, axis);
    const weights = tf.tensor(randomFloats(gathered.size, 8), gathered.shape);
    return tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, ids, axis), weights)))(params);
  };
}

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmKernelFixes();
  });

  it('is missing from stock tfjs-backend-wasm 4.22, so an embedding gradient throws there', async () => {
    removeWasmKernelFixes();
    try {
      await tf.setBackend('wasm');
      expect(() => tf.tidy(gatherGradient([5, 3], Int32Array.of(1, 4, 1), [3], 0))).toThrow(
        /UnsortedSegmentSum' not registered for backend 'wasm'/,
      );
    } finally {
      expect(registerWasmKernelFixes().registered).toContain('UnsortedSegmentSum');
    }
  });

  it.each([
    { name: '1-D x', xShape: [9], numSegments: 4 },
    { name: '2-D x', xShape: [7, 3], numSegments: 5 },
    { name: '3-D x', xShape: [6, 2, 4], numSegments: 3 },
  ])('equals the cpu backend for random $name with ids out of range', async ({ xShape, numSegments }) => {
    const size = xShape.reduce((a, b) => a * b, 1);
    const rows = xShape[0] as number;
    // Ids in [-2, numSegments + 2): negative and too-large ids are dropped by both backends.
    const ids = randomInts(rows, -2, numSegments + 2, 11);
    ids[1] = -1;
    ids[rows - 1] = numSegments;
    const compute = () => tf.unsortedSegmentSum(tf.tensor(randomFloats(size, 3), xShape), ids, numSegments);
    const [cpu] = await valuesOn('cpu', compute);
    const [wasm] = await valuesOn('wasm', compute);
    expect(wasm?.shape).toEqual([numSegments, ...xShape.slice(1)]);
    expect(wasm?.shape).toEqual(cpu?.shape);
    expect(maxAbsDifference(wasm!.values, cpu!.values)).toBeLessThan(1e-6);
  });

  it('sums int32 values exactly and keeps the dtype', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(
      tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], 'int32'),
      [2, 0, 2, -1],
      3,
    );
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    out.dispose();
  });

  it('rejects segment ids that are not one per row of x', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.unsortedSegmentSum(tf.zeros([4, 2]), tf.tensor1d([0, 1, 0], 'int32'), 2)).toThrow(
      /one id per row of x, got shape \[3\] for x of shape \[4,2\]/,
    );
    expect(() =>
      tf.unsortedSegmentSum(
        tf.zeros([2, 2]),
        tf.tensor2d([0, 1, 0, 1], [2, 2], 'int32') as unknown as tf.Tensor1D,
        2,
      ),
    ).toThrow(/1-D/);
  });

  it.each([
    {
      name: 'axis 0 (an embedding)',
      paramsShape: [5, 3],
      indices: [1, 4, 1, 0, 1, 4],
      indicesShape: [2, 3],
      axis: 0,
    },
    { name: 'axis 1', paramsShape: [2, 4, 3], indices: [3, 0, 3], indicesShape: [3], axis: 1 },
  ])('makes the gradient of tf.gather along $name work on wasm, equal to cpu', async (testCase) => {
    const compute = gatherGradient(
      testCase.paramsShape,
      Int32Array.from(testCase.indices),
      testCase.indicesShape,
      testCase.axis,
    );
    const [cpu] = await valuesOn('cpu', compute);
    const [wasm] = await valuesOn('wasm', compute);
    expect(wasm?.shape).toEqual(testCase.paramsShape);
    expect(maxAbsDifference(wasm!.values, cpu!.values)).toBeLessThan(1e-6);
  });

  it('leaves no tensor or heap allocation behind', async () => {
    await tf.setBackend('wasm');
    const run = () => tf.tidy(gatherGradient([5, 3], Int32Array.of(1, 4, 1), [3], 0)).dispose();
    run();
    const tensors = tf.memory().numTensors;
    const data = backendDataCount();
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataCount()).toBe(data);
  });
});
