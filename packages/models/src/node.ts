// Entry of `@charloom/models/node`: checkpoint directories on disk (atomic writes, crash recovery) and metrics.jsonl.
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
