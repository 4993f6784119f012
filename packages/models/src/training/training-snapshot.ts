// The in-memory training state a run emits and resumes from exactly, and the copies between it and tfjs.
// Leaves out files: the checkpoint format (config.json, weights manifest, checksums) is src/checkpoint's.

import type { ContiguousStreamsState, RandomWindowsState, ReadingHeadsState } from '@charloom/data';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';
import type { RecurrentState } from '../recurrent/recurrent-layer.js';
import type { RecurrentNetwork } from '../recurrent/recurrent-network.js';
import type { NamedArray, OptimizerConfig, OptimizerState } from './optimizers.js';
import type { LearningRateScheduleState } from './schedules.js';
import type { BatchingScheme, EvalReport } from './training-options.js';

/** Version of the `TrainingSnapshot` layout. */
export const TRAINING_SNAPSHOT_VERSION = 1;

/** Summary of the metrics so far, kept with a snapshot. */
export interface TrainingMetricsSummary {
  /** The training loss of the last step (null before the first). */
  readonly lastTrainLoss: number | null;
  /** Exponential moving average (0.99) of the training loss, bias-corrected (null before the first step). */
  readonly smoothedTrainLoss: number | null;
  /** Number of evaluations so far. */
  readonly evals: number;
  readonly lastEval: EvalReport | null;
  readonly bestEval: EvalReport | null;
  /** Training characters processed (steps × batch × sequence length). */
  readonly trainCharacters: number;
}

/**
 * Everything needed to continue a run exactly: pass it as `resumeFrom` with the same data, batching, sizes, seed
 * and optimizer. Plain data (numbers, arrays, `Float32Array`s); no tensors.
 */
export interface TrainingSnapshot {
  readonly version: typeof TRAINING_SNAPSHOT_VERSION;
  /** Updates applied. */
  readonly step: number;
  /** Whole (nominal) epochs completed: floor(step / batchesPerEpoch). */
  readonly epoch: number;
  /** Seconds of training up to this snapshot, across resumes. */
  readonly elapsedSeconds: number;
  readonly seed: number;
  readonly batching: BatchingScheme;
  readonly batchSize: number;
  readonly sequenceLength: number;
  /**
   * The network's weights in `network.variables` order, named by place (`embedding/table`, `layer0/kernel`,
   * `layer0/recurrentKernel`, `layer0/bias`, …, `output/kernel`, `output/bias`).
   */
  readonly weights: readonly NamedArray[];
  /** The optimizer's hyperparameters (defaults filled in). */
  readonly optimizerConfig: Required<OptimizerConfig>;
  readonly optimizer: OptimizerState;
  readonly schedule: LearningRateScheduleState;
  /** The training batcher's `getState()`. */
  readonly batcherState: ContiguousStreamsState | ReadingHeadsState | RandomWindowsState;
  /**
   * The recurrent state carried into the next training batch (streams and heads), per layer bottom first, each
   * `[batchSize, hidden]` (`layer0/h`, and `layer0/c` for an LSTM); null before the first batch and for windows.
   */
  readonly carriedState: readonly (readonly NamedArray[])[] | null;
  /** `SeededRng.getState()` of the generator drawing one dropout seed per step. */
  readonly dropoutRngState: readonly number[];
  /** The first training loss of the run (the divergence guard's reference); null before the first step. */
  readonly referenceLoss: number | null;
  /** Lowest validation loss so far (null before the first evaluation). */
  readonly bestValLoss: number | null;
  /** Early-stopping position: the best loss it compares with and the evaluations since an improvement. */
  readonly earlyStopping: { readonly bestValLoss: number | null; readonly evalsWithoutImprovement: number };
  readonly metrics: TrainingMetricsSummary;
}

/** Names of `network.variables` by their place in the network (see `TrainingSnapshot.weights`). */
export function weightNames(network: RecurrentNetwork): string[] {
  const names: string[] = [];
  if (network.embedding) names.push('embedding/table');
  network.stack.layers.forEach((_, l) => {
    names.push(`layer${l}/kernel`, `layer${l}/recurrentKernel`, `layer${l}/bias`);
  });
  names.push('output/kernel', 'output/bias');
  return names;
}

/** Copies the network's weights out as `NamedArray`s (fresh `Float32Array`s). */
export function readWeights(network: RecurrentNetwork): NamedArray[] {
  const names = weightNames(network);
  return network.variables.map((variable, k) => ({
    name: names[k] ?? variable.name,
    shape: [...variable.shape],
    values: Float32Array.from(variable.dataSync() as Float32Array),
  }));
}

/** Copies `weights` into the network; throws `InvalidArgumentError` unless count, names and shapes match. */
export function restoreWeights(network: RecurrentNetwork, weights: readonly NamedArray[]): void {
  const variables = network.variables;
  const names = weightNames(network);
  if (weights.length !== variables.length) {
    throw new InvalidArgumentError({
      parameter: 'resumeFrom.weights',
      value: weights,
      expected: `${variables.length} arrays (the network's variables)`,
    });
  }
  weights.forEach((weight, k) => {
    const variable = variables[k] as tf.Variable;
    if (weight.name !== names[k]) {
      throw new InvalidArgumentError({
        parameter: `resumeFrom.weights[${k}].name`,
        value: weight.name,
        expected: `"${names[k]}"`,
      });
    }
    if (weight.shape.join(',') !== variable.shape.join(',') || weight.values.length !== variable.size) {
      throw new InvalidArgumentError({
        parameter: `resumeFrom.weights[${k}].shape`,
        value: [...weight.shape],
        expected: `[${variable.shape.join(',')}] (${names[k]})`,
      });
    }
  });
  weights.forEach((weight, k) => {
    tf.tidy(() =>
      (variables[k] as tf.Variable).assign(tf.tensor(weight.values, [...weight.shape], 'float32')),
    );
  });
}

/** Reads a carried recurrent state out as plain arrays (`layer{l}/h`, `layer{l}/c`). */
export function readCarriedState(state: readonly RecurrentState[]): NamedArray[][] {
  return state.map((layer, l) =>
    layer.map((tensor, s) => ({
      name: `layer${l}/${s === 0 ? 'h' : 'c'}`,
      shape: [...tensor.shape],
      values: Float32Array.from(tensor.dataSync() as Float32Array),
    })),
  );
}

/**
 * Turns a saved carried state back into tensors (the caller owns them); checks it against the network and batch
 * size.
 */
export function restoreCarriedState(
  network: RecurrentNetwork,
  saved: readonly (readonly NamedArray[])[],
  batchSize: number,
): RecurrentState[] {
  const layers = network.stack.layers;
  if (saved.length !== layers.length) {
    throw new InvalidArgumentError({
      parameter: 'resumeFrom.carriedState',
      value: saved,
      expected: `one state per layer (${layers.length})`,
    });
  }
  saved.forEach((layerState, l) => {
    const spec = (layers[l] as (typeof layers)[number]).spec;
    const count = spec.cell === 'lstm' ? 2 : 1;
    if (layerState.length !== count) {
      throw new InvalidArgumentError({
        parameter: `resumeFrom.carriedState[${l}]`,
        value: layerState,
        expected: `${count} arrays`,
      });
    }
    layerState.forEach((part, s) => {
      if (
        part.shape.join(',') !== `${batchSize},${spec.hiddenSize}` ||
        part.values.length !== batchSize * spec.hiddenSize
      ) {
        throw new InvalidArgumentError({
          parameter: `resumeFrom.carriedState[${l}][${s}].shape`,
          value: [...part.shape],
          expected: `[${batchSize},${spec.hiddenSize}]`,
        });
      }
    });
  });
  return saved.map((layerState) =>
    layerState.map((part) =>
      tf.tensor2d(part.values, [part.shape[0] as number, part.shape[1] as number], 'float32'),
    ),
  );
}
