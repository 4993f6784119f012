import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../errors.js';
import { type BackendName, initBackend, initBackendOn } from './init-backend.js';
import { isOverridden } from './kernel-override.js';
import { WASM_KERNEL_FIX_NAMES } from './wasm-kernel-fixes.js';

async function backendError(run: Promise<unknown>): Promise<BackendError> {
  const error = await run.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BackendError);
  return error as BackendError;
}

describe('initBackend in Node', () => {
  it("'auto' skips the native backends (not installed here) and picks wasm with the kernel fixes", async () => {
    const report = await initBackend();
    expect(report.requested).toBe('auto');
    expect(report.backend).toBe('wasm');
    expect(report.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.tried.map(({ name, ok }) => [name, ok])).toEqual([
      ['node-gpu', false],
      ['node', false],
      ['wasm', true],
    ]);
    expect(report.tried[0]?.reason).toMatch(/^not installed \(@tensorflow\/tfjs-node-gpu/);
    expect(report.tried[1]?.reason).toMatch(/^not installed \(@tensorflow\/tfjs-node /);
    expect(report.wasm).toEqual({
      threads: 1,
      simd: expect.any(Boolean),
      kernelFixes: [...WASM_KERNEL_FIX_NAMES],
    });
    expect(WASM_KERNEL_FIX_NAMES.every(isOverridden)).toBe(true);
  });

  it.each(['node', 'node-gpu'] as const)(
    "throws a BackendError naming '%s' when asked for it explicitly",
    async (name) => {
      const error = await backendError(initBackend(name));
      expect(error.backend).toBe(name);
      expect(error.reason).toMatch(/^not installed/);
      expect(error.message).toMatch(new RegExp(`^backend '${name}' could not be used: not installed`));
      expect(tf.getBackend()).toBe('wasm');
    },
  );

  it.each(['webgl', 'webgpu'] as const)("throws for '%s', which exists only in a browser", async (name) => {
    const error = await backendError(initBackend(name));
    expect(error.reason).toBe('only available in a browser');
  });

  it('rejects an unknown backend name', async () => {
    const error = await backendError(initBackend('tpu' as BackendName));
    expect(error.backend).toBe('tpu');
    expect(error.reason).toMatch(
      /unknown backend name; known: auto, node-gpu, node, wasm, cpu, webgl, webgpu/,
    );
  });

  it("switches to 'cpu' and back to 'wasm' when asked", async () => {
    const cpu = await initBackend('cpu');
    expect(cpu).toEqual({
      backend: 'cpu',
      tfBackend: 'cpu',
      requested: 'cpu',
      tried: [{ name: 'cpu', ok: true }],
    });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initBackend('wasm');
    expect(wasm.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('notes that wasm options cannot apply once wasm is initialised', async () => {
    const report = await initBackend('wasm', { wasmThreads: true });
    expect(report.tried).toEqual([
      {
        name: 'wasm',
        ok: true,
        reason: 'wasm was initialised before this call; wasmThreads/wasmPaths had no effect',
      },
    ]);
    expect(report.wasm?.threads).toBe(1);
  });
});

describe('the browser order, run in Node', () => {
  it('tries webgpu, then webgl, and says why each was skipped', async () => {
    const report = await initBackendOn('browser');
    expect(report.backend).toBe('wasm');
    expect(report.tried).toEqual([
      { name: 'webgpu', ok: false, reason: 'WebGPU is not available here (navigator.gpu is undefined)' },
      {
        name: 'webgl',
        ok: false,
        reason: expect.stringMatching(/^not installed \(@tensorflow\/tfjs-backend-webgl/),
      },
      { name: 'wasm', ok: true },
    ]);
  });

  it('refuses the Node-only backends', async () => {
    const error = await backendError(initBackendOn('browser', 'node'));
    expect(error.reason).toBe('only available in Node');
  });
});
