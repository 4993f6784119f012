// Registers TensorFlow.js's gradient functions, which tfjs-core never registers by itself (the `@tensorflow/tfjs`
// union package and tfjs-layers do); without them `tf.grad` fails with "gradient function not found for Sum".
// Loads tfjs-layers once, dynamically, when a backend is initialised: no side effect at import time.

let loading: Promise<void> | undefined;

/**
 * Makes sure every tfjs-core op has its gradient registered, by loading `@tensorflow/tfjs-layers` (a peer
 * dependency) once. {@link initBackend} calls it; call it yourself only if you set a backend without it.
 */
export function ensureGradients(): Promise<void> {
  loading ??= import('@tensorflow/tfjs-layers').then(() => undefined);
  return loading;
}
