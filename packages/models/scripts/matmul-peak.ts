// Prints one JSON line: plain matmul GFLOP/s at LSTM-gate sizes on the backend initBackend picks, and on wasm the
// transposed variants and tf.unstack/tf.slice before and after the kernel fixes, measured in the same run.
// Usage: node packages/models/dist/scripts/matmul-peak.js [backend] [--threads]   (backend: auto, wasm, cpu, ...)

import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, initBackend } from '../src/backend/init-backend.js';
import { LSTM_GATE_CASES, type MatmulCase, measureMatmulPeak } from '../src/backend/matmul-peak.js';
import { registerWasmKernelFixes, removeWasmKernelFixes } from '../src/backend/wasm-kernel-fixes.js';

const TRANSPOSED_CASES: MatmulCase[] = LSTM_GATE_CASES.flatMap((matmulCase) => [
  { ...matmulCase, transposeA: true },
  { ...matmulCase, transposeB: true },
  { ...matmulCase, transposeA: true, transposeB: true },
]);

/** Median milliseconds of `work` over `runs` runs after one warm-up. */
function medianMs(work: () => void, runs = 7): number {
  work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(runs / 2)] as number;
}

/** Slicing a time-major sequence [time 64, batch 32, 1024] into steps, as a recurrent loop would. */
function sliceTimings(): { unstackMs: number; sliceLoopMs: number } {
  const sequence = tf.randomNormal([64, 32, 1024]);
  const unstackMs = medianMs(() => tf.dispose(tf.unstack(sequence)));
  const sliceLoopMs = medianMs(() => {
    for (let t = 0; t < 64; t++) tf.slice(sequence, [t, 0, 0], [1, 32, 1024]).dispose();
  });
  sequence.dispose();
  return { unstackMs, sliceLoopMs };
}

function rounded(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Math.round(value * 100) / 100]),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const requested = (args.find((arg) => !arg.startsWith('--')) ?? 'auto') as BackendName;
  const report = await initBackend(requested, { wasmThreads: args.includes('--threads') });
  const plain = await measureMatmulPeak(LSTM_GATE_CASES);
  const line: Record<string, unknown> = {
    backend: report.backend,
    threads: report.wasm?.threads ?? null,
    matmulPeakGflops: Math.round(plain.peakGflops * 100) / 100,
    plainGflops: rounded(plain.gflops),
  };
  const note = report.tried.at(-1)?.reason;
  if (note !== undefined) line['note'] = note;
  if (report.backend === 'wasm') {
    removeWasmKernelFixes();
    const stock = await measureMatmulPeak(TRANSPOSED_CASES);
    const stockSlices = sliceTimings();
    registerWasmKernelFixes();
    const fixed = await measureMatmulPeak(TRANSPOSED_CASES);
    const fixedSlices = sliceTimings();
    line['transposedStockGflops'] = rounded(stock.gflops);
    line['transposedFixedGflops'] = rounded(fixed.gflops);
    line['slicesStockMs'] = rounded(stockSlices);
    line['slicesFixedMs'] = rounded(fixedSlices);
  }
  console.log(JSON.stringify(line));
}

await main();
