// runTraining: one call that trains a CharLanguageModel on a corpus into a run directory, fresh or resumed.
// Leaves out loading the corpus file and choosing the backend (the caller's), and printing (callbacks).

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { encodeText, splitContiguous } from '@charloom/data';
import type { CharVocab, TokenIdArray } from '@charloom/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { CHECKPOINT_FILES, type CheckpointParts } from '../checkpoint/checkpoint-format.js';
import type { JsonObject } from '../checkpoint/json-value.js';
import { CheckpointStore } from '../checkpoint/node/checkpoint-store.js';
import { METRICS_FILE } from '../checkpoint/node/metrics-log.js';
import { InvalidArgumentError } from '../errors.js';
import { CharLanguageModel, checkCharLanguageModelConfig } from '../lm/char-language-model.js';
import { train } from '../training/train.js';
import {
  type MetricsRecord,
  type ResolvedTrainOptions,
  resolveTrainOptions,
  type TrainOptions,
} from '../training/training-options.js';
import type { TrainingSnapshot } from '../training/training-snapshot.js';
import { checkResumeTarget } from './resume-check.js';
import { prepareFreshRun, trimMetrics } from './run-directory.js';
import { checkRunOptions, type RunTrainingOptions, type RunTrainingResult } from './run-options.js';
import { sampleText } from './sample-text.js';
import { snapshotToTrainingState, trainingStateToSnapshot } from './snapshot-codec.js';

function toInt32(ids: TokenIdArray): Int32Array {
  return ids instanceof Int32Array ? ids : Int32Array.from(ids);
}

function sha256OfTokens(ids: Int32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength))
    .digest('hex');
}

/** The resolved training options as the JSON a checkpoint keeps (no data, network, snapshot or callbacks). */
function trainingConfigJson(resolved: ResolvedTrainOptions): JsonObject {
  const config = {
    optimizer: resolved.optimizer,
    schedule: resolved.schedule,
    gradientClipNorm: resolved.gradientClipNorm,
    batchSize: resolved.batchSize,
    sequenceLength: resolved.sequenceLength,
    batching: resolved.batching,
    evalEvery: resolved.evalEvery,
    evalBatches: resolved.evalBatches,
    earlyStopping: resolved.earlyStopping ?? null,
    maxSteps: resolved.maxSteps ?? null,
    maxSeconds: resolved.maxSeconds ?? null,
    epochs: resolved.epochs ?? null,
    seed: resolved.seed,
    divergence: resolved.divergence,
    backend: tf.getBackend(),
  };
  return JSON.parse(JSON.stringify(config)) as JsonObject;
}

/** A metrics record as a JSON line: non-finite numbers (a NaN train loss before any step) become null. */
function metricsJson(record: MetricsRecord): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'number' && !Number.isFinite(value) ? null : (value as string | number);
  }
  return out;
}

function metricsSummary(snapshot: TrainingSnapshot): CheckpointParts['metrics'] {
  const m = snapshot.metrics;
  return {
    bestValLoss: snapshot.bestValLoss,
    steps: snapshot.step,
    trainingSeconds: snapshot.elapsedSeconds,
    epoch: snapshot.epoch,
    bestValBitsPerChar: m.bestEval?.valBitsPerChar ?? null,
    bestStep: m.bestEval?.step ?? null,
    lastValLoss: m.lastEval?.valLoss ?? null,
    lastTrainLoss: m.lastTrainLoss,
    smoothedTrainLoss: m.smoothedTrainLoss,
    evals: m.evals,
    trainCharacters: m.trainCharacters,
  } as CheckpointParts['metrics'];
}

/**
 * Trains a `CharLanguageModel` on `corpus` and keeps the run in `outDir`:
 * - the corpus is encoded (when given as text) and split contiguously (90/5/5 unless `corpus.fractions`); the
 *   model trains on the train part and is evaluated on the val part; the test part is left for `evaluateCheckpoint`;
 * - every snapshot `train()` emits (after each evaluation, and at the end or on abort) is written atomically to
 *   `<outDir>/last`, and to `<outDir>/best` when its validation loss is the lowest so far. A checkpoint holds the
 *   resolved model config, the vocabulary, the resolved training config (with the tfjs backend), the data
 *   (`corpus`, `length`, `boundaries`, `fractions`, `tokenSha256`), a metrics summary, the weights, and the
 *   optimizer slots, carried recurrent state, batcher position and RNG states (training-state files);
 * - every metrics record (each step, each evaluation) is appended to `<outDir>/metrics.jsonl` as it comes;
 * - `resume: true` continues `<outDir>/last` exactly (see `RunTrainingOptions.resume` for what must match; a
 *   mismatch throws `InvalidArgumentError` naming the field, e.g. `model.hiddenSize`); metrics lines written after
 *   that checkpoint (by a run that crashed or diverged) are dropped first;
 * - aborting `signal` writes the final state to `last/` and resolves with `stoppedBecause: 'aborted'`;
 * - a divergence throws `TrainingDivergedError` and leaves `last/` and `best/` as the last good checkpoint left them.
 *
 * The caller picks the backend first (`initBackend`). Throws `CheckpointError` when `<outDir>/last` cannot be read
 * on resume (code `not-found` when there is none) and `InvalidArgumentError` for bad options, or for a fresh run into
 * a directory that holds a checkpoint (unless `overwrite`).
 *
 * @example
 * ```ts
 * const text = await readTextFile('moby.txt');
 * const result = await runTraining({
 *   outDir: 'runs/moby', corpus: { name: 'moby-dick', text, vocab: CharVocab.fromText(text) },
 *   model: { cell: 'lstm', hiddenSize: 256, numLayers: 2, embeddingSize: 32 },
 *   training: { optimizer: { name: 'adam', learningRate: 2e-3 }, batchSize: 32, sequenceLength: 64, maxSteps: 5000 },
 *   signal: controller.signal, onStep: (s) => bar.update(s.step), onSample: (text) => console.log(text),
 * });
 * ```
 */
export async function runTraining(options: RunTrainingOptions): Promise<RunTrainingResult> {
  const o = checkRunOptions(options);
  const vocab: CharVocab = o.vocabulary;
  const vocabJson = vocab.toJSON();
  const tokenIds = toInt32(
    o.corpus.text !== undefined ? encodeText(vocab, o.corpus.text) : (o.corpus.tokenIds as TokenIdArray),
  );
  const split = splitContiguous(tokenIds, o.corpus.fractions);
  const { vocabSize: givenVocabSize, ...modelRest } = o.model;
  if (givenVocabSize !== undefined && givenVocabSize !== vocab.size) {
    throw new InvalidArgumentError({
      parameter: 'model.vocabSize',
      value: givenVocabSize,
      expected: `the vocabulary's size (${vocab.size}) or absent`,
    });
  }
  const modelConfig = checkCharLanguageModelConfig({ ...modelRest, vocabSize: vocab.size });
  const data: JsonObject = {
    corpus: o.corpus.name,
    length: split.length,
    boundaries: [...split.boundaries],
    fractions: { ...split.fractions },
    tokenSha256: sha256OfTokens(tokenIds),
  };

  const store = new CheckpointStore(o.outDir);
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    o.onWarning?.(message);
  };
  let saved: Awaited<ReturnType<CheckpointStore['loadLast']>> | undefined;
  if (o.resume) {
    saved = await store.loadLast();
    if (saved.trainingState === undefined) {
      throw new InvalidArgumentError({
        parameter: 'resume',
        value: true,
        expected: `false: ${store.lastDir} holds no training state to resume from`,
      });
    }
  } else {
    await prepareFreshRun(o.outDir, o.overwrite);
  }

  const model = new CharLanguageModel(modelConfig);
  try {
    const promptTokenIds =
      o.samplePrompt !== undefined ? vocab.encodeInt32(o.samplePrompt) : split.train.subarray(0, 1);
    let trainingConfig: JsonObject | undefined;
    let resumeFrom: TrainingSnapshot | undefined;

    const saveSnapshot = async (
      snapshot: TrainingSnapshot,
      info: { isBest: boolean; reason: 'eval' | 'final' },
    ): Promise<void> => {
      const parts: CheckpointParts = {
        modelConfig,
        vocab: vocabJson,
        weights: snapshot.weights,
        trainingConfig,
        data,
        metrics: metricsSummary(snapshot),
        trainingState: snapshotToTrainingState(snapshot),
      };
      await store.saveLast(parts);
      const dirs = [store.lastDir];
      if (info.isBest) {
        await store.saveBest(parts);
        dirs.push(store.bestDir);
      }
      await o.onCheckpoint?.({
        ...info,
        step: snapshot.step,
        valLoss: snapshot.metrics.lastEval?.valLoss ?? null,
        dirs,
      });
    };

    const trainOptions: TrainOptions = {
      ...o.training,
      network: model.network,
      train: split.train,
      val: split.val,
      vocabSize: vocab.size,
      ...(o.signal ? { signal: o.signal } : {}),
      onWarning: warn,
      onEval: o.onEval,
      onMetrics: async (record) => {
        await store.appendMetrics(metricsJson(record));
        await o.onMetrics?.(record);
      },
      onStep: async (report) => {
        await o.onStep?.(report);
        if (o.onSample && o.sampleEvery > 0 && report.step % o.sampleEvery === 0 && !o.signal?.aborted) {
          const text = await sampleText(model, vocab, {
            promptTokenIds,
            length: o.sampleLength,
            temperature: o.sampleTemperature,
            seed: (o.training.seed ?? 0) + report.step,
            signal: o.signal,
          });
          if (!o.signal?.aborted) await o.onSample(text, report.step);
        }
      },
      onCheckpoint: saveSnapshot,
    };
    const resolved = resolveTrainOptions(trainOptions);
    trainingConfig = trainingConfigJson(resolved);

    if (saved?.trainingState !== undefined) {
      for (const message of checkResumeTarget(
        saved,
        { modelConfig: { ...modelConfig }, vocab: vocabJson, data, trainingConfig },
        store.lastDir,
      )) {
        warn(message);
      }
      resumeFrom = trainingStateToSnapshot(saved.trainingState, saved.weights, {
        path: store.lastDir,
        file: CHECKPOINT_FILES.trainingState,
      });
      const dropped = await trimMetrics(o.outDir, resumeFrom.step);
      if (dropped > 0) {
        warn(
          `${join(o.outDir, METRICS_FILE)}: dropped ${dropped} line(s) written after step ${resumeFrom.step} ` +
            '(the checkpoint this run resumes from) or torn by a crash',
        );
      }
    }

    const result = await train({ ...trainOptions, ...(resumeFrom ? { resumeFrom } : {}) });
    return {
      ...result,
      warnings: [...warnings],
      outDir: o.outDir,
      lastDir: store.lastDir,
      bestDir: store.bestDir,
      metricsFile: join(o.outDir, METRICS_FILE),
      parameterCount: model.parameterCount,
      resumedFromStep: resumeFrom?.step ?? null,
      split: { boundaries: split.boundaries, length: split.length },
    };
  } finally {
    model.dispose();
  }
}
