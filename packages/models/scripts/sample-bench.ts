// Prints one JSON line: generation speed of a 2x256 LSTM (vocab 83) through @charloom/sampling's generate()
// (temperature 1, seeded) at batch 1 and 64, with the fast stepper and a same-run tfjs-ops baseline.
// Usage: node packages/models/dist/scripts/sample-bench.js [chars per row at batch 1] [backend]

import { generate, type NextTokenModel, type StepOutput } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/init-backend.js';
import { CharLanguageModel } from '../src/lm/char-language-model.js';
import type { RecurrentNetwork, RecurrentNetworkResult } from '../src/recurrent/recurrent-network.js';

const CHARS = Number(process.argv[2] ?? 4000);
const BACKEND = (process.argv[3] ?? 'wasm') as 'wasm' | 'cpu';
const [VOCAB, HIDDEN, LAYERS] = [83, 256, 2];
/** Matmul FLOPs per generated character: h·U of layer 0, [x, h]·[W; U] of layer 1, the output layer. */
const FLOPS_PER_CHAR = 2 * (HIDDEN * 4 * HIDDEN + 2 * HIDDEN * 4 * HIDDEN + HIDDEN * VOCAB);

/** The straightforward step: `network.apply` on a `[1, batch]` slice, the state carried as tensors. */
function opsBaseline(
  network: RecurrentNetwork,
): NextTokenModel<tf.Tensor2D[][] | null> & { release(): void } {
  let held: tf.Tensor[] = [];
  return {
    release: () => {
      tf.dispose(held);
      held = [];
    },
    vocabSize: VOCAB,
    initialState: () => null,
    async step(state, tokenIds): Promise<StepOutput<tf.Tensor2D[][]>> {
      const batch = tokenIds.length;
      const { logits, finalState } = tf.tidy(
        () =>
          network.apply(
            tf.tensor2d(tokenIds, [1, batch], 'int32'),
            state ? { initialState: state } : {},
          ) as unknown as tf.TensorContainer,
      ) as unknown as RecurrentNetworkResult;
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      if (state) tf.dispose(state.flat());
      held = finalState.flat();
      return { logits: values, state: finalState as tf.Tensor2D[][] };
    },
  };
}

/** Generated characters per second (all rows) of one `generate()` run. */
async function charsPerSec<S>(
  model: NextTokenModel<S>,
  batchSize: number,
  charsPerRow: number,
): Promise<number> {
  const options = { promptTokenIds: [1, 2, 3], config: { temperature: 1, seed: 7 }, batchSize };
  for await (const _ of generate(model, { ...options, maxLength: Math.min(50, charsPerRow) })) {
    // warm-up: builds the stepper and XNNPACK's packed weights
  }
  (model as { release?: () => void }).release?.();
  const start = performance.now();
  let count = 0;
  for await (const step of generate(model, { ...options, maxLength: charsPerRow }))
    count += step.tokenIds.length;
  (model as { release?: () => void }).release?.();
  return Math.round((count * 1000) / (performance.now() - start));
}

const report = await initBackend(BACKEND);
const model = new CharLanguageModel({
  cell: 'lstm',
  vocabSize: VOCAB,
  hiddenSize: HIDDEN,
  numLayers: LAYERS,
  seed: 1,
});
const baseline = opsBaseline(model.network);
const tensorsBefore = tf.memory().numTensors;
const batch1 = await charsPerSec(model, 1, CHARS);
const batch64 = await charsPerSec(model, 64, Math.max(50, Math.round(CHARS / 16)));
const baseline1 = await charsPerSec(baseline, 1, Math.round(CHARS / 4));
const baseline64 = await charsPerSec(baseline, 64, Math.max(50, Math.round(CHARS / 64)));
const tensorsAfter = tf.memory().numTensors;
model.dispose();
console.log(
  JSON.stringify({
    backend: report.backend,
    threads: report.wasm?.threads,
    cell: 'lstm',
    layers: LAYERS,
    hiddenSize: HIDDEN,
    vocabSize: VOCAB,
    batch1CharsPerSec: batch1,
    batch64CharsPerSec: batch64,
    baselineBatch1CharsPerSec: baseline1,
    baselineBatch64CharsPerSec: baseline64,
    batch1Gflops: Number(((batch1 * FLOPS_PER_CHAR) / 1e9).toFixed(1)),
    batch64Gflops: Number(((batch64 * FLOPS_PER_CHAR) / 1e9).toFixed(1)),
    tensorLeak: tensorsAfter - tensorsBefore,
    node: process.version,
  }),
);
