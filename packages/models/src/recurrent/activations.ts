// Gate activations of the recurrent kernels and their derivatives written from the activation's output.
// Leaves out general activations (only what LSTM, GRU and RNN cells use: sigmoid, hard sigmoid, tanh).

import * as tf from '@tensorflow/tfjs-core';
import type { GateActivation } from './cell-spec.js';

/** Applies the gate activation elementwise. */
export function applyGate(kind: GateActivation, x: tf.Tensor): tf.Tensor {
  if (kind === 'sigmoid') return tf.sigmoid(x);
  return tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);
}

/**
 * d(gate)/d(pre-activation) from the gate's output `a`: a·(1 − a) for sigmoid; 0.2 where 0 < a < 1 and 0 where
 * the hard sigmoid is saturated (tfjs' clipByValue passes the gradient at the exact edges; those are measure zero).
 */
export function gateDerivative(kind: GateActivation, a: tf.Tensor): tf.Tensor {
  if (kind === 'sigmoid') return tf.sub(a, tf.square(a));
  return tf.mul(tf.cast(tf.logicalAnd(tf.greater(a, 0), tf.less(a, 1)), 'float32'), 0.2);
}

/** d(tanh)/d(pre-activation) from tanh's output `y`: 1 − y². */
export function tanhDerivative(y: tf.Tensor): tf.Tensor {
  return tf.sub(1, tf.square(y));
}
