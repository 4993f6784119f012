// Gradient clipping by global norm: the L2 norm over every gradient together, and the factor that caps it.
// Leaves out per-tensor and by-value clipping; the optimizer applies the factor (optimizers.ts).

import * as tf from '@tensorflow/tfjs-core';

/** `√(Σ_k Σ g_k²)` over all `gradients`, as a scalar tensor (the caller disposes it). */
export function globalNorm(gradients: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (gradients.length === 0) return tf.scalar(0);
    const sums = gradients.map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(tf.addN(sums)) as tf.Scalar;
  });
}

/**
 * The factor that brings a global norm down to `maxNorm`: `maxNorm / norm` when `norm > maxNorm`, else 1.
 * `maxNorm` 0 turns clipping off (always 1).
 */
export function clipFactor(norm: number, maxNorm: number): number {
  return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
}

/**
 * Scales `gradients` so that their global norm is at most `maxNorm` (0: unchanged copies). Returns new tensors and
 * the norm before clipping; the caller disposes the tensors.
 *
 * @example
 * ```ts
 * const { clipped, norm } = clipByGlobalNorm([tf.tensor([3, 4]), tf.tensor([12])], 5); // norm 13, scaled by 5/13
 * ```
 */
export function clipByGlobalNorm(
  gradients: readonly tf.Tensor[],
  maxNorm: number,
): { clipped: tf.Tensor[]; norm: number } {
  const normTensor = globalNorm(gradients);
  const norm = (normTensor.dataSync() as Float32Array)[0] as number;
  normTensor.dispose();
  const factor = clipFactor(norm, maxNorm);
  const clipped = gradients.map((g) => tf.tidy(() => tf.mul(g, factor)));
  return { clipped, norm };
}
