// Prints one JSON line (`bench:train`): training speed of a 2x256 char LSTM (batch 32, seq 64, Moby Dick vocab) through
// the real train() engine, tfjs-layers on stock wasm kernels, and the matmul peak, all measured in one run.
// Usage: node packages/models/dist/scripts/train-bench.js [--steps N] [--layers-batches N] [--backend wasm|cpu]

import { contiguousStreams, splitContiguous, type TokenBatch } from '@charloom/data';
import { loadCorpus } from '@charloom/data/node';
import { CharVocab } from '@charloom/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, initBackend } from '../src/backend/init-backend.js';
import { measureMatmulPeak } from '../src/backend/matmul-peak.js';
import { registerWasmKernelFixes, removeWasmKernelFixes } from '../src/backend/wasm-kernel-fixes.js';
import { CharLanguageModel } from '../src/lm/char-language-model.js';
import { train } from '../src/training/train.js';

const TARGETS = { engineCharsPerSec: 5000, speedupOverLayers: 15, fractionOfPeak: 0.5 };
const [HIDDEN, LAYERS, BATCH, TIME, LEARNING_RATE] = [256, 2, 32, 64, 2e-3];
const ENGINE_WARMUP_STEPS = 3;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const ENGINE_STEPS = Number(argument('steps', '20'));
const LAYERS_BATCHES = Number(argument('layers-batches', '2'));
const BACKEND = argument('backend', 'wasm') as BackendName;

/**
 * Matmul FLOPs of one training step of an LSTM stack with one-hot input: per layer the input projection x·W and
 * the recurrent h·U forward, their weight gradients dW, dU, the recurrent dh and (above the one-hot layer) dx; the
 * dense output layer forward, dW and dx. Elementwise work, the softmax and the optimizer are not counted.
 */
function flopsPerStep(vocabSize: number): number {
  const rows = TIME * BATCH;
  const gates = 4 * HIDDEN;
  let flops = 0;
  for (let layer = 0; layer < LAYERS; layer++) {
    const inSize = layer === 0 ? vocabSize : HIDDEN;
    flops += 2 * rows * inSize * gates * (layer === 0 ? 2 : 3) + 2 * rows * HIDDEN * gates * 3;
  }
  return flops + 3 * 2 * rows * HIDDEN * vocabSize;
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The engine: `train()` on the Moby Dick train split, adam, clip 5, streams, no evaluation while timed. */
async function measureEngine(
  trainIds: Int32Array,
  valIds: Int32Array,
  vocabSize: number,
): Promise<{
  charsPerSec: number;
  medianStepMs: number;
  meanStepMs: number;
  finalLoss: number;
  leak: number;
}> {
  const model = new CharLanguageModel({
    cell: 'lstm',
    vocabSize,
    hiddenSize: HIDDEN,
    numLayers: LAYERS,
    seed: 1,
  });
  const stamps: number[] = [];
  let finalLoss = Number.NaN;
  let tensorsAtWarmup = 0;
  let tensorsAtEnd = 0;
  await train({
    network: model.network,
    train: trainIds,
    val: valIds,
    vocabSize,
    optimizer: { name: 'adam', learningRate: LEARNING_RATE },
    gradientClipNorm: 5,
    batchSize: BATCH,
    sequenceLength: TIME,
    batching: 'streams',
    evalEvery: 0,
    // train() always ends with one evaluation; one batch keeps it short (it runs after the timed steps).
    evalBatches: 1,
    maxSteps: ENGINE_WARMUP_STEPS + ENGINE_STEPS,
    onStep: ({ step, loss }) => {
      stamps.push(performance.now());
      finalLoss = loss;
      if (step === ENGINE_WARMUP_STEPS) tensorsAtWarmup = tf.memory().numTensors;
      if (step === ENGINE_WARMUP_STEPS + ENGINE_STEPS) tensorsAtEnd = tf.memory().numTensors;
    },
  });
  model.dispose();
  // stamps[k] is the end of step k + 1; the timed steps are those after the warm-up ones.
  const timed = stamps.slice(ENGINE_WARMUP_STEPS - 1);
  const stepMs = timed.slice(1).map((stamp, k) => stamp - (timed[k] as number));
  const totalMs = (timed.at(-1) as number) - (timed[0] as number);
  const sorted = [...stepMs].sort((a, b) => a - b);
  return {
    charsPerSec: (ENGINE_STEPS * BATCH * TIME * 1000) / totalMs,
    medianStepMs: sorted[Math.floor(sorted.length / 2)] as number,
    meanStepMs: totalMs / ENGINE_STEPS,
    finalLoss,
    leak: (tensorsAtEnd - tensorsAtWarmup) / ENGINE_STEPS,
  };
}

/** One-hot float32 `[batch, time, vocab]` of row-major ids (int32 one-hot then cast: wasm 4.22's float one-hot is wrong). */
function oneHotBatch(ids: Int32Array, vocabSize: number): tf.Tensor3D {
  return tf.tidy(
    () => tf.cast(tf.oneHot(tf.tensor2d(ids, [BATCH, TIME], 'int32'), vocabSize), 'float32') as tf.Tensor3D,
  );
}

/**
 * tfjs-layers, same sizes, on whatever kernels are registered: `trainOnBatch` after one warm-up batch. The recurrent
 * initializer is glorotUniform, not the default orthogonal one, which needs tfjs-core's chained ops (not loaded by
 * tfjs-core alone) and only changes the starting weights, not the speed.
 */
async function measureLayers(
  trainIds: Int32Array,
  vocabSize: number,
): Promise<{ charsPerSec: number; stepMs: number[]; finalLoss: number }> {
  const model = tfl.sequential();
  model.add(
    tfl.layers.lstm({
      units: HIDDEN,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      recurrentInitializer: 'glorotUniform',
      inputShape: [TIME, vocabSize],
    }),
  );
  model.add(
    tfl.layers.lstm({
      units: HIDDEN,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      recurrentInitializer: 'glorotUniform',
    }),
  );
  model.add(
    tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: vocabSize, activation: 'softmax' }) }),
  );
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy' });
  const batcher = contiguousStreams(trainIds, { batchSize: BATCH, sequenceLength: TIME });
  const runBatch = async (batch: TokenBatch): Promise<number> => {
    const inputs = oneHotBatch(batch.inputs, vocabSize);
    const targets = oneHotBatch(batch.targets, vocabSize);
    const loss = await model.trainOnBatch(inputs, targets);
    tf.dispose([inputs, targets]);
    return Array.isArray(loss) ? (loss[0] as number) : loss;
  };
  await runBatch(batcher.nextBatch());
  const stepMs: number[] = [];
  let finalLoss = Number.NaN;
  for (let k = 0; k < LAYERS_BATCHES; k++) {
    const batch = batcher.nextBatch();
    const start = performance.now();
    finalLoss = await runBatch(batch);
    stepMs.push(performance.now() - start);
  }
  model.dispose();
  const totalMs = stepMs.reduce((sum, ms) => sum + ms, 0);
  return { charsPerSec: (LAYERS_BATCHES * BATCH * TIME * 1000) / totalMs, stepMs, finalLoss };
}

async function main(): Promise<void> {
  const report = await initBackend(BACKEND);
  const corpus = loadCorpus('moby-dick');
  const vocab = CharVocab.fromText(corpus.text);
  const split = splitContiguous(vocab.encodeInt32(corpus.text));
  const trainIds = Int32Array.from(split.train);
  const valIds = Int32Array.from(split.val);

  const peak = await measureMatmulPeak();
  const engine = await measureEngine(trainIds, valIds, vocab.size);
  const engineGflops = flopsPerStep(vocab.size) / 1e6 / engine.meanStepMs;

  const wasm = report.backend === 'wasm';
  if (wasm) removeWasmKernelFixes();
  const layers = await measureLayers(trainIds, vocab.size);
  if (wasm) registerWasmKernelFixes();

  const speedup = engine.charsPerSec / layers.charsPerSec;
  const fractionOfPeak = engineGflops / peak.peakGflops;
  const passes = {
    engineCharsPerSec: engine.charsPerSec >= TARGETS.engineCharsPerSec,
    speedupOverLayers: speedup >= TARGETS.speedupOverLayers,
    fractionOfPeak: fractionOfPeak >= TARGETS.fractionOfPeak,
  };
  console.log(
    JSON.stringify({
      backend: report.backend,
      threads: report.wasm?.threads ?? null,
      model: { cell: 'lstm', numLayers: LAYERS, hiddenSize: HIDDEN, input: 'one-hot', vocabSize: vocab.size },
      batchSize: BATCH,
      sequenceLength: TIME,
      engineCharsPerSec: Math.round(engine.charsPerSec),
      engineGflops: round(engineGflops),
      matmulPeakGflops: round(peak.peakGflops),
      layersCharsPerSec: round(layers.charsPerSec),
      speedupOverLayers: round(speedup),
      fractionOfPeak: round(fractionOfPeak, 3),
      targets: TARGETS,
      passes,
      pass: passes.engineCharsPerSec && passes.speedupOverLayers && passes.fractionOfPeak,
      engine: {
        via: 'train() (adam, clip 5, streams, no eval while timed)',
        warmupSteps: ENGINE_WARMUP_STEPS,
        timedSteps: ENGINE_STEPS,
        meanStepMs: round(engine.meanStepMs),
        medianStepMs: round(engine.medianStepMs),
        gflopPerStep: round(flopsPerStep(vocab.size) / 1e9, 2),
        finalLoss: round(engine.finalLoss, 4),
        tensorLeakPerStep: engine.leak,
      },
      layers: {
        via: 'tfjs-layers sequential lstm x2 + timeDistributed dense, trainOnBatch, stock kernels',
        kernels: wasm ? 'stock' : report.backend,
        warmupBatches: 1,
        timedBatches: LAYERS_BATCHES,
        stepMs: layers.stepMs.map((ms) => Math.round(ms)),
        finalLoss: round(layers.finalLoss, 4),
      },
      matmulGflops: Object.fromEntries(
        Object.entries(peak.gflops).map(([label, value]) => [label, round(value)]),
      ),
      node: process.version,
      command: `node packages/models/dist/scripts/train-bench.js ${process.argv.slice(2).join(' ')}`.trim(),
    }),
  );
}

await main();
