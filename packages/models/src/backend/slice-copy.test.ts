import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOverridden } from './kernel-override.js';
import { copySlice } from './slice-copy.js';
import { backendDataCount, randomFloats, randomInts, seededRandom, valuesOn } from './test-helpers.js';
import { registerWasmKernelFixes } from './wasm-kernel-fixes.js';

/** Element-by-element slice of a row-major array: the reference copySlice must match. */
function naiveSlice(source: Float32Array, shape: number[], begin: number[], size: number[]): Float32Array {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((x, y) => x * y, 1));
  const count = size.reduce((x, y) => x * y, 1);
  const out = new Float32Array(count);
  for (let flat = 0; flat < count; flat++) {
    let rest = flat;
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const index = rest % (size[axis] as number);
      rest = Math.floor(rest / (size[axis] as number));
      offset += ((begin[axis] as number) + index) * (strides[axis] as number);
    }
    out[flat] = source[offset] as number;
  }
  return out;
}

/** A random shape of the given rank (dims 1-4) and a random box inside it (some axes taken whole). */
function randomBox(rank: number, seed: number): { shape: number[]; begin: number[]; size: number[] } {
  const random = seededRandom(seed);
  const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * 4));
  const begin: number[] = [];
  const size: number[] = [];
  for (const dim of shape) {
    const whole = random() < 0.4;
    const start = whole ? 0 : Math.floor(random() * dim);
    begin.push(start);
    size.push(whole ? dim : 1 + Math.floor(random() * (dim - start)));
  }
  return { shape, begin, size };
}

describe('copySlice', () => {
  it.each([0, 1, 2, 3, 4, 5, 6])(
    'matches an element-by-element slice for 40 random boxes of rank %i',
    (rank) => {
      for (let trial = 0; trial < 40; trial++) {
        const { shape, begin, size } = randomBox(rank, rank * 1000 + trial);
        const source = randomFloats(
          shape.reduce((x, y) => x * y, 1),
          trial,
        );
        const target = new Float32Array(size.reduce((x, y) => x * y, 1));
        copySlice(source, shape, begin, size, target);
        expect(Array.from(target)).toEqual(Array.from(naiveSlice(source, shape, begin, size)));
      }
    },
  );

  it('copies nothing for an empty box and uses both the loop and the block copy', () => {
    const target = new Float32Array(0);
    copySlice(new Float32Array(6), [2, 3], [1, 0], [0, 3], target);
    expect(target.length).toBe(0);
    const source = Float32Array.from({ length: 2 * 40 }, (_, i) => i);
    const wide = new Float32Array(2 * 35);
    copySlice(source, [2, 40], [0, 5], [2, 35], wide);
    expect(Array.from(wide)).toEqual(Array.from(naiveSlice(source, [2, 40], [0, 5], [2, 35])));
  });
});

describe('Slice, Unpack and SplitV on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmKernelFixes();
  });

  it('replaces the three kernels for wasm', () => {
    expect(['Slice', 'Unpack', 'SplitV'].map(isOverridden)).toEqual([true, true, true]);
  });

  const sliceCases = [1, 2, 3, 4, 5].flatMap((rank) =>
    (['float32', 'int32', 'bool'] as const).map((dtype) => ({ rank, dtype, ...randomBox(rank, 77 + rank) })),
  );

  it.each(sliceCases)('tf.slice equals cpu: rank $rank, $dtype', async ({ dtype, shape, begin, size }) => {
    const count = shape.reduce((x, y) => x * y, 1);
    const values =
      dtype === 'float32' ? randomFloats(count, 5) : randomInts(count, 0, dtype === 'bool' ? 2 : 100, 5);
    const compute = () => tf.slice(tf.tensor(values, shape, dtype), begin, size);
    const [cpu] = await valuesOn('cpu', compute);
    const [wasm] = await valuesOn('wasm', compute);
    expect(wasm?.shape).toEqual(size);
    expect(Array.from(wasm!.values)).toEqual(Array.from(cpu!.values));
  });

  it('tf.slice with -1 sizes and a scalar begin equals cpu', async () => {
    const compute = () => {
      const x = tf.tensor(randomFloats(24, 9), [4, 3, 2]);
      return [tf.slice(x, [1, 0, 1], [-1, 2, -1]), tf.slice(tf.tensor1d([1, 2, 3, 4]), 2)];
    };
    const cpu = await valuesOn('cpu', compute);
    const wasm = await valuesOn('wasm', compute);
    expect(wasm.map((t) => t.shape)).toEqual(cpu.map((t) => t.shape));
    expect(wasm.map((t) => Array.from(t.values))).toEqual(cpu.map((t) => Array.from(t.values)));
  });

  it.each([0, 1, 2, -1])('tf.unstack along axis %i equals cpu', async (axis) => {
    const compute = () => tf.unstack(tf.tensor(randomFloats(24, 10), [2, 3, 4]), axis);
    const cpu = await valuesOn('cpu', compute);
    const wasm = await valuesOn('wasm', compute);
    expect(wasm.map((t) => t.shape)).toEqual(cpu.map((t) => t.shape));
    expect(wasm.map((t) => Array.from(t.values))).toEqual(cpu.map((t) => Array.from(t.values)));
  });

  it.each([
    { splits: 2, axis: 1 },
    { splits: [1, -1, 1], axis: 2 },
    { splits: [3, 1], axis: 0 },
    { splits: 3, axis: -1 },
  ])('tf.split($splits, axis $axis) equals cpu', async ({ splits, axis }) => {
    const compute = () =>
      tf.split(tf.tensor(randomInts(4 * 2 * 3, -50, 50, 12), [4, 2, 3], 'int32'), splits, axis);
    const cpu = await valuesOn('cpu', compute);
    const wasm = await valuesOn('wasm', compute);
    expect(wasm.map((t) => t.shape)).toEqual(cpu.map((t) => t.shape));
    expect(wasm.map((t) => Array.from(t.values))).toEqual(cpu.map((t) => Array.from(t.values)));
  });

  it('leaves string tensors to the stock kernels', async () => {
    await tf.setBackend('wasm');
    const words = tf.tensor(['a', 'b', 'c', 'd'], [2, 2], 'string');
    const row = tf.slice(words, [1, 0], [1, 2]);
    const columns = tf.unstack(words, 1);
    expect(row.arraySync()).toEqual([['c', 'd']]);
    expect(columns.map((column) => column.arraySync())).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    tf.dispose([words, row, ...columns]);
  });

  it('gives slice and unstack gradients equal to cpu', async () => {
    const compute = () => {
      const x = tf.tensor(randomFloats(24, 13), [3, 2, 4]);
      const weights = tf.tensor(randomFloats(8, 14), [2, 4]);
      return tf.grad((input: tf.Tensor) => {
        const steps = tf.unstack(input);
        return tf.addN([tf.sum(tf.mul(steps[2]!, weights)), tf.sum(tf.slice(input, [0, 1, 1], [2, 1, 2]))]);
      })(x);
    };
    const [cpu] = await valuesOn('cpu', compute);
    const [wasm] = await valuesOn('wasm', compute);
    expect(Array.from(wasm!.values)).toEqual(Array.from(cpu!.values));
  });

  it('leaves no tensor or heap allocation behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomFloats(24, 15), [2, 3, 4]);
    const run = () => {
      tf.dispose(tf.unstack(x, 1));
      tf.dispose(tf.split(x, 2, 2));
      tf.slice(x, [1, 1, 0], [1, 2, 4]).dispose();
    };
    run();
    const tensors = tf.memory().numTensors;
    const data = backendDataCount();
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataCount()).toBe(data);
    x.dispose();
  });
});
