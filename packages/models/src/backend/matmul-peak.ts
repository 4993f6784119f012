// Measures matmul speed (GFLOP/s, median of timed runs after warm-up) on the current tfjs backend.
// Browser-safe (performance.now only); it does not pick or initialise a backend, the caller does.

import * as tf from '@tensorflow/tfjs-core';

/** One matmul `[m, k] x [k, n]`; with a transpose flag that operand is stored transposed (`[k, m]`, `[n, k]`). */
export interface MatmulCase {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

/** Gate matmuls of a char LSTM with hidden 256, batch 32, sequence 64, vocab 83 (4 gates: 1024 columns). */
export const LSTM_GATE_CASES: readonly MatmulCase[] = [
  { m: 32, k: 256, n: 1024 }, // one recurrent step: h [batch, hidden] x W_h
  { m: 2048, k: 83, n: 1024 }, // input projection of a whole sequence, one-hot input
  { m: 2048, k: 256, n: 1024 }, // input projection of layer 2 / weight gradient sized
];

/** Timing options of {@link measureMatmulGflops}. */
export interface MatmulTimingOptions {
  /** Timed runs; the median is reported (default 5). */
  readonly runs?: number;
  /** Untimed runs first (default 1). */
  readonly warmupRuns?: number;
  /** A run repeats the matmul until it has taken at least this long (default 100 ms), so tiny ones time well. */
  readonly minRunMs?: number;
}

/** Short label of a case, e.g. `2048x83x1024 tA`. */
export function matmulCaseLabel({ m, k, n, transposeA, transposeB }: MatmulCase): string {
  const flags = [transposeA ? 'tA' : '', transposeB ? 'tB' : ''].filter((flag) => flag !== '').join(' ');
  return flags === '' ? `${m}x${k}x${n}` : `${m}x${k}x${n} ${flags}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * GFLOP/s (2·m·k·n per matmul) of `tf.matMul` for one case on the current backend: the median over `runs` timed
 * runs, each running the matmul back to back for about `minRunMs` and waiting for the last result's data.
 * Operands are random normal; every tensor made is disposed.
 */
export async function measureMatmulGflops(
  matmulCase: MatmulCase,
  { runs = 5, warmupRuns = 1, minRunMs = 100 }: MatmulTimingOptions = {},
): Promise<number> {
  const { m, k, n, transposeA = false, transposeB = false } = matmulCase;
  const a = tf.randomNormal(transposeA ? [k, m] : [m, k]);
  const b = tf.randomNormal(transposeB ? [n, k] : [k, n]);
  // `count` matmuls back to back, waiting only for the last one's data (a GPU backend runs them in order).
  const batch = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const product = tf.matMul(a, b, transposeA, transposeB);
      if (i === count - 1) await product.data();
      product.dispose();
    }
  };
  try {
    for (let i = 0; i < warmupRuns; i++) await batch(1);
    // Repetitions per run, from one timed call, so that a run lasts about minRunMs.
    const start = performance.now();
    await batch(1);
    const single = Math.max(performance.now() - start, 1e-3);
    const repeats = Math.max(1, Math.ceil(minRunMs / single));
    const seconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      const runStart = performance.now();
      await batch(repeats);
      seconds.push((performance.now() - runStart) / 1000 / repeats);
    }
    return (2 * m * k * n) / median(seconds) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Result of {@link measureMatmulPeak}. */
export interface MatmulPeak {
  /** `tf.getBackend()` when measured. */
  readonly backend: string;
  /** The best of the cases' GFLOP/s. */
  readonly peakGflops: number;
  /** GFLOP/s per case, keyed by {@link matmulCaseLabel}. */
  readonly gflops: Record<string, number>;
}

/** Measures each case (default {@link LSTM_GATE_CASES}) on the current backend and reports the best as the peak. */
export async function measureMatmulPeak(
  cases: readonly MatmulCase[] = LSTM_GATE_CASES,
  timing: MatmulTimingOptions = {},
): Promise<MatmulPeak> {
  const gflops: Record<string, number> = {};
  let peakGflops = 0;
  for (const matmulCase of cases) {
    const value = await measureMatmulGflops(matmulCase, timing);
    gflops[matmulCaseLabel(matmulCase)] = value;
    peakGflops = Math.max(peakGflops, value);
  }
  return { backend: tf.getBackend(), peakGflops, gflops };
}
