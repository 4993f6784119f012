// Picks and initialises a TensorFlow.js backend, trying the fastest first and reporting why others were skipped.
// It never needs the optional backends installed (native tfjs-node, webgl, webgpu load by a variable specifier).

import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';
import { ensureGradients } from './gradients.js';
import { importOptional } from './optional-import.js';
import { registerWasmKernelFixes } from './wasm-kernel-fixes.js';

/** A backend {@link initBackend} can be asked for; `'auto'` tries them in order for the platform. */
export type BackendName = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/** A backend other than `'auto'`. */
export type ConcreteBackendName = Exclude<BackendName, 'auto'>;

/** Where the code runs, for the order `'auto'` follows. */
export type BackendPlatform = 'node' | 'browser';

/** The order `'auto'` tries backends in, per platform. */
export const AUTO_BACKEND_ORDER: Readonly<Record<BackendPlatform, readonly ConcreteBackendName[]>> = {
  node: ['node-gpu', 'node', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};

/** Options of {@link initBackend}; they matter only when the wasm backend is initialised by this call. */
export interface InitBackendOptions {
  /**
   * Use the multi-threaded wasm build (default false). tfjs never enables it in Node on its own, and forced on it
   * was faster on an idle machine but collapsed when another process kept a core busy (ENVIRONMENT.md), so it is
   * opt-in. With tfjs-backend-wasm 4.22 it cannot start in Node at all (its pthread worker is a blob: URL, which
   * worker_threads refuses): the backend then retries single-threaded and the report says so. In a browser it needs
   * cross-origin isolation and is used only when tfjs detects support; it hangs in a minified Vite bundle.
   */
  readonly wasmThreads?: boolean;
  /** Threads for the threaded wasm build (tfjs's default: half the logical cores). Needs `wasmThreads`. */
  readonly wasmThreadCount?: number;
  /** URL prefix or folder the `.wasm` binaries are served from (tfjs `setWasmPaths`); not needed in plain Node. */
  readonly wasmPaths?: string;
}

/** One backend tried, and if it was skipped, why. */
export interface BackendAttempt {
  readonly name: ConcreteBackendName;
  readonly ok: boolean;
  /** Why it was skipped; on success, a note when an option could not be applied. */
  readonly reason?: string;
}

/** Details of the wasm backend when it was chosen. */
export interface WasmBackendDetails {
  /** Threads XNNPACK uses (1 without the threaded build). */
  readonly threads: number;
  readonly simd: boolean;
  /** Kernel fixes registered (see {@link registerWasmKernelFixes}). */
  readonly kernelFixes: string[];
}

/** What {@link initBackend} chose and why. */
export interface BackendReport {
  /** The backend in use, as {@link BackendName} names it. */
  readonly backend: ConcreteBackendName;
  /** TensorFlow.js's own name for it (`tf.getBackend()`; `'tensorflow'` for the native ones). */
  readonly tfBackend: string;
  readonly requested: BackendName;
  /** Backends tried, in order, the chosen one last. */
  readonly tried: BackendAttempt[];
  /** Present when the backend is wasm. */
  readonly wasm?: WasmBackendDetails;
}

interface Candidate {
  /** TensorFlow.js's registered backend name. */
  readonly tfName: string;
  readonly platform: BackendPlatform | 'any';
  /** Imports the package that registers the backend; returns why it failed, or undefined. */
  readonly load: () => Promise<string | undefined>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadOptional(specifier: string): Promise<string | undefined> {
  const result = await importOptional(specifier);
  return result.ok ? undefined : result.reason;
}

const CANDIDATES: Readonly<Record<ConcreteBackendName, Candidate>> = {
  'node-gpu': {
    tfName: 'tensorflow',
    platform: 'node',
    load: () => loadOptional('@tensorflow/tfjs-node-gpu'),
  },
  node: { tfName: 'tensorflow', platform: 'node', load: () => loadOptional('@tensorflow/tfjs-node') },
  wasm: {
    tfName: 'wasm',
    platform: 'any',
    load: async () => {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        return undefined;
      } catch (error) {
        return `@tensorflow/tfjs-backend-wasm failed to load: ${errorMessage(error)}`;
      }
    },
  },
  cpu: {
    tfName: 'cpu',
    platform: 'any',
    load: async () => {
      try {
        await import('@tensorflow/tfjs-backend-cpu');
        return undefined;
      } catch (error) {
        return `@tensorflow/tfjs-backend-cpu failed to load: ${errorMessage(error)}`;
      }
    },
  },
  webgl: { tfName: 'webgl', platform: 'browser', load: () => loadOptional('@tensorflow/tfjs-backend-webgl') },
  webgpu: {
    tfName: 'webgpu',
    platform: 'browser',
    load: async () => {
      const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
      if (gpu === undefined) return 'WebGPU is not available here (navigator.gpu is undefined)';
      return loadOptional('@tensorflow/tfjs-backend-webgpu');
    },
  },
};

/** The platform this code runs on, as tfjs sees it. */
export function currentPlatform(): BackendPlatform {
  return tf.env().getBool('IS_NODE') ? 'node' : 'browser';
}

function wasmInitialised(): boolean {
  return tf.engine().registry['wasm'] !== undefined;
}

/**
 * Sets thread and path options of the wasm backend before it initialises. Returns notes on what could not be
 * applied (the backend was initialised earlier, or this tfjs version lacks the flag).
 */
async function configureWasm(options: InitBackendOptions, platform: BackendPlatform): Promise<string[]> {
  const { wasmThreads = false, wasmThreadCount, wasmPaths } = options;
  if (wasmInitialised()) {
    const asked =
      options.wasmThreads !== undefined || wasmThreadCount !== undefined || wasmPaths !== undefined;
    return asked ? ['wasm was initialised before this call; wasmThreads/wasmPaths had no effect'] : [];
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const notes: string[] = [];
  if (wasmPaths !== undefined) {
    try {
      wasm.setWasmPaths(wasmPaths);
    } catch (error) {
      notes.push(`wasmPaths could not be set: ${errorMessage(error)}`);
    }
  }
  try {
    // tfjs reads this flag once, when the backend initialises; its own detector always says false in Node.
    if (!wasmThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else if (platform === 'node') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  } catch (error) {
    notes.push(`WASM_HAS_MULTITHREAD_SUPPORT could not be set: ${errorMessage(error)}`);
  }
  if (wasmThreads && wasmThreadCount !== undefined) wasm.setThreadsCount(wasmThreadCount);
  return notes;
}

async function wasmDetails(kernelFixes: string[]): Promise<WasmBackendDetails> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { threads: wasm.getThreadsCount(), simd, kernelFixes };
}

/** Tries one backend: load its package, configure, `tf.setBackend`. Returns the attempt (ok or why not). */
async function tryBackend(
  name: ConcreteBackendName,
  platform: BackendPlatform,
  options: InitBackendOptions,
): Promise<BackendAttempt> {
  const candidate = CANDIDATES[name];
  if (candidate.platform !== 'any' && candidate.platform !== platform) {
    const where = candidate.platform === 'node' ? 'in Node' : 'in a browser';
    return { name, ok: false, reason: `only available ${where}` };
  }
  if (tf.findBackendFactory(candidate.tfName) === null) {
    const failure = await candidate.load();
    if (failure !== undefined) return { name, ok: false, reason: failure };
    if (tf.findBackendFactory(candidate.tfName) === null) {
      return {
        name,
        ok: false,
        reason: `its package loaded but registered no '${candidate.tfName}' backend`,
      };
    }
  }
  const forcedThreads =
    name === 'wasm' && !wasmInitialised() && options.wasmThreads === true && platform === 'node';
  const notes: string[] = [];
  if (name === 'wasm') notes.push(...(await configureWasm(options, platform)));
  let failure = await setBackend(candidate.tfName);
  if (failure !== undefined && forcedThreads) {
    // tfjs 4.22 hands worker_threads a blob: URL for the pthread worker, which Node refuses: run single-threaded.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    failure = await setBackend(candidate.tfName);
    notes.push('the threaded wasm build failed to start in Node, so wasm runs single-threaded');
  }
  if (failure !== undefined) return { name, ok: false, reason: failure };
  await tf.ready();
  return notes.length === 0 ? { name, ok: true } : { name, ok: true, reason: notes.join('; ') };
}

/** `tf.setBackend`, returning why it failed or undefined. */
async function setBackend(tfName: string): Promise<string | undefined> {
  try {
    if (await tf.setBackend(tfName)) return undefined;
    return 'initialisation failed (TensorFlow.js logged the error as a warning)';
  } catch (error) {
    return `initialisation failed: ${errorMessage(error)}`;
  }
}

function isBackendName(name: unknown): name is BackendName {
  return name === 'auto' || (typeof name === 'string' && Object.hasOwn(CANDIDATES, name));
}

/**
 * {@link initBackend} for a given platform's order (what `initBackend` calls with the detected platform; a test can
 * run the browser order in Node).
 */
export async function initBackendOn(
  platform: BackendPlatform,
  name: BackendName = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  if (!isBackendName(name)) {
    throw new BackendError({
      backend: String(name),
      reason: `unknown backend name; known: auto, ${Object.keys(CANDIDATES).join(', ')}`,
    });
  }
  const order = name === 'auto' ? AUTO_BACKEND_ORDER[platform] : [name];
  const tried: BackendAttempt[] = [];
  for (const candidate of order) {
    const attempt = await tryBackend(candidate, platform, options);
    tried.push(attempt);
    if (!attempt.ok) continue;
    await ensureGradients();
    const report = { backend: candidate, tfBackend: tf.getBackend(), requested: name, tried };
    if (candidate !== 'wasm') return report;
    return { ...report, wasm: await wasmDetails(registerWasmKernelFixes().registered) };
  }
  const reason =
    name === 'auto'
      ? tried.map((attempt) => `${attempt.name}: ${attempt.reason ?? 'failed'}`).join('; ')
      : (tried[0]?.reason ?? 'failed');
  throw new BackendError({ backend: name, reason });
}

/**
 * Initialises a TensorFlow.js backend and makes it current. `'auto'` tries, in Node, `node-gpu`
 * (@tensorflow/tfjs-node-gpu), `node` (@tensorflow/tfjs-node), `wasm`, `cpu`; in a browser `webgpu`, `webgl`,
 * `wasm`, `cpu`. The native and GPU backends are optional packages loaded dynamically (install them, or import them
 * yourself before calling, to use them); the report says why each one skipped was skipped. When wasm is chosen,
 * {@link registerWasmKernelFixes} runs before this returns; gradients are registered for every backend
 * ({@link ensureGradients}).
 *
 * @throws BackendError when a backend named explicitly cannot be used (or, for `'auto'`, none can).
 */
export async function initBackend(
  name: BackendName = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  return initBackendOn(currentPlatform(), name, options);
}
