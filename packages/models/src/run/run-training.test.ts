import { mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitContiguous } from '@charloom/data';
import { CharVocab } from '@charloom/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../checkpoint/errors.js';
import { readCheckpoint } from '../checkpoint/node/read-checkpoint.js';
import { InvalidArgumentError } from '../errors.js';
import { CharLanguageModel } from '../lm/char-language-model.js';
import { useBackend } from '../recurrent/test-support.js';
import { TrainingDivergedError } from '../training/training-diverged-error.js';
import { evaluateCheckpoint } from './evaluate-checkpoint.js';
import { loadCharLanguageModel } from './load-model.js';
import type { RunTrainingOptions } from './run-options.js';
import { runTraining } from './run-training.js';

const TEXT = 'the cat sat on the mat. the dog ate the log. a cat and a dog met. '.repeat(6);
const VOCAB = CharVocab.fromText(TEXT);

let root: string;
let counter = 0;
beforeAll(async () => {
  await useBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'charloom-run-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function freshDir(): string {
  counter += 1;
  return join(root, `run-${counter}`);
}

/** A tiny run: 1-layer LSTM, hidden 8, embedding 4, dropout (so the dropout RNG matters), streams, adam. */
function options(
  outDir: string,
  maxSteps: number,
  overrides: Partial<RunTrainingOptions> = {},
): RunTrainingOptions {
  return {
    outDir,
    corpus: { name: 'tiny', text: TEXT, vocab: VOCAB.toJSON() },
    model: { cell: 'lstm', hiddenSize: 8, numLayers: 1, embeddingSize: 4, dropout: 0.1, seed: 3 },
    training: {
      optimizer: { name: 'adam', learningRate: 0.02 },
      batchSize: 3,
      sequenceLength: 6,
      evalEvery: 4,
      maxSteps,
      seed: 1,
    },
    ...overrides,
  };
}

/** Runs and records every step's loss. */
async function recordRun(runOptions: RunTrainingOptions) {
  const losses: number[] = [];
  const result = await runTraining({ ...runOptions, onStep: (report) => void losses.push(report.loss) });
  return { result, losses };
}

function bits(arrays: readonly { values: Float32Array }[]): number[][] {
  return arrays.map((a) =>
    Array.from(new Uint32Array(a.values.buffer, a.values.byteOffset, a.values.length)),
  );
}

/** The `step` of every step record in `<outDir>/metrics.jsonl`, in file order. */
async function stepRecords(outDir: string): Promise<number[]> {
  return (await readFile(join(outDir, 'metrics.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; step: number })
    .filter((record) => record.kind === 'step')
    .map((record) => record.step);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('runTraining', () => {
  // The uninterrupted 10-step run the resume tests compare with.
  let reference: Awaited<ReturnType<typeof recordRun>>;
  const referenceDir = (): string => join(root, 'reference');
  beforeAll(async () => {
    reference = await recordRun(options(referenceDir(), 10));
  });

  it('writes last/, best/ and one metrics.jsonl line per record, and leaks no tensor', async () => {
    const outDir = freshDir();
    const records: unknown[] = [];
    const checkpoints: { step: number; isBest: boolean; dirs: readonly string[] }[] = [];
    const before = tf.memory().numTensors;
    const result = await runTraining({
      ...options(outDir, 6),
      onMetrics: (record) => void records.push(record),
      onCheckpoint: (info) => void checkpoints.push(info),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.steps).toBe(6);
    expect(result.stoppedBecause).toBe('maxSteps');
    expect(checkpoints.map((c) => c.step)).toEqual([4, 6]);
    expect(checkpoints[0]?.dirs).toEqual([join(outDir, 'last'), join(outDir, 'best')]);

    const lines = (await readFile(join(outDir, 'metrics.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(records).toHaveLength(6 + 2); // 6 steps, evaluations at 4 and 6
    expect(lines).toHaveLength(records.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(JSON.parse(JSON.stringify(records)));

    const last = await readCheckpoint(result.lastDir);
    const n = TEXT.length;
    expect(last.data).toMatchObject({
      corpus: 'tiny',
      length: n,
      boundaries: [Math.floor(n * 0.9), Math.floor(n * 0.95)],
    });
    expect(last.modelConfig).toEqual({
      cell: 'lstm',
      vocabSize: VOCAB.size,
      hiddenSize: 8,
      numLayers: 1,
      embeddingSize: 4,
      dropout: 0.1,
      seed: 3,
    });
    expect(last.trainingConfig).toMatchObject({
      batchSize: 3,
      sequenceLength: 6,
      batching: 'streams',
      backend: 'cpu',
    });
    expect(last.metrics).toMatchObject({ steps: 6, bestValLoss: result.bestValLoss });
    expect(last.vocab).toEqual(VOCAB.toJSON());
    expect(bits(last.weights)).toEqual(bits(result.snapshot.weights));
    const best = await readCheckpoint(result.bestDir);
    expect(best.metrics?.bestValLoss).toBe(result.bestValLoss);
  });

  it('loads a model that reproduces the trained logits, from the run, best/ or last/', async () => {
    const trained = new CharLanguageModel({ ...options(referenceDir(), 1).model, vocabSize: VOCAB.size });
    trained.setWeights(reference.result.snapshot.weights);
    const ids = VOCAB.encodeInt32('the dog sat. a cat');
    const expected = await trained.logits(ids, { batchSize: 1, sequenceLength: ids.length });
    trained.dispose();

    const fromLast = await loadCharLanguageModel(reference.result.lastDir);
    expect(fromLast.dir).toBe(reference.result.lastDir);
    expect(fromLast.vocab.toJSON()).toEqual(VOCAB.toJSON());
    const actual = await fromLast.model.logits(ids, { batchSize: 1, sequenceLength: ids.length });
    expect(Array.from(actual.logits)).toEqual(Array.from(expected.logits));
    fromLast.model.dispose();

    const fromRun = await loadCharLanguageModel(referenceDir());
    expect(fromRun.dir).toBe(join(referenceDir(), 'best'));
    fromRun.model.dispose();
  });

  it('evaluates a checkpoint as training evaluated it', async () => {
    const split = splitContiguous(VOCAB.encodeInt32(TEXT));
    const onVal = await evaluateCheckpoint(reference.result.lastDir, split.val);
    expect(onVal.nats).toBe(reference.result.finalValLoss);
    expect(onVal.bitsPerChar).toBeCloseTo(onVal.nats / Math.LN2, 12);
    expect(onVal.chars).toBeGreaterThan(0);
    const onTest = await evaluateCheckpoint(referenceDir(), split.test, { batchSize: 1 });
    expect(onTest.chars).toBe(split.test.length - 1);
    expect(Number.isFinite(onTest.nats)).toBe(true);
  });

  it('resumes exactly: 5 steps + resume to 10 = 10 uninterrupted steps (losses and weights)', async () => {
    const outDir = freshDir();
    const first = await recordRun(options(outDir, 5));
    expect(first.result.resumedFromStep).toBeNull();
    const second = await recordRun(options(outDir, 10, { resume: true }));
    expect(second.result.resumedFromStep).toBe(5);
    expect(second.result.steps).toBe(10);
    expect([...first.losses, ...second.losses]).toEqual(reference.losses);
    expect(bits(second.result.snapshot.weights)).toEqual(bits(reference.result.snapshot.weights));
    const saved = await readCheckpoint(join(outDir, 'last'));
    expect(bits(saved.weights)).toEqual(bits(reference.result.snapshot.weights));
    expect(await stepRecords(outDir)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stops cleanly on abort with a loadable last/, and resume continues the same run', async () => {
    const outDir = freshDir();
    const controller = new AbortController();
    const losses: number[] = [];
    const aborted = await runTraining({
      ...options(outDir, 10),
      signal: controller.signal,
      onStep: (report) => {
        losses.push(report.loss);
        if (report.step === 3) controller.abort();
      },
    });
    expect(aborted.stoppedBecause).toBe('aborted');
    expect(aborted.steps).toBe(3);
    const loaded = await loadCharLanguageModel(join(outDir, 'last'));
    expect(loaded.checkpoint.metrics?.steps).toBe(3);
    loaded.model.dispose();
    const resumed = await recordRun(options(outDir, 7, { resume: true }));
    expect(resumed.result.resumedFromStep).toBe(3);
    expect([...losses, ...resumed.losses]).toEqual(reference.losses.slice(0, 7));
  });

  it('on divergence throws TrainingDivergedError and keeps the last good checkpoint', async () => {
    const outDir = freshDir();
    await runTraining(options(outDir, 4));
    const before = await readCheckpoint(join(outDir, 'last'));
    const huge = options(outDir, 10, { resume: true });
    const error = await rejection(
      runTraining({
        ...huge,
        training: {
          ...huge.training,
          optimizer: { name: 'adam', learningRate: 1e6 },
          divergence: { warmupSteps: 0 },
        },
      }),
    );
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect((error as TrainingDivergedError).lastSnapshotStep).toBe(4);
    const after = await readCheckpoint(join(outDir, 'last'));
    expect(after.metrics?.steps).toBe(4);
    expect(bits(after.weights)).toEqual(bits(before.weights));
    expect(bits(after.trainingState?.arrays ?? [])).toEqual(bits(before.trainingState?.arrays ?? []));

    // Resuming drops the metrics lines the diverged run wrote after step 4, so no step is recorded twice.
    const warnings: string[] = [];
    await runTraining({ ...options(outDir, 6, { resume: true }), onWarning: (w) => void warnings.push(w) });
    expect(
      warnings.some((w) => /metrics\.jsonl: dropped [1-9]\d* line\(s\) written after step 4/.test(w)),
    ).toBe(true);
    expect(await stepRecords(outDir)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a resume whose config differs, naming the field, and a fresh run over a saved one', async () => {
    const base = options(referenceDir(), 12, { resume: true });
    const model = await rejection(runTraining({ ...base, model: { ...base.model, hiddenSize: 6 } }));
    expect(model).toBeInstanceOf(InvalidArgumentError);
    expect(model.message).toMatch(/^model\.hiddenSize must be 8 to resume /);
    const batch = await rejection(runTraining({ ...base, training: { ...base.training, batchSize: 2 } }));
    expect(batch.message).toMatch(/^training\.batchSize must be 3 to resume /);
    const corpus = await rejection(
      runTraining({ ...base, corpus: { ...base.corpus, text: TEXT.replace('cat', 'act') } }),
    );
    expect(corpus.message).toMatch(/^corpus\.tokenIds must be the corpus saved with /);
    const fresh = await rejection(runTraining(options(referenceDir(), 2)));
    expect(fresh.message).toMatch(/^outDir must be a directory without a checkpoint/);
    const missing = await rejection(runTraining(options(freshDir(), 2, { resume: true })));
    expect(missing).toBeInstanceOf(CheckpointError);
    expect((missing as CheckpointError).code).toBe('not-found');
  });

  it('a truncated weights.bin makes loading throw CheckpointError naming the file', async () => {
    const outDir = freshDir();
    await runTraining(options(outDir, 4));
    await truncate(join(outDir, 'last', 'weights.bin'), 10);
    const error = await rejection(loadCharLanguageModel(join(outDir, 'last')));
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe('truncated');
    expect(error.message).toContain('weights.bin');
    const none = await rejection(loadCharLanguageModel(freshDir()));
    expect((none as CheckpointError).code).toBe('not-found');
  });

  it('calls onSample with samples of the requested length without changing the run', async () => {
    const samples: { text: string; step: number }[] = [];
    const sampled = await recordRun({
      ...options(freshDir(), 4),
      sampleEvery: 2,
      sampleLength: 15,
      sampleTemperature: 0.5,
      onSample: (text, step) => void samples.push({ text, step }),
    });
    expect(samples.map((s) => s.step)).toEqual([2, 4]);
    for (const { text } of samples) {
      expect(text).toHaveLength(15);
      expect(VOCAB.coverage(text).unknownSymbols).toBe(0);
    }
    expect(sampled.losses).toEqual(reference.losses.slice(0, 4));
  });
});
