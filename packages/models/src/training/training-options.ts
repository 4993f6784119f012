// The options of `train()`, the records its callbacks receive, and their validation (unknown keys rejected).
// Leaves out the loop itself (train.ts) and the snapshot layout (training-snapshot.ts).

import { InvalidArgumentError } from '../errors.js';
import { RecurrentNetwork } from '../recurrent/recurrent-network.js';
import { type OptimizerConfig, resolveOptimizerConfig } from './optimizers.js';
import { checkScheduleConfig, type LearningRateScheduleConfig } from './schedules.js';
import type { TrainingSnapshot } from './training-snapshot.js';

/** How training batches are cut from the train split (`@charloom/data` batchers). */
export type BatchingScheme = 'streams' | 'heads' | 'windows';

/** Why a run ended normally. */
export type StopReason = 'maxSteps' | 'maxSeconds' | 'epochs' | 'earlyStopping' | 'aborted';

/** What `onStep` receives after every update. */
export interface StepReport {
  /** Updates applied so far, counting those before a resume. */
  readonly step: number;
  /** Mean training cross-entropy (nats/char) of this step's batch, before its update. */
  readonly loss: number;
  /** The learning rate this update used. */
  readonly learningRate: number;
  /** Global gradient norm before clipping. */
  readonly gradientNorm: number;
  /** Training characters per second over this call's steps (evaluation time excluded). */
  readonly charsPerSec: number;
  /** Seconds of training so far, counting those before a resume. */
  readonly elapsedSeconds: number;
}

/** What `onEval` receives after every validation pass. */
export interface EvalReport {
  readonly step: number;
  /** Mean validation cross-entropy in nats/char. */
  readonly valLoss: number;
  readonly valBitsPerChar: number;
  readonly valAccuracy: number;
}

/** A plain metrics record (one JSON line of `metrics.jsonl`), one per step and one per evaluation. */
export interface MetricsRecord {
  readonly kind: 'step' | 'eval';
  readonly step: number;
  readonly elapsedSeconds: number;
  /** The last training loss (for an eval record: that of its step). */
  readonly trainLoss: number;
  readonly valLoss?: number;
  readonly valBitsPerChar?: number;
  readonly valAccuracy?: number;
  readonly charsPerSec: number;
  readonly learningRate: number;
}

/** What `onCheckpoint` receives besides the snapshot. */
export interface CheckpointInfo {
  /** True when this snapshot's validation loss is the lowest so far (strictly); false for an abort snapshot. */
  readonly isBest: boolean;
  /** `'eval'`: after a periodic evaluation; `'final'`: at the end of the run (after its last evaluation or abort). */
  readonly reason: 'eval' | 'final';
}

/** Options of `train()`. */
export interface TrainOptions {
  /** The network to train in place; its weights are its own initialisation unless `resumeFrom` is given. */
  readonly network: RecurrentNetwork;
  /** Training token ids (e.g. `splitContiguous(...).train`), each in [0, vocabSize). */
  readonly train: Int32Array;
  /** Validation token ids, each in [0, vocabSize). */
  readonly val: Int32Array;
  /** Must equal the network's `vocabSize` and `outputSize`. */
  readonly vocabSize: number;
  readonly optimizer: OptimizerConfig;
  /** Default `{ kind: 'constant' }`. */
  readonly schedule?: LearningRateScheduleConfig;
  /** Cap on the global gradient norm (default 5; 0 turns clipping off). */
  readonly gradientClipNorm?: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  /**
   * `'streams'` (default): `contiguousStreams`, state carried between batches and reset where `resetRows` says;
   * `'heads'`: `readingHeads`, the same with resets; `'windows'`: `randomWindows`, every batch from a zero state.
   */
  readonly batching?: BatchingScheme;
  /** Evaluate every this many steps (default 100; 0: only at the end of the run). */
  readonly evalEvery?: number;
  /** Cap on validation batches per evaluation (default 0: the whole validation split). */
  readonly evalBatches?: number;
  /** Stop when the validation loss has not improved by more than `minDelta` (default 0) for `patience` evals. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  /** Stop when this many updates have been applied in total (counting those before a resume). */
  readonly maxSteps?: number;
  /** Stop after this many seconds of this call (a resumed run gets a fresh budget). */
  readonly maxSeconds?: number;
  /** Stop after this many (nominal) epochs of the train split in total: `epochs · batchesPerEpoch` steps. */
  readonly epochs?: number;
  /** Seed of the batch order (heads, windows) and of the dropout masks (integer, default 0). */
  readonly seed?: number;
  /**
   * Divergence guard: a NaN/∞ loss or gradient always stops; a loss above `factor` (default 3; 0 turns the ratio
   * test off) times the first training loss stops once `warmupSteps` (default 10) updates are done.
   */
  readonly divergence?: { readonly factor?: number; readonly warmupSteps?: number };
  /** A snapshot (from `onCheckpoint` or a result) to continue exactly from. */
  readonly resumeFrom?: TrainingSnapshot;
  /** Aborting stops the run at the next step boundary; a final snapshot is emitted. */
  readonly signal?: AbortSignal;
  readonly onStep?: (report: StepReport) => void | Promise<void>;
  readonly onEval?: (report: EvalReport) => void | Promise<void>;
  readonly onCheckpoint?: (snapshot: TrainingSnapshot, info: CheckpointInfo) => void | Promise<void>;
  readonly onMetrics?: (record: MetricsRecord) => void | Promise<void>;
  readonly onWarning?: (message: string) => void;
}

/** `TrainOptions` with every default filled in. */
export interface ResolvedTrainOptions {
  readonly network: RecurrentNetwork;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly vocabSize: number;
  readonly optimizer: Required<OptimizerConfig>;
  readonly schedule: LearningRateScheduleConfig;
  readonly gradientClipNorm: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly batching: BatchingScheme;
  readonly evalEvery: number;
  readonly evalBatches: number;
  readonly earlyStopping: { readonly patience: number; readonly minDelta: number } | undefined;
  readonly maxSteps: number | undefined;
  readonly maxSeconds: number | undefined;
  readonly epochs: number | undefined;
  readonly seed: number;
  readonly divergence: { readonly factor: number; readonly warmupSteps: number };
  readonly resumeFrom: TrainingSnapshot | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onStep: TrainOptions['onStep'];
  readonly onEval: TrainOptions['onEval'];
  readonly onCheckpoint: TrainOptions['onCheckpoint'];
  readonly onMetrics: TrainOptions['onMetrics'];
  readonly onWarning: TrainOptions['onWarning'];
}

const KNOWN_KEYS = [
  'network',
  'train',
  'val',
  'vocabSize',
  'optimizer',
  'schedule',
  'gradientClipNorm',
  'batchSize',
  'sequenceLength',
  'batching',
  'evalEvery',
  'evalBatches',
  'earlyStopping',
  'maxSteps',
  'maxSeconds',
  'epochs',
  'seed',
  'divergence',
  'resumeFrom',
  'signal',
  'onStep',
  'onEval',
  'onCheckpoint',
  'onMetrics',
  'onWarning',
];

function fail(parameter: string, value: unknown, expected: string): never {
  throw new InvalidArgumentError({
    parameter: parameter ? `options.${parameter}` : 'options',
    value,
    expected,
  });
}

function integerAtLeast(parameter: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(parameter, value, `an integer >= ${min}`);
  }
  return value;
}

function optionalInteger(parameter: string, value: unknown, min: number): number | undefined {
  return value === undefined ? undefined : integerAtLeast(parameter, value, min);
}

function nonNegative(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(parameter, value, 'a finite number >= 0');
  return value;
}

function plainObject(parameter: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(parameter, value, 'an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!keys.includes(key))
      fail(parameter ? `${parameter}.${key}` : key, record[key], `absent (known keys: ${keys.join(', ')})`);
  }
  return record;
}

function checkTokens(parameter: string, tokens: unknown, vocabSize: number, minLength: number): Int32Array {
  if (!(tokens instanceof Int32Array)) fail(parameter, tokens, 'an Int32Array of token ids');
  if (tokens.length < minLength) fail(`${parameter}.length`, tokens.length, `at least ${minLength}`);
  for (let k = 0; k < tokens.length; k++) {
    const id = tokens[k] as number;
    if (id < 0 || id >= vocabSize) fail(`${parameter}[${k}]`, id, `a token id in [0, ${vocabSize})`);
  }
  return tokens;
}

function checkCallback<T>(parameter: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(parameter, value, 'a function');
  return value as T | undefined;
}

/**
 * Checks `options` and fills in the defaults; throws `InvalidArgumentError` naming the field (`options.batchSize
 * must be an integer >= 1, got 0`). Unknown keys are rejected. At least one of `maxSteps`, `maxSeconds`, `epochs`
 * must be given.
 */
export function resolveTrainOptions(options: unknown): ResolvedTrainOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ parameter: 'options', value: options, expected: 'an object' });
  }
  const o = plainObject('', options, KNOWN_KEYS) as Record<string, unknown> & Partial<TrainOptions>;
  if (!(o.network instanceof RecurrentNetwork)) fail('network', o.network, 'a RecurrentNetwork');
  const network = o.network;
  const vocabSize = integerAtLeast('vocabSize', o.vocabSize, 2);
  if (network.vocabSize !== vocabSize || network.outputSize !== vocabSize) {
    fail(
      'vocabSize',
      vocabSize,
      `the network's vocabSize and outputSize (${network.vocabSize}, ${network.outputSize})`,
    );
  }
  const batchSize = integerAtLeast('batchSize', o.batchSize, 1);
  const sequenceLength = integerAtLeast('sequenceLength', o.sequenceLength, 1);
  const train = checkTokens('train', o.train, vocabSize, sequenceLength + 1);
  const val = checkTokens('val', o.val, vocabSize, 2);
  const batching = o.batching ?? 'streams';
  if (batching !== 'streams' && batching !== 'heads' && batching !== 'windows') {
    fail('batching', batching, '"streams", "heads" or "windows"');
  }
  const optimizer = resolveOptimizerConfig(o.optimizer, 'options.optimizer');
  const schedule = checkScheduleConfig(o.schedule ?? { kind: 'constant' }, 'options.schedule');
  if ('minLearningRate' in schedule && (schedule.minLearningRate ?? 0) > optimizer.learningRate) {
    fail(
      'schedule.minLearningRate',
      schedule.minLearningRate,
      `at most the optimizer's learning rate ${optimizer.learningRate} (a floor above it would raise the rate)`,
    );
  }
  const gradientClipNorm = nonNegative('gradientClipNorm', o.gradientClipNorm ?? 5);
  let earlyStopping: ResolvedTrainOptions['earlyStopping'];
  if (o.earlyStopping !== undefined) {
    const record = plainObject('earlyStopping', o.earlyStopping, ['patience', 'minDelta']);
    earlyStopping = {
      patience: integerAtLeast('earlyStopping.patience', record.patience, 1),
      minDelta: nonNegative('earlyStopping.minDelta', record.minDelta ?? 0),
    };
  }
  const divergenceRecord = plainObject('divergence', o.divergence ?? {}, ['factor', 'warmupSteps']);
  const divergence = {
    factor: nonNegative('divergence.factor', divergenceRecord.factor ?? 3),
    warmupSteps: integerAtLeast('divergence.warmupSteps', divergenceRecord.warmupSteps ?? 10, 0),
  };
  if (divergence.factor > 0 && divergence.factor <= 1) {
    fail('divergence.factor', divergence.factor, '0 (off) or a number > 1');
  }
  const maxSteps = optionalInteger('maxSteps', o.maxSteps, 1);
  const epochs = optionalInteger('epochs', o.epochs, 1);
  const maxSeconds = o.maxSeconds === undefined ? undefined : nonNegative('maxSeconds', o.maxSeconds);
  if (maxSteps === undefined && epochs === undefined && maxSeconds === undefined) {
    fail('maxSteps', undefined, 'given (or maxSeconds or epochs): a run needs a budget');
  }
  const seed = integerAtLeast('seed', o.seed ?? 0, 0);
  if (
    o.signal !== undefined &&
    !(typeof o.signal === 'object' && o.signal !== null && 'aborted' in o.signal)
  ) {
    fail('signal', o.signal, 'an AbortSignal');
  }
  if (o.resumeFrom !== undefined && (typeof o.resumeFrom !== 'object' || o.resumeFrom === null)) {
    fail('resumeFrom', o.resumeFrom, 'a TrainingSnapshot');
  }
  return {
    network,
    train,
    val,
    vocabSize,
    optimizer,
    schedule,
    gradientClipNorm,
    batchSize,
    sequenceLength,
    batching,
    evalEvery: integerAtLeast('evalEvery', o.evalEvery ?? 100, 0),
    evalBatches: integerAtLeast('evalBatches', o.evalBatches ?? 0, 0),
    earlyStopping,
    maxSteps,
    maxSeconds,
    epochs,
    seed,
    divergence,
    resumeFrom: o.resumeFrom,
    signal: o.signal,
    onStep: checkCallback('onStep', o.onStep),
    onEval: checkCallback('onEval', o.onEval),
    onCheckpoint: checkCallback('onCheckpoint', o.onCheckpoint),
    onMetrics: checkCallback('onMetrics', o.onMetrics),
    onWarning: checkCallback('onWarning', o.onWarning),
  };
}
