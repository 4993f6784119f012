// Replaces one kernel of the tfjs 'wasm' backend in TensorFlow.js's global kernel registry, keeping the original.
// It does not touch node_modules or the backend object: only tf.registerKernel / tf.unregisterKernel.

import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/** Marks a kernel config registered here; its value is the config it replaced (or null). Shared across copies. */
const ORIGINAL = Symbol.for('@charloom/models.wasm-kernel-fix.original');

type OverrideConfig = KernelConfig & { [ORIGINAL]?: KernelConfig | null };

/** Builds the replacement kernel function from the kernel it replaces (undefined when there was none). */
export type KernelFuncFactory = (original: KernelConfig | undefined) => KernelFunc;

/** Outcome of {@link overrideWasmKernel}. */
export type OverrideOutcome =
  | { readonly installed: true }
  | { readonly installed: false; readonly reason: string };

/** True when the kernel registered for 'wasm' under this name is one of ours. */
export function isOverridden(kernelName: string): boolean {
  const current = getKernel(kernelName, 'wasm') as OverrideConfig | undefined;
  return current !== undefined && current[ORIGINAL] !== undefined;
}

/**
 * Registers `build(original)` as the 'wasm' kernel `kernelName`. Idempotent: a kernel already replaced here is left
 * as it is. The original's `setupFunc`/`disposeFunc` are kept, so the original still works when the replacement
 * calls it, even if the backend initialises only later. With `requiresOriginal`, nothing is registered when no
 * original exists (the wasm package was not imported yet).
 */
export function overrideWasmKernel(
  kernelName: string,
  build: KernelFuncFactory,
  { requiresOriginal }: { readonly requiresOriginal: boolean },
): OverrideOutcome {
  const current = getKernel(kernelName, 'wasm') as OverrideConfig | undefined;
  if (current !== undefined && current[ORIGINAL] !== undefined) return { installed: true };
  if (current === undefined && requiresOriginal) {
    return {
      installed: false,
      reason: `no '${kernelName}' kernel is registered for 'wasm' (import @tensorflow/tfjs-backend-wasm first)`,
    };
  }
  const config: OverrideConfig = {
    kernelName,
    backendName: 'wasm',
    kernelFunc: build(current),
    [ORIGINAL]: current ?? null,
  };
  if (current?.setupFunc !== undefined) config.setupFunc = current.setupFunc;
  if (current?.disposeFunc !== undefined) config.disposeFunc = current.disposeFunc;
  if (current !== undefined) unregisterKernel(kernelName, 'wasm');
  registerKernel(config);
  return { installed: true };
}

/** Puts back the kernel an override replaced (or removes it when there was none). False when not overridden. */
export function restoreWasmKernel(kernelName: string): boolean {
  const current = getKernel(kernelName, 'wasm') as OverrideConfig | undefined;
  if (current === undefined || current[ORIGINAL] === undefined) return false;
  const original = current[ORIGINAL];
  unregisterKernel(kernelName, 'wasm');
  if (original !== null) registerKernel(original);
  return true;
}
