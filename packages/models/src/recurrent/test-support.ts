// Helpers shared by the recurrent-core tests: backend switching, seeded tensors, closeness measures.
// Test-only: not exported from the package entry.

import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node build registers no gradients (AddN, Reshape, SplitV, ...); tfjs-layers' Node build registers them all.
import '@tensorflow/tfjs-layers';
import { SeededRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';

/** The backends every recurrent test runs on. */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** Switches the global tfjs backend and waits until it is ready. */
export async function useBackend(backend: (typeof TEST_BACKENDS)[number]): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
}

/** A float32 tensor of `shape` with values uniform in [−scale, scale), seeded. */
export function randomTensor<R extends tf.Rank = tf.Rank>(
  shape: readonly number[],
  seed: number,
  scale = 1,
): tf.Tensor<R> {
  const rng = new SeededRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => (2 * rng.nextFloat() - 1) * scale);
  return tf.tensor(values, [...shape] as tf.ShapeMap[R], 'float32');
}

/** Largest |a − b| over two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs((a[k] as number) - (b[k] as number)));
  return worst;
}

/** Largest |a − b| / max(1, |b|): relative where `b` is large, absolute where it is small. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const expected = b[k] as number;
    worst = Math.max(worst, Math.abs((a[k] as number) - expected) / Math.max(1, Math.abs(expected)));
  }
  return worst;
}

/** Reads a tensor's values synchronously as float32. */
export function values(tensor: tf.Tensor): Float32Array {
  return tensor.dataSync() as Float32Array;
}
