// Registers this package's fixes for gaps in tfjs-backend-wasm 4.22 as 'wasm' kernels, and takes them back out.
// Only the kernel registry changes (no fork, no patched node_modules); other backends are untouched.

import { type KernelFuncFactory, overrideWasmKernel, restoreWasmKernel } from './kernel-override.js';
import { sliceKernel, splitKernel, unpackKernel } from './slice-copy.js';
import { transposeFirst } from './transposed-matmul.js';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum.js';

interface KernelFix {
  readonly kernelName: string;
  readonly build: KernelFuncFactory;
  /** False for a kernel the stock backend lacks, which is registered from scratch. */
  readonly requiresOriginal: boolean;
}

const FIXES: readonly KernelFix[] = [
  { kernelName: 'UnsortedSegmentSum', build: () => unsortedSegmentSumKernel, requiresOriginal: false },
  {
    kernelName: 'BatchMatMul',
    build: (original) => transposeFirst(original, { allowSwap: true }),
    requiresOriginal: true,
  },
  {
    kernelName: '_FusedMatMul',
    build: (original) => transposeFirst(original, { allowSwap: false }),
    requiresOriginal: true,
  },
  { kernelName: 'Slice', build: sliceKernel, requiresOriginal: true },
  { kernelName: 'Unpack', build: unpackKernel, requiresOriginal: true },
  { kernelName: 'SplitV', build: splitKernel, requiresOriginal: true },
];

/** Names of the 'wasm' kernels {@link registerWasmKernelFixes} replaces or adds. */
export const WASM_KERNEL_FIX_NAMES: readonly string[] = FIXES.map((fix) => fix.kernelName);

/** Result of {@link registerWasmKernelFixes}. */
export interface WasmKernelFixReport {
  /** Kernels that carry a fix now (including ones registered by an earlier call). */
  readonly registered: string[];
  /** Kernels left alone, with why (the wasm backend's own kernel was not registered yet). */
  readonly skipped: { readonly kernelName: string; readonly reason: string }[];
}

/**
 * Registers fixes for tfjs-backend-wasm 4.22 on the 'wasm' backend:
 * - `UnsortedSegmentSum`, missing there, so the gradient of `tf.gather` (an embedding) works;
 * - `BatchMatMul` and `_FusedMatMul` with `transposeA`/`transposeB`, 10-25x slower than plain there: the operands
 *   are transposed first and the plain kernel runs;
 * - `Slice`, `Unpack` (tf.unstack), `SplitV` (tf.split), which there copy the whole input for every output: they
 *   copy only what is taken.
 *
 * Import `@tensorflow/tfjs-backend-wasm` first (its kernels are the ones wrapped); the backend itself may be
 * initialised before or after. Idempotent. {@link initBackend} calls this when it picks wasm.
 */
export function registerWasmKernelFixes(): WasmKernelFixReport {
  const registered: string[] = [];
  const skipped: { kernelName: string; reason: string }[] = [];
  for (const { kernelName, build, requiresOriginal } of FIXES) {
    const outcome = overrideWasmKernel(kernelName, build, { requiresOriginal });
    if (outcome.installed) registered.push(kernelName);
    else skipped.push({ kernelName, reason: outcome.reason });
  }
  return { registered, skipped };
}

/** Puts the stock wasm kernels back (removing `UnsortedSegmentSum`); for benchmarks against stock tfjs. */
export function removeWasmKernelFixes(): { restored: string[] } {
  return {
    restored: FIXES.map((fix) => fix.kernelName).filter((kernelName) => restoreWasmKernel(kernelName)),
  };
}
