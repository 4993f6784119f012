// Helpers shared by the backend tests: seeded random inputs, running one computation on a named backend.
// Test-only: not exported from the package entry.

import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// The Node (CJS) build of tfjs-core registers no gradients; tfjs-layers' Node build registers all of them.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` floats uniform in [-1, 1). */
export function randomFloats(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => random() * 2 - 1);
}

/** `count` integers uniform in [low, high). */
export function randomInts(count: number, low: number, high: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  return Int32Array.from({ length: count }, () => low + Math.floor(random() * (high - low)));
}

/** Switches to `backend`, runs `compute` and returns its tensors' values, disposing them. */
export async function valuesOn(
  backend: 'cpu' | 'wasm',
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array | Int32Array | Uint8Array }[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const result = tf.tidy(compute);
  const tensors = Array.isArray(result) ? result : [result];
  const values = tensors.map((tensor) => ({
    shape: tensor.shape,
    values: tensor.dataSync() as Float32Array | Int32Array | Uint8Array,
  }));
  tf.dispose(tensors);
  return values;
}

/** Largest absolute difference between two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDifference(left: ArrayLike<number>, right: ArrayLike<number>): number {
  if (left.length !== right.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < left.length; i++)
    worst = Math.max(worst, Math.abs((left[i] as number) - (right[i] as number)));
  return worst;
}

/** Tensors the current backend holds data for, temporaries inside kernels included. */
export function backendDataCount(): number {
  return tf.engine().backend.numDataIds();
}
