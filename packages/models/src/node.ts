// Entry of `@charloom/models/node`: checkpoint directories on disk, metrics.jsonl, and runs (train, load, evaluate).
// Leaves out everything browser-safe (the checkpoint format, encodeCheckpoint/decodeCheckpoint: the main entry).

export { CheckpointStore } from './checkpoint/node/checkpoint-store.js';
export {
  appendMetrics,
  METRICS_FILE,
  type MetricsLog,
  readMetrics,
  type SkippedMetricsLine,
} from './checkpoint/node/metrics-log.js';
export { readCheckpoint } from './checkpoint/node/read-checkpoint.js';
export { writeCheckpoint } from './checkpoint/node/write-checkpoint.js';
export {
  type EvaluateOptions,
  evaluateCharLanguageModel,
  evaluateCheckpoint,
  type ModelEvaluation,
} from './run/evaluate-checkpoint.js';
export {
  type LoadedCharLanguageModel,
  loadCharLanguageModel,
  readModelCheckpoint,
} from './run/load-model.js';
export type {
  RunCheckpointInfo,
  RunCorpus,
  RunManagedTrainKey,
  RunModelConfig,
  RunTrainingConfig,
  RunTrainingOptions,
  RunTrainingResult,
} from './run/run-options.js';
export { runTraining } from './run/run-training.js';
