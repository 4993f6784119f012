import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { useBackend } from '../recurrent/test-support.js';
import type { OptimizerConfig } from './optimizers.js';
import {
  allFinite,
  baseOptions,
  cloneSnapshot,
  TRAIN_IDS,
  tinyNetwork,
  VAL_IDS,
  VOCAB,
} from './test-fixtures.js';
import { parameterRatioWarning, train } from './train.js';
import { TrainingDivergedError } from './training-diverged-error.js';
import type { BatchingScheme, CheckpointInfo, TrainOptions } from './training-options.js';
import type { TrainingSnapshot } from './training-snapshot.js';

/** Runs `train` and records every step's loss and every checkpoint. */
async function recordRun(options: TrainOptions) {
  const losses: number[] = [];
  const checkpoints: { snapshot: TrainingSnapshot; info: CheckpointInfo }[] = [];
  const result = await train({
    ...options,
    onStep: (report) => {
      losses.push(report.loss);
      return options.onStep?.(report);
    },
    onCheckpoint: (snapshot, info) => {
      checkpoints.push({ snapshot, info });
    },
  });
  return { result, losses, checkpoints };
}

function weightsOf(network: ReturnType<typeof tinyNetwork>): number[][] {
  return network.variables.map((v) => Array.from(v.dataSync()));
}

describe('train (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  it('makes the loss fall on a small corpus and reports steps, evals and metrics', async () => {
    const network = tinyNetwork({ hiddenSize: 16, embeddingSize: 4 });
    const evals: number[] = [];
    const kinds: string[] = [];
    const { result, losses } = await recordRun({
      ...baseOptions(network),
      optimizer: { name: 'adam', learningRate: 0.03 },
      maxSteps: 80,
      evalEvery: 40,
      onEval: (report) => {
        evals.push(report.valLoss);
        expect(report.valBitsPerChar).toBeCloseTo(report.valLoss / Math.LN2, 10);
        expect(report.valAccuracy).toBeGreaterThanOrEqual(0);
      },
      onMetrics: (record) => {
        kinds.push(record.kind);
      },
    });
    expect(result.stoppedBecause).toBe('maxSteps');
    expect(result.steps).toBe(80);
    expect(losses[0]).toBeCloseTo(Math.log(VOCAB), 0);
    const late = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(late).toBeLessThan(0.5 * (losses[0] as number));
    expect(evals).toHaveLength(2);
    expect(evals[1]).toBeLessThan(Math.log(VOCAB) * 0.6);
    expect(result.finalValLoss).toBe(evals[1]);
    expect(result.bestValLoss).toBe(Math.min(...evals));
    expect(kinds.filter((k) => k === 'step')).toHaveLength(80);
    expect(kinds.filter((k) => k === 'eval')).toHaveLength(2);
    expect(result.snapshot.step).toBe(80);
    expect(result.snapshot.metrics.trainCharacters).toBe(80 * 3 * 6);
    network.dispose();
  });

  it('clips the update to the global norm cap (SGD: ‖Δw‖ = lr · min(‖g‖, cap))', async () => {
    for (const cap of [0.01, 0]) {
      const network = tinyNetwork();
      const before = weightsOf(network);
      let gradientNorm = 0;
      await train({
        ...baseOptions(network),
        optimizer: { name: 'sgd', learningRate: 0.5 },
        gradientClipNorm: cap,
        maxSteps: 1,
        onStep: (report) => {
          gradientNorm = report.gradientNorm;
        },
      });
      const after = weightsOf(network);
      let squares = 0;
      after.forEach((row, k) => {
        row.forEach((value, i) => {
          squares += (value - (before[k]?.[i] as number)) ** 2;
        });
      });
      expect(gradientNorm).toBeGreaterThan(0.05);
      const expected = 0.5 * (cap > 0 ? Math.min(gradientNorm, cap) : gradientNorm);
      expect(Math.sqrt(squares) / expected).toBeCloseTo(1, 3);
      network.dispose();
    }
  });

  it('drives the learning rate by the schedule (step decay)', async () => {
    const network = tinyNetwork();
    const rates: number[] = [];
    await train({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 0.4 },
      schedule: { kind: 'step', every: 2, factor: 0.5 },
      maxSteps: 5,
      onStep: (report) => {
        rates.push(report.learningRate);
      },
    });
    expect(rates).toEqual([0.4, 0.4, 0.2, 0.2, 0.1]);
    network.dispose();
  });

  it('lets reduce-on-plateau react to the validation loss', async () => {
    const network = tinyNetwork();
    const rates: number[] = [];
    const { result } = await recordRun({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 0.2 },
      schedule: { kind: 'plateau', factor: 0.5, patience: 1, minDelta: 10 },
      evalEvery: 1,
      maxSteps: 4,
      onStep: (report) => {
        rates.push(report.learningRate);
      },
    });
    // eval 1 sets the best; evals 2 and 3 cannot beat it by 10, each cuts the rate (patience 1).
    expect(rates).toEqual([0.2, 0.2, 0.1, 0.05]);
    expect(result.snapshot.schedule.learningRate).toBeCloseTo(0.025, 12);
    network.dispose();
  });

  it('stops on the epochs and maxSeconds budgets', async () => {
    const network = tinyNetwork();
    // 600 tokens, 3 streams of 199 inputs, 6 steps per batch: 33 batches per epoch.
    const byEpochs = await train({ ...baseOptions(network), maxSteps: undefined, epochs: 1 });
    expect(byEpochs.stoppedBecause).toBe('epochs');
    expect(byEpochs.steps).toBe(33);
    expect(byEpochs.snapshot.epoch).toBe(1);
    expect(byEpochs.snapshot.batcherState).toMatchObject({ epoch: 1, batchInEpoch: 0 });
    const bySeconds = await train({ ...baseOptions(network), maxSteps: undefined, maxSeconds: 0 });
    expect(bySeconds.stoppedBecause).toBe('maxSeconds');
    expect(bySeconds.steps).toBe(0);
    expect(bySeconds.finalValLoss).toBeCloseTo(bySeconds.snapshot.metrics.lastEval?.valLoss as number, 12);
    network.dispose();
  });

  it('stops early when the validation loss stops improving by minDelta', async () => {
    const network = tinyNetwork();
    const { result, checkpoints } = await recordRun({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 1e-6 },
      evalEvery: 2,
      earlyStopping: { patience: 2, minDelta: 0.5 },
      maxSteps: 100,
    });
    // eval at 2 sets the best; 4 and 6 do not beat it by 0.5: stop at 6.
    expect(result.stoppedBecause).toBe('earlyStopping');
    expect(result.steps).toBe(6);
    expect(checkpoints.map((c) => c.snapshot.step)).toEqual([2, 4, 6]);
    const valLosses = checkpoints.map((c) => c.snapshot.metrics.lastEval?.valLoss as number);
    // isBest is a strict improvement (no minDelta): a tiny learning rate still improves a little.
    expect(checkpoints.map((c) => c.info.isBest)).toEqual(
      valLosses.map((loss, k) => k === 0 || loss < Math.min(...valLosses.slice(0, k))),
    );
    expect(Math.abs((valLosses[2] as number) - (valLosses[0] as number))).toBeLessThan(0.5);
    expect(checkpoints[2]?.info.reason).toBe('final');
    expect(result.snapshot.earlyStopping.evalsWithoutImprovement).toBe(2);
    network.dispose();
  });

  it('stops at a step boundary when the signal aborts and emits a final snapshot', async () => {
    const network = tinyNetwork();
    const controller = new AbortController();
    const { result, losses, checkpoints } = await recordRun({
      ...baseOptions(network),
      maxSteps: 1000,
      evalEvery: 3,
      signal: controller.signal,
      onStep: (report) => {
        if (report.step === 5) controller.abort();
      },
    });
    expect(result.stoppedBecause).toBe('aborted');
    expect(result.steps).toBe(5);
    expect(losses).toHaveLength(5);
    const last = checkpoints.at(-1);
    expect(last?.snapshot.step).toBe(5);
    expect(last?.info).toEqual({ isBest: false, reason: 'final' });
    expect(result.snapshot).toBe(last?.snapshot);
    expect(result.finalValLoss).toBe(checkpoints[0]?.snapshot.metrics.lastEval?.valLoss);
    network.dispose();
  });

  it('sees an abort that comes from a timer (the loop yields to the event loop)', async () => {
    const network = tinyNetwork();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const { result, losses, checkpoints } = await recordRun({
      ...baseOptions(network),
      maxSteps: 1_000_000,
      signal: controller.signal,
    });
    expect(result.stoppedBecause).toBe('aborted');
    expect(losses).toHaveLength(result.steps);
    expect(checkpoints.at(-1)?.snapshot.step).toBe(result.steps);
    network.dispose();
  });

  it('throws TrainingDivergedError on a huge learning rate, the last checkpoint staying the last good one', async () => {
    const network = tinyNetwork();
    const good = await recordRun({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 0.1 },
      evalEvery: 1,
      maxSteps: 3,
    });
    const checkpoints: TrainingSnapshot[] = [...good.checkpoints.map((c) => c.snapshot)];
    const run = train({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 1e4 },
      gradientClipNorm: 0,
      evalEvery: 1,
      maxSteps: 50,
      divergence: { warmupSteps: 0 },
      resumeFrom: good.result.snapshot,
      onCheckpoint: (snapshot) => {
        checkpoints.push(snapshot);
      },
    });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.message).toMatch(/lower learning rate/);
    const last = checkpoints.at(-1) as TrainingSnapshot;
    expect(diverged.lastSnapshotStep).toBe(last.step);
    expect(last.step).toBeLessThan(diverged.step);
    expect(allFinite(last.weights)).toBe(true);
    expect(last.bestValLoss).not.toBeNull();
    expect(last.metrics.lastEval?.valLoss).toBeLessThan(3 * (last.referenceLoss as number));

    const nanError = await train({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 1e38 },
      gradientClipNorm: 0,
      maxSteps: 20,
      divergence: { factor: 0 },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(nanError).toBeInstanceOf(TrainingDivergedError);
    expect((nanError as TrainingDivergedError).reason).toMatch(/loss|gradient/);
    network.dispose();
  });

  const resumeCases: { batching: BatchingScheme; optimizer: OptimizerConfig; dropout: number }[] = [
    { batching: 'streams', optimizer: { name: 'adam', learningRate: 0.02 }, dropout: 0.25 },
    { batching: 'streams', optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.9 }, dropout: 0 },
    { batching: 'windows', optimizer: { name: 'adam', learningRate: 0.02 }, dropout: 0 },
    { batching: 'windows', optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.9 }, dropout: 0.25 },
    { batching: 'heads', optimizer: { name: 'rmsprop', learningRate: 0.01 }, dropout: 0 },
  ];
  for (const { batching, optimizer, dropout } of resumeCases) {
    it(`resumes exactly: ${batching}, ${optimizer.name}${dropout ? ', dropout' : ''}`, async () => {
      const options = (network: ReturnType<typeof tinyNetwork>): TrainOptions => ({
        ...baseOptions(network),
        batching,
        optimizer,
        seed: 11,
        evalEvery: 4,
        schedule: { kind: 'cosine', totalSteps: 12 },
      });
      const config = { numLayers: 2, dropout, cell: 'gru' as const };
      const whole = tinyNetwork(config);
      const uninterrupted = await recordRun({ ...options(whole), maxSteps: 12 });
      const first = tinyNetwork(config);
      const part = await recordRun({ ...options(first), maxSteps: 5 });
      expect(part.losses).toEqual(uninterrupted.losses.slice(0, 5));
      const saved = cloneSnapshot(part.result.snapshot);
      expect(saved.step).toBe(5);
      expect(saved.carriedState === null).toBe(batching === 'windows');
      // A fresh network, initialised differently: everything must come from the snapshot.
      const second = tinyNetwork({ ...config, seed: 99 });
      const rest = await recordRun({ ...options(second), maxSteps: 12, resumeFrom: saved });
      expect(rest.losses).toEqual(uninterrupted.losses.slice(5));
      expect(weightsOf(second)).toEqual(weightsOf(whole));
      expect(rest.result.snapshot.step).toBe(12);
      for (const n of [whole, first, second]) n.dispose();
    });
  }

  it('resumes exactly when a run stops between evaluations (plateau schedule, early stopping)', async () => {
    const rates: number[] = [];
    const options = (network: ReturnType<typeof tinyNetwork>): TrainOptions => ({
      ...baseOptions(network),
      optimizer: { name: 'sgd', learningRate: 0.2 },
      seed: 5,
      evalEvery: 4,
      // minDelta 10: no evaluation ever counts as an improvement, so both mechanisms act at every evaluation.
      schedule: { kind: 'plateau', factor: 0.5, patience: 1, minDelta: 10 },
      earlyStopping: { patience: 3, minDelta: 10 },
      onStep: (report) => {
        rates.push(report.learningRate);
      },
    });
    const whole = tinyNetwork({});
    const uninterrupted = await recordRun({ ...options(whole), maxSteps: 12 });
    const wholeRates = rates.splice(0);
    expect(uninterrupted.result.stoppedBecause).toBe('maxSteps');
    const first = tinyNetwork({});
    const part = await recordRun({ ...options(first), maxSteps: 6 });
    const rest = await recordRun({
      ...options(first),
      maxSteps: 12,
      resumeFrom: cloneSnapshot(part.result.snapshot),
    });
    expect([...part.losses, ...rest.losses]).toEqual(uninterrupted.losses);
    expect(rates).toEqual(wholeRates);
    expect(rest.result.stoppedBecause).toBe('maxSteps');
    for (const n of [whole, first]) n.dispose();
  });

  it('keeps tf.memory().numTensors flat over 200 steps', async () => {
    const network = tinyNetwork({ numLayers: 2, dropout: 0.1, embeddingSize: 3 });
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await train({
      ...baseOptions(network),
      maxSteps: 200,
      evalEvery: 50,
      evalBatches: 2,
      onStep: (report) => {
        if (report.step % 20 === 0) counts.push(tf.memory().numTensors);
      },
    });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    network.dispose();
  });

  it('warns when parameters and training characters are more than 10x apart', async () => {
    expect(parameterRatioWarning(1000, 1000)).toBeUndefined();
    expect(parameterRatioWarning(100_000, 1000)).toMatch(
      /100000 parameters for 1000 training characters.*overfit/,
    );
    expect(parameterRatioWarning(1000, 100_000)).toMatch(/underfit/);
    const network = tinyNetwork({ hiddenSize: 48 }); // ≈ 10,900 parameters for 600 characters
    const warnings: string[] = [];
    const result = await train({
      ...baseOptions(network),
      maxSteps: 1,
      onWarning: (message) => warnings.push(message),
    });
    expect(warnings).toHaveLength(1);
    expect(result.warnings).toEqual(warnings);
    network.dispose();
  });

  it('rejects bad options with typed errors naming the field', async () => {
    const network = tinyNetwork();
    const base = baseOptions(network);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ learningRate: 0.1 }, /^options\.learningRate must be absent/],
      [{ batchSize: 0 }, /^options\.batchSize must be an integer >= 1, got 0$/],
      [{ optimizer: { name: 'adamw', learningRate: 1 } }, /^options\.optimizer\.name must be/],
      [{ optimizer: { name: 'sgd', learningRate: -1 } }, /^options\.optimizer\.learningRate/],
      [{ schedule: { kind: 'step', every: 2 } }, /^options\.schedule\.factor/],
      [
        { batching: 'shuffled' },
        /^options\.batching must be "streams", "heads" or "windows", got "shuffled"$/,
      ],
      [{ vocabSize: 7 }, /^options\.vocabSize must be the network's vocabSize/],
      [
        { train: Int32Array.from([0, 1, 2, 9, 1, 2, 3, 4]) },
        /^options\.train\[3\] must be a token id in \[0, 6\), got 9$/,
      ],
      [{ val: [0, 1, 2] }, /^options\.val must be an Int32Array/],
      [{ maxSteps: undefined }, /^options\.maxSteps must be given/],
      [{ gradientClipNorm: -1 }, /^options\.gradientClipNorm/],
      [{ earlyStopping: { patience: 0 } }, /^options\.earlyStopping\.patience/],
      [{ divergence: { factor: 0.5 } }, /^options\.divergence\.factor/],
      [{ onStep: 3 }, /^options\.onStep must be a function/],
    ];
    for (const [override, message] of cases) {
      const error = await train({ ...base, ...override } as TrainOptions).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(Object.keys(override))).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(message);
    }
    const { result } = await recordRun({ ...base, maxSteps: 2 });
    const mismatch = await train({ ...base, batching: 'windows', resumeFrom: result.snapshot }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((mismatch as Error).message).toMatch(/^resumeFrom\.batching must be "windows"/);
    const otherShape = tinyNetwork({ hiddenSize: 5 });
    const shapeError = await train({ ...baseOptions(otherShape), resumeFrom: result.snapshot }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((shapeError as Error).message).toMatch(/^resumeFrom\.weights\[0\]\.shape must be \[6,20\]/);
    expect(TRAIN_IDS.length + VAL_IDS.length).toBeGreaterThan(0);
    for (const n of [network, otherShape]) n.dispose();
  });
});

describe('train (wasm)', () => {
  beforeAll(() => useBackend('wasm'));

  it('resumes exactly and keeps no tensor (streams, adam, embedding)', async () => {
    const config = { embeddingSize: 3, numLayers: 2 };
    const options = (network: ReturnType<typeof tinyNetwork>): TrainOptions => ({
      ...baseOptions(network),
      seed: 5,
      evalEvery: 3,
    });
    const before = tf.memory().numTensors;
    const whole = tinyNetwork(config);
    const uninterrupted = await recordRun({ ...options(whole), maxSteps: 8 });
    const first = tinyNetwork(config);
    const part = await recordRun({ ...options(first), maxSteps: 3 });
    const second = tinyNetwork({ ...config, seed: 1 });
    const rest = await recordRun({
      ...options(second),
      maxSteps: 8,
      resumeFrom: cloneSnapshot(part.result.snapshot),
    });
    expect([...part.losses, ...rest.losses]).toEqual(uninterrupted.losses);
    expect(uninterrupted.losses.every((loss) => loss > 1 && loss < 2)).toBe(true); // ≈ ln 6 at the start
    for (const n of [whole, first, second]) n.dispose();
    // Network construction itself leaves its initial tensors behind (src/recurrent); count only what train() adds.
    const afterNetworks = tf.memory().numTensors;
    const probe = tinyNetwork(config);
    const withProbe = tf.memory().numTensors;
    await train({ ...options(probe), maxSteps: 4 });
    expect(tf.memory().numTensors).toBe(withProbe);
    probe.dispose();
    expect(afterNetworks).toBeGreaterThanOrEqual(before);
  });
});

describe('train option errors that depend on more than one field', () => {
  beforeAll(() => useBackend('cpu'));

  it('reports a batch too large for the training split as its own typed error', async () => {
    const network = tinyNetwork({});
    const error = await train({ ...baseOptions(network), batchSize: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/^options\.batchSize must be/);
    network.dispose();
  });

  it('rejects a learning-rate floor above the learning rate', async () => {
    const network = tinyNetwork({});
    const options = {
      ...baseOptions(network),
      schedule: { kind: 'cosine', totalSteps: 10, minLearningRate: 1 },
    };
    await expect(train(options as TrainOptions)).rejects.toThrow(/schedule\.minLearningRate must be at most/);
    network.dispose();
  });
});
