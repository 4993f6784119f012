// The charloom checkpoint format (version 1): file names, the parts a checkpoint holds, and their TypeScript types.
// Leaves out encoding (encode-checkpoint.ts), decoding (decode-checkpoint.ts) and files on disk (node/).

import type { CharVocabJSON } from '@charloom/tokenizer';
import type { CellType } from '../recurrent/cell-spec.js';
import type { JsonObject, JsonValue } from './json-value.js';

/** Format name written in every checkpoint's `config.json`. */
export const CHECKPOINT_FORMAT = 'charloom.checkpoint';
/** The checkpoint format version this build writes, and the newest one it reads. */
export const CHECKPOINT_VERSION = 1;

/** The files of a checkpoint directory. `config.json` lists the others with their length and SHA-256. */
export const CHECKPOINT_FILES = {
  config: 'config.json',
  weightsManifest: 'weights_manifest.json',
  weights: 'weights.bin',
  trainingState: 'training-state.json',
  trainingStateData: 'training-state.bin',
} as const;

/**
 * The model a checkpoint's weights belong to. Other fields an object passed here has (e.g. `recurrentActivation`)
 * are stored and read back as they are, provided they are JSON data.
 */
export interface CheckpointModelConfig {
  readonly cell: CellType;
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Size of the learned embedding; 0 means one-hot input. */
  readonly embeddingSize: number;
  /** In [0, 1). */
  readonly dropout: number;
  /** Integer initialisation seed. */
  readonly seed: number;
}

/** A named float32 array with its shape (weights, optimizer slots). `values.length` is the product of `shape`. */
export interface NamedFloat32Array {
  readonly name: string;
  /** Positive integer dimensions; `[]` for a scalar. */
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A training run's summary at the time of the checkpoint. Other JSON fields are stored and read back as they are. */
export interface CheckpointMetrics {
  /** Best validation loss so far (nats per character), or null before the first evaluation. */
  readonly bestValLoss: number | null;
  /** Optimizer steps taken. */
  readonly steps: number;
  /** Wall-clock seconds spent training. */
  readonly trainingSeconds: number;
}

/** The state needed to resume training exactly, opaque to the format: JSON plus named float arrays. */
export interface CheckpointTrainingState {
  /** RNG, batcher position, optimizer step counters, ... */
  readonly json: JsonValue;
  /** Optimizer slots and any other float state. */
  readonly arrays: readonly NamedFloat32Array[];
}

/** What a checkpoint is made of: the argument of `encodeCheckpoint` / `writeCheckpoint`. */
export interface CheckpointParts {
  readonly modelConfig: CheckpointModelConfig;
  /** The vocabulary as `CharVocab.toJSON()` returns it. */
  readonly vocab: CharVocabJSON;
  /** Model weights, stored in this order in `weights.bin`. */
  readonly weights: readonly NamedFloat32Array[];
  readonly trainingConfig?: JsonObject | undefined;
  /** Data split boundaries and corpus description. */
  readonly data?: JsonObject | undefined;
  readonly metrics?: CheckpointMetrics | undefined;
  readonly trainingState?: CheckpointTrainingState | undefined;
}

/** A checkpoint read back: its parts (absent optional parts stay absent) and the format version it was read from. */
export interface Checkpoint extends CheckpointParts {
  readonly formatVersion: number;
}

/** One entry of a TensorFlow.js weights manifest (`tf.io.WeightsManifestEntry`, float32 only). */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** One group of a TensorFlow.js weights manifest (`tf.io.WeightsManifestGroupConfig`). */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** Length and SHA-256 of a file, as `config.json` records them. */
export interface CheckpointFileRecord {
  bytes: number;
  sha256: string;
}
