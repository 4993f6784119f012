import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';

// A file of its own: the wasm backend must not be initialised yet when the test starts.
describe('initBackend with wasmThreads in Node', () => {
  it('falls back to the single-threaded build, which tfjs-backend-wasm 4.22 cannot start in Node, and says so', async () => {
    expect(tf.engine().registry['wasm']).toBeUndefined();
    tf.env().set('IS_TEST', true); // silences tfjs's log of the expected failure of the threaded start
    const report = await initBackend('wasm', { wasmThreads: true });
    expect(report.tried).toEqual([
      {
        name: 'wasm',
        ok: true,
        reason: 'the threaded wasm build failed to start in Node, so wasm runs single-threaded',
      },
    ]);
    expect(report.wasm?.threads).toBe(1);
    const product = tf.matMul(tf.ones([2, 3]), tf.ones([2, 3]), false, true);
    expect(Array.from(product.dataSync())).toEqual([3, 3, 3, 3]);
    tf.dispose(product);
  });
});
