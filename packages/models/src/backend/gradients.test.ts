// ensureGradients registers tfjs-core's gradient functions without importing tfjs-layers at module load.
// Another test file may already have registered them in this worker, so this checks the outcome, not the absence.

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ensureGradients } from './gradients.js';
import { initBackend } from './init-backend.js';

describe('ensureGradients', () => {
  it('makes tf.grad work after initBackend, and is idempotent', async () => {
    await initBackend('cpu');
    await ensureGradients();
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)));
    expect(Array.from(gradient(tf.tensor1d([1, -2, 3])).dataSync())).toEqual([2, -4, 6]);
    expect(ensureGradients()).toBe(ensureGradients());
  });
});
