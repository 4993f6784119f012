import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isOverridden, overrideWasmKernel, restoreWasmKernel } from './kernel-override.js';
import { maxAbsDifference, valuesOn } from './test-helpers.js';
import {
  registerWasmKernelFixes,
  removeWasmKernelFixes,
  WASM_KERNEL_FIX_NAMES,
} from './wasm-kernel-fixes.js';

describe('registerWasmKernelFixes', () => {
  it('works when registered before the wasm backend initialises (the stock setup functions still run)', async () => {
    expect(tf.engine().registry['wasm']).toBeUndefined();
    expect(registerWasmKernelFixes()).toEqual({ registered: [...WASM_KERNEL_FIX_NAMES], skipped: [] });
    const compute = () => {
      const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tf.tensor2d([1, 0, -1, 2, 0.5, 3], [2, 3]);
      return [tf.matMul(a, b, false, true), tf.matMul(a, b, true, false), tf.matMul(b, tf.transpose(a))];
    };
    const wasm = await valuesOn('wasm', compute);
    const cpu = await valuesOn('cpu', compute);
    wasm.forEach((result, i) => {
      expect(maxAbsDifference(result.values, cpu[i]!.values)).toBeLessThan(1e-6);
    });
  });

  it('is idempotent: a second call keeps the same kernels and reports them all', () => {
    const before = WASM_KERNEL_FIX_NAMES.map((name) => tf.getKernel(name, 'wasm'));
    expect(registerWasmKernelFixes().registered).toEqual([...WASM_KERNEL_FIX_NAMES]);
    expect(WASM_KERNEL_FIX_NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(before);
    expect(WASM_KERNEL_FIX_NAMES.every(isOverridden)).toBe(true);
  });

  it('removeWasmKernelFixes puts the stock kernels back, and they can be fixed again', () => {
    removeWasmKernelFixes();
    expect(removeWasmKernelFixes().restored).toEqual([]);
    expect(WASM_KERNEL_FIX_NAMES.some(isOverridden)).toBe(false);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
    expect(stockMatMul).toBeDefined();
    registerWasmKernelFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stockMatMul);
    removeWasmKernelFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul);
    registerWasmKernelFixes();
  });

  it('skips, with the reason, a fix whose stock kernel is not registered', () => {
    const outcome = overrideWasmKernel('NoSuchKernel', () => () => [], { requiresOriginal: true });
    expect(outcome).toEqual({
      installed: false,
      reason: expect.stringMatching(/no 'NoSuchKernel' kernel is registered for 'wasm'/),
    });
    expect(tf.getKernel('NoSuchKernel', 'wasm')).toBeUndefined();
    expect(restoreWasmKernel('NoSuchKernel')).toBe(false);
  });

  it('leaves the cpu backend kernels alone', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu')?.backendName).toBe('cpu');
    const cpuMatMul = tf.getKernel('BatchMatMul', 'cpu');
    registerWasmKernelFixes();
    expect(tf.getKernel('BatchMatMul', 'cpu')).toBe(cpuMatMul);
  });
});
