// Prints one JSON line: chars/s of one training step (forward + hand-written BPTT + SGD update) of the recurrent
// core for a 2x256 LSTM, batch 32, seq 64, vocab 83, one-hot input — with stock wasm kernels and with the kernel
// fixes, measured in the same run. A precursor of `bench:train` (which will add tfjs-layers and the full engine).
// Usage: node packages/models/dist/scripts/step-throughput.js [steps] [lstm|gru|rnn]

import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/init-backend.js';
import { registerWasmKernelFixes, removeWasmKernelFixes } from '../src/backend/wasm-kernel-fixes.js';
import type { CellType } from '../src/recurrent/cell-spec.js';
import { RecurrentNetwork } from '../src/recurrent/recurrent-network.js';

const STEPS = Number(process.argv[2] ?? 6);
const CELL = (process.argv[3] ?? 'lstm') as CellType;
const [TIME, BATCH, VOCAB, HIDDEN, LAYERS] = [64, 32, 83, 256, 2];

/** Matmul FLOPs of one step: per layer x·W, h·U forward; dW, dU, dh (and dx above the one-hot layer); dense. */
function flopsPerStep(gates: number): number {
  const rows = TIME * BATCH;
  let flops = 0;
  for (let layer = 0; layer < LAYERS; layer++) {
    const inSize = layer === 0 ? VOCAB : HIDDEN;
    flops +=
      2 * rows * inSize * gates * HIDDEN * (layer === 0 ? 2 : 3) + 2 * rows * HIDDEN * gates * HIDDEN * 3;
  }
  return flops + 3 * 2 * rows * HIDDEN * VOCAB;
}

function measure(): { charsPerSec: number; gflops: number; finalLoss: number; tensorLeakPerStep: number } {
  const network = new RecurrentNetwork({
    cell: CELL,
    vocabSize: VOCAB,
    hiddenSize: HIDDEN,
    numLayers: LAYERS,
    seed: 1,
  });
  const ids = tf.tensor2d(
    Int32Array.from({ length: TIME * BATCH }, (_, k) => (k * 7919) % VOCAB),
    [TIME, BATCH],
    'int32',
  ); // [time, batch]
  const targets = tf.oneHot(
    tf.tensor1d(
      Int32Array.from({ length: TIME * BATCH }, (_, k) => (k * 104729) % VOCAB),
      'int32',
    ),
    VOCAB,
  ); // [time·batch, vocab]
  const optimizer = tf.train.sgd(0.01);
  const step = (): number => {
    const { value, grads } = tf.variableGrads(() => {
      const { logits } = network.apply(ids, {}); // [time, batch, vocab]
      return tf.losses.softmaxCrossEntropy(targets, tf.reshape(logits, [-1, VOCAB])) as tf.Scalar;
    }, network.variables);
    optimizer.applyGradients(grads);
    const loss = value.dataSync()[0] ?? Number.NaN;
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
  step();
  const before = tf.memory().numTensors;
  const times: number[] = [];
  let finalLoss = Number.NaN;
  for (let k = 0; k < STEPS; k++) {
    const start = performance.now();
    finalLoss = step();
    times.push(performance.now() - start);
  }
  const leak = (tf.memory().numTensors - before) / STEPS;
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)] ?? Number.NaN;
  tf.dispose([ids, targets]);
  optimizer.dispose();
  network.dispose();
  const gates = CELL === 'lstm' ? 4 : CELL === 'gru' ? 3 : 1;
  return {
    charsPerSec: Math.round((TIME * BATCH * 1000) / medianMs),
    gflops: Number((flopsPerStep(gates) / 1e6 / medianMs).toFixed(1)),
    finalLoss: Number(finalLoss.toFixed(4)),
    tensorLeakPerStep: leak,
  };
}

const report = await initBackend('wasm');
removeWasmKernelFixes();
const stock = measure();
registerWasmKernelFixes();
const fixed = measure();
console.log(
  JSON.stringify({
    backend: report.backend,
    threads: report.wasm?.threads,
    cell: CELL,
    layers: LAYERS,
    hiddenSize: HIDDEN,
    batchSize: BATCH,
    sequenceLength: TIME,
    vocabSize: VOCAB,
    steps: STEPS,
    stockKernels: stock,
    withKernelFixes: fixed,
    node: process.version,
  }),
);
