import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../recurrent/test-support.js';
import { clipByGlobalNorm, clipFactor, globalNorm } from './clipping.js';

describe('gradient clipping by global norm (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  it('computes the norm over all gradients together and scales them to the cap (hand values)', () => {
    // √(3² + 4² + 12²) = 13; capped at 5 every gradient is multiplied by 5/13.
    const gradients = [tf.tensor1d([3, 4]), tf.tensor2d([[12]])];
    const norm = globalNorm(gradients);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
    norm.dispose();
    const before = tf.memory().numTensors;
    const { clipped, norm: measured } = clipByGlobalNorm(gradients, 5);
    expect(measured).toBeCloseTo(13, 5);
    expect(Array.from(clipped[0]?.dataSync() ?? [])).toEqual([
      expect.closeTo(15 / 13, 6),
      expect.closeTo(20 / 13, 6),
    ]);
    expect(clipped[1]?.dataSync()[0]).toBeCloseTo(60 / 13, 5);
    const after = globalNorm(clipped);
    expect(after.dataSync()[0]).toBeCloseTo(5, 5);
    after.dispose();
    for (const t of clipped) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const g of gradients) g.dispose();
  });

  it('leaves gradients under the cap alone, and 0 turns clipping off', () => {
    expect(clipFactor(4, 5)).toBe(1);
    expect(clipFactor(13, 5)).toBeCloseTo(5 / 13, 12);
    expect(clipFactor(1e6, 0)).toBe(1);
    const gradients = [tf.tensor1d([3, 4])];
    const { clipped, norm } = clipByGlobalNorm(gradients, 0);
    expect(norm).toBeCloseTo(5, 5);
    expect(Array.from(clipped[0]?.dataSync() ?? [])).toEqual([3, 4]);
    for (const t of [...clipped, ...gradients]) t.dispose();
  });
});
