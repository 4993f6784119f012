// The training loop of a char language model: next-token cross-entropy, clipping, schedules, evals, exact resume.
// Leaves out files (the caller persists snapshots and metrics) and sampling during training.

import {
  type ContiguousStreamsState,
  contiguousStreams,
  InvalidArgumentError as DataInvalidArgumentError,
  type RandomWindowsState,
  type ReadingHeadsState,
  randomWindows,
  readingHeads,
  type TokenBatch,
} from '@charloom/data';
import { createRng, SeededRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';
import type { RecurrentState } from '../recurrent/recurrent-layer.js';
import { clipFactor, globalNorm } from './clipping.js';
import { batchTensors, crossEntropySum, type EvaluationResult, evaluateNetwork } from './metrics.js';
import { createOptimizer } from './optimizers.js';
import { createSchedule } from './schedules.js';
import { TrainingDivergedError } from './training-diverged-error.js';
import {
  type EvalReport,
  type ResolvedTrainOptions,
  resolveTrainOptions,
  type StopReason,
  type TrainOptions,
} from './training-options.js';
import {
  readCarriedState,
  readWeights,
  restoreCarriedState,
  restoreWeights,
  TRAINING_SNAPSHOT_VERSION,
  type TrainingMetricsSummary,
  type TrainingSnapshot,
} from './training-snapshot.js';

/** What `train()` resolves to. */
export interface TrainResult {
  /** Updates applied in total (counting those before a resume). */
  readonly steps: number;
  /** Lowest validation loss seen (nats/char), or null if no evaluation ran. */
  readonly bestValLoss: number | null;
  /** Validation loss of the last evaluation, or null if none ran. */
  readonly finalValLoss: number | null;
  readonly stoppedBecause: StopReason;
  /** The state at the end (the same object the last `onCheckpoint` received). */
  readonly snapshot: TrainingSnapshot;
  /** Warnings also sent to `onWarning` (e.g. the parameter count against the corpus size). */
  readonly warnings: readonly string[];
}

/** Stream of `createRng(seed, stream)` drawing the per-step dropout seeds (apart from @charloom/data's 0–6). */
export const DROPOUT_RNG_STREAM = 16;

/** Karpathy's rule of thumb: parameters and training characters should be within this factor of each other. */
export const PARAMETER_RATIO_WARNING = 10;

type AnyBatcherState = ContiguousStreamsState | ReadingHeadsState | RandomWindowsState;

interface TrainingBatcher {
  readonly batchesPerEpoch: number;
  nextBatch(): TokenBatch;
  getState(): AnyBatcherState;
}

/** The batcher of `options.batching`; its argument errors come back as this package's typed errors. */
function createBatcher(options: ResolvedTrainOptions, state: AnyBatcherState | undefined): TrainingBatcher {
  try {
    return createDataBatcher(options, state);
  } catch (error) {
    if (error instanceof InvalidArgumentError || !(error instanceof DataInvalidArgumentError)) throw error;
    throw new InvalidArgumentError({
      parameter: `options.${error.parameter.replace(/^options\./, '')}`,
      value: error.value,
      expected: error.expected,
      cause: error,
    });
  }
}

function createDataBatcher(
  options: ResolvedTrainOptions,
  state: AnyBatcherState | undefined,
): TrainingBatcher {
  const { train, batchSize, sequenceLength, seed, batching } = options;
  const expectedKind =
    batching === 'streams' ? 'contiguous-streams' : batching === 'heads' ? 'reading-heads' : 'random-windows';
  if (state !== undefined && state.kind !== expectedKind) {
    throw new InvalidArgumentError({
      parameter: 'resumeFrom.batcherState.kind',
      value: state.kind,
      expected: `"${expectedKind}" (batching "${batching}")`,
    });
  }
  if (batching === 'streams') {
    return contiguousStreams(train, {
      batchSize,
      sequenceLength,
      ...(state ? { state: state as ContiguousStreamsState } : {}),
    });
  }
  if (batching === 'heads') {
    return readingHeads(train, {
      batchSize,
      sequenceLength,
      seed,
      ...(state ? { state: state as ReadingHeadsState } : {}),
    });
  }
  return randomWindows(train, {
    batchSize,
    sequenceLength,
    seed,
    ...(state ? { state: state as RandomWindowsState } : {}),
  });
}

function checkSnapshotMatches(options: ResolvedTrainOptions, snapshot: TrainingSnapshot): void {
  const expect = (field: string, value: unknown, expected: unknown): void => {
    if (value !== expected) {
      throw new InvalidArgumentError({
        parameter: `resumeFrom.${field}`,
        value,
        expected: `${JSON.stringify(expected)} (the value in these options)`,
      });
    }
  };
  expect('version', snapshot.version, TRAINING_SNAPSHOT_VERSION);
  expect('seed', snapshot.seed, options.seed);
  expect('batching', snapshot.batching, options.batching);
  expect('batchSize', snapshot.batchSize, options.batchSize);
  expect('sequenceLength', snapshot.sequenceLength, options.sequenceLength);
  expect('optimizerConfig.name', snapshot.optimizerConfig.name, options.optimizer.name);
}

function disposeState(state: readonly RecurrentState[] | undefined): void {
  if (state) for (const layer of state) for (const tensor of layer) tensor.dispose();
}

function parameterCount(options: ResolvedTrainOptions): number {
  return options.network.variables.reduce((sum, variable) => sum + variable.size, 0);
}

/** The warning of Karpathy's rule of thumb, or undefined when parameters and characters are within 10x. */
export function parameterRatioWarning(parameters: number, trainCharacters: number): string | undefined {
  const ratio = parameters / Math.max(1, trainCharacters);
  if (ratio > PARAMETER_RATIO_WARNING) {
    return (
      `the model has ${parameters} parameters for ${trainCharacters} training characters (${ratio.toFixed(1)}x): ` +
      'it will likely overfit; use a smaller model, more data or dropout (rule of thumb: the same order)'
    );
  }
  if (ratio < 1 / PARAMETER_RATIO_WARNING) {
    return (
      `the model has ${parameters} parameters for ${trainCharacters} training characters ` +
      `(${(1 / ratio).toFixed(1)}x more characters): it will likely underfit; a larger model can use this data ` +
      '(rule of thumb: the same order)'
    );
  }
  return undefined;
}

/** Running training position that goes into a snapshot. */
interface LoopState {
  step: number;
  elapsedBefore: number;
  referenceLoss: number | null;
  bestValLoss: number | null;
  earlyBest: number | null;
  earlyBad: number;
  lastTrainLoss: number | null;
  emaLoss: number;
  emaWeight: number;
  evals: number;
  lastEval: EvalReport | null;
  bestEval: EvalReport | null;
  lastSnapshotStep: number | null;
}

const EMA_DECAY = 0.99;

/**
 * Trains `options.network` in place as a next-character model and resolves when a budget, early stopping or the
 * signal ends the run. Throws `TrainingDivergedError` when the loss diverges (nothing newer than the last good
 * snapshot is emitted), `InvalidArgumentError` on bad options. No tensor escapes: reports and snapshots are plain.
 *
 * @example
 * ```ts
 * const { train: trainIds, val } = splitContiguous(vocab.encodeInt32(text));
 * const result = await train({
 *   network, train: trainIds, val, vocabSize: vocab.size,
 *   optimizer: { name: 'adam', learningRate: 2e-3 }, batchSize: 32, sequenceLength: 64,
 *   evalEvery: 200, maxSteps: 5000, onCheckpoint: (snapshot, { isBest }) => save(snapshot, isBest),
 * });
 * ```
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const o = resolveTrainOptions(options);
  const { network } = o;
  const snapshotIn = o.resumeFrom;
  if (snapshotIn) checkSnapshotMatches(o, snapshotIn);

  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    o.onWarning?.(message);
  };
  const ratioWarning = parameterRatioWarning(parameterCount(o), o.train.length);
  if (ratioWarning) warn(ratioWarning);

  const batcher = createBatcher(o, snapshotIn?.batcherState);
  const schedule = createSchedule(o.schedule, o.optimizer.learningRate);
  const variables = network.variables;
  const optimizer = createOptimizer(o.optimizer, variables);
  const carries = o.batching !== 'windows';
  let carried: RecurrentState[] | undefined;
  let dropoutRng = createRng(o.seed, DROPOUT_RNG_STREAM);
  const loop: LoopState = {
    step: 0,
    elapsedBefore: 0,
    referenceLoss: null,
    bestValLoss: null,
    earlyBest: null,
    earlyBad: 0,
    lastTrainLoss: null,
    emaLoss: 0,
    emaWeight: 0,
    evals: 0,
    lastEval: null,
    bestEval: null,
    lastSnapshotStep: null,
  };

  try {
    if (snapshotIn) {
      restoreWeights(network, snapshotIn.weights);
      optimizer.setState(snapshotIn.optimizer);
      schedule.setState(snapshotIn.schedule);
      if (carries && snapshotIn.carriedState) {
        carried = restoreCarriedState(network, snapshotIn.carriedState, o.batchSize);
      }
      dropoutRng = SeededRng.fromState(snapshotIn.dropoutRngState);
      const m = snapshotIn.metrics;
      Object.assign(loop, {
        step: snapshotIn.step,
        elapsedBefore: snapshotIn.elapsedSeconds,
        referenceLoss: snapshotIn.referenceLoss,
        bestValLoss: snapshotIn.bestValLoss,
        earlyBest: snapshotIn.earlyStopping.bestValLoss,
        earlyBad: snapshotIn.earlyStopping.evalsWithoutImprovement,
        lastTrainLoss: m.lastTrainLoss,
        evals: m.evals,
        lastEval: m.lastEval,
        bestEval: m.bestEval,
        lastSnapshotStep: snapshotIn.step,
      });
      // The EMA is stored bias-corrected; restarting it from that value with full weight continues it closely.
      if (m.smoothedTrainLoss !== null) Object.assign(loop, { emaLoss: m.smoothedTrainLoss, emaWeight: 1 });
    }

    const runStart = performance.now();
    let trainSeconds = 0;
    let runChars = 0;
    let lastYield = runStart;
    const charsPerBatch = o.batchSize * o.sequenceLength;
    const elapsed = (): number => loop.elapsedBefore + (performance.now() - runStart) / 1000;
    const charsPerSec = (): number => (trainSeconds > 0 ? runChars / trainSeconds : 0);
    const stepLimit = Math.min(
      o.maxSteps ?? Number.POSITIVE_INFINITY,
      o.epochs === undefined ? Number.POSITIVE_INFINITY : o.epochs * batcher.batchesPerEpoch,
    );

    const trainCharsBefore = snapshotIn?.metrics.trainCharacters ?? 0;
    const metricsSummary = (state: LoopState, chars: number): TrainingMetricsSummary => ({
      lastTrainLoss: state.lastTrainLoss,
      smoothedTrainLoss: state.emaWeight > 0 ? state.emaLoss / state.emaWeight : null,
      evals: state.evals,
      lastEval: state.lastEval,
      bestEval: state.bestEval,
      trainCharacters: trainCharsBefore + chars,
    });

    const takeSnapshot = (): TrainingSnapshot => ({
      version: TRAINING_SNAPSHOT_VERSION,
      step: loop.step,
      epoch: Math.floor(loop.step / batcher.batchesPerEpoch),
      elapsedSeconds: elapsed(),
      seed: o.seed,
      batching: o.batching,
      batchSize: o.batchSize,
      sequenceLength: o.sequenceLength,
      weights: readWeights(network),
      optimizerConfig: o.optimizer,
      optimizer: optimizer.getState(),
      schedule: schedule.getState(),
      batcherState: batcher.getState(),
      carriedState: carried ? readCarriedState(carried) : null,
      dropoutRngState: dropoutRng.getState(),
      referenceLoss: loop.referenceLoss,
      bestValLoss: loop.bestValLoss,
      earlyStopping: { bestValLoss: loop.earlyBest, evalsWithoutImprovement: loop.earlyBad },
      metrics: metricsSummary(loop, runChars),
    });
    const diverged = (
      reason: 'loss' | 'ratio' | 'gradient',
      phase: 'train' | 'eval',
      loss: number,
      learningRate: number,
    ): TrainingDivergedError =>
      new TrainingDivergedError({
        step: phase === 'train' ? loop.step + 1 : loop.step,
        loss,
        referenceLoss: loop.referenceLoss,
        learningRate,
        reason,
        phase,
        lastSnapshotStep: loop.lastSnapshotStep,
      });
    const checkLoss = (loss: number, phase: 'train' | 'eval', learningRate: number): void => {
      if (!Number.isFinite(loss)) throw diverged('loss', phase, loss, learningRate);
      const { factor, warmupSteps } = o.divergence;
      if (
        factor > 0 &&
        loop.referenceLoss !== null &&
        loop.step >= warmupSteps &&
        loss > factor * loop.referenceLoss
      ) {
        throw diverged('ratio', phase, loss, learningRate);
      }
    };

    let lastEvalStep = -1;
    let stoppedBecause: StopReason | undefined;
    let snapshotOut: TrainingSnapshot | undefined;

    /** Validation pass, callbacks and checkpoint; returns true when early stopping says stop. */
    const evaluateAndCheckpoint = async (reason: 'eval' | 'final'): Promise<boolean> => {
      const learningRate = schedule.learningRateAt(loop.step);
      const result: EvaluationResult = await evaluateNetwork(network, o.val, {
        batchSize: o.batchSize,
        sequenceLength: o.sequenceLength,
        maxBatches: o.evalBatches,
      });
      checkLoss(result.loss, 'eval', learningRate);
      lastEvalStep = loop.step;
      const report: EvalReport = {
        step: loop.step,
        valLoss: result.loss,
        valBitsPerChar: result.bitsPerChar,
        valAccuracy: result.accuracy,
      };
      loop.evals += 1;
      loop.lastEval = report;
      const isBest = loop.bestValLoss === null || result.loss < loop.bestValLoss;
      if (isBest) {
        loop.bestValLoss = result.loss;
        loop.bestEval = report;
      }
      // The final evaluation of a run cut short by a budget is off the evalEvery cadence: an uninterrupted run never
      // makes it, so it must not feed the plateau schedule or early stopping, or a resumed run would drift.
      const onCadence = reason === 'eval';
      if (onCadence) schedule.observeValidationLoss(result.loss);
      let stop = false;
      if (o.earlyStopping && onCadence) {
        if (loop.earlyBest === null || result.loss < loop.earlyBest - o.earlyStopping.minDelta) {
          loop.earlyBest = result.loss;
          loop.earlyBad = 0;
        } else {
          loop.earlyBad += 1;
          stop = loop.earlyBad >= o.earlyStopping.patience;
        }
      }
      await o.onEval?.(report);
      await o.onMetrics?.({
        kind: 'eval',
        step: loop.step,
        elapsedSeconds: elapsed(),
        trainLoss: loop.lastTrainLoss ?? Number.NaN,
        valLoss: result.loss,
        valBitsPerChar: result.bitsPerChar,
        valAccuracy: result.accuracy,
        charsPerSec: charsPerSec(),
        learningRate,
      });
      snapshotOut = takeSnapshot();
      loop.lastSnapshotStep = loop.step;
      await o.onCheckpoint?.(snapshotOut, { isBest, reason: stop ? 'final' : reason });
      return stop;
    };

    for (;;) {
      if (o.signal?.aborted) stoppedBecause = 'aborted';
      else if (loop.step >= stepLimit) {
        stoppedBecause = o.maxSteps !== undefined && loop.step >= o.maxSteps ? 'maxSteps' : 'epochs';
      } else if (o.maxSeconds !== undefined && (performance.now() - runStart) / 1000 >= o.maxSeconds) {
        stoppedBecause = 'maxSeconds';
      }
      if (stoppedBecause) break;

      const stepStart = performance.now();
      const batch = batcher.nextBatch();
      const learningRate = schedule.learningRateAt(loop.step);
      const dropoutSeed = dropoutRng.nextUint32();
      const previous = carried;
      const positions = batch.batchSize * batch.sequenceLength;
      let nextState: RecurrentState[] | undefined;
      const { value, grads } = tf.tidy(() => {
        const { inputs, targets } = batchTensors(batch);
        return tf.variableGrads(() => {
          const result = network.apply(inputs, {
            ...(previous ? { initialState: previous } : {}),
            resetRows: batch.resetRows,
            training: true,
            dropoutSeed,
          });
          if (carries) nextState = result.finalState.map((layer) => layer.map((t) => tf.keep(t)));
          return tf.div(crossEntropySum(result.logits, targets), positions) as tf.Scalar;
        }, variables);
      });
      const gradients = variables.map((variable) => grads[variable.name] as tf.Tensor);
      const disposeStep = (): void => {
        value.dispose();
        for (const g of gradients) g.dispose();
      };
      let loss: number;
      let norm: number;
      try {
        const pair = tf.tidy(() => tf.stack([value, globalNorm(gradients)]));
        const read = (await pair.data()) as Float32Array;
        pair.dispose();
        loss = read[0] as number;
        norm = read[1] as number;
        if (!Number.isFinite(norm) && Number.isFinite(loss))
          throw diverged('gradient', 'train', norm, learningRate);
        checkLoss(loss, 'train', learningRate);
      } catch (error) {
        disposeStep();
        disposeState(nextState);
        throw error;
      }
      optimizer.applyGradients(gradients, learningRate, clipFactor(norm, o.gradientClipNorm));
      disposeStep();
      disposeState(previous);
      carried = nextState;

      loop.step += 1;
      if (loop.referenceLoss === null) loop.referenceLoss = loss;
      loop.lastTrainLoss = loss;
      loop.emaLoss = EMA_DECAY * loop.emaLoss + (1 - EMA_DECAY) * loss;
      loop.emaWeight = EMA_DECAY * loop.emaWeight + (1 - EMA_DECAY);
      runChars += charsPerBatch;
      trainSeconds += (performance.now() - stepStart) / 1000;

      await o.onStep?.({
        step: loop.step,
        loss,
        learningRate,
        gradientNorm: norm,
        charsPerSec: charsPerSec(),
        elapsedSeconds: elapsed(),
      });
      await o.onMetrics?.({
        kind: 'step',
        step: loop.step,
        elapsedSeconds: elapsed(),
        trainLoss: loss,
        charsPerSec: charsPerSec(),
        learningRate,
      });

      if (o.evalEvery > 0 && loop.step % o.evalEvery === 0) {
        if (await evaluateAndCheckpoint('eval')) {
          stoppedBecause = 'earlyStopping';
          break;
        }
      }
      // Let timers and abort events run now and then (a step alone only yields to microtasks).
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }

    if (stoppedBecause !== 'earlyStopping') {
      if (stoppedBecause === 'aborted') {
        snapshotOut = takeSnapshot();
        loop.lastSnapshotStep = loop.step;
        await o.onCheckpoint?.(snapshotOut, { isBest: false, reason: 'final' });
      } else if (lastEvalStep !== loop.step || snapshotOut === undefined) {
        await evaluateAndCheckpoint('final');
      }
    }
    return {
      steps: loop.step,
      bestValLoss: loop.bestValLoss,
      finalValLoss: loop.lastEval?.valLoss ?? null,
      stoppedBecause: stoppedBecause as StopReason,
      snapshot: snapshotOut as TrainingSnapshot,
      warnings,
    };
  } finally {
    disposeState(carried);
    optimizer.dispose();
  }
}
