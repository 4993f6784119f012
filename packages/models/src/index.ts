// Public entry of @charloom/models: backend selection with the wasm kernel fixes, the char language model, errors.
// Tensors never leave through here; the tensor-level recurrent core is under `@charloom/models/internal`.

export { ensureGradients } from './backend/gradients.js';
export {
  AUTO_BACKEND_ORDER,
  type BackendAttempt,
  type BackendName,
  type BackendReport,
  type ConcreteBackendName,
  type InitBackendOptions,
  initBackend,
  type WasmBackendDetails,
} from './backend/init-backend.js';
export {
  LSTM_GATE_CASES,
  type MatmulCase,
  type MatmulPeak,
  type MatmulTimingOptions,
  measureMatmulGflops,
  measureMatmulPeak,
} from './backend/matmul-peak.js';
export {
  registerWasmKernelFixes,
  removeWasmKernelFixes,
  WASM_KERNEL_FIX_NAMES,
  type WasmKernelFixReport,
} from './backend/wasm-kernel-fixes.js';
export {
  CHECKPOINT_FILES,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  type CheckpointMetrics,
  type CheckpointModelConfig,
  type CheckpointParts,
  type CheckpointTrainingState,
  type NamedFloat32Array,
} from './checkpoint/checkpoint-format.js';
export {
  type CheckpointFileReader,
  type DecodeCheckpointOptions,
  decodeCheckpoint,
} from './checkpoint/decode-checkpoint.js';
export { encodeCheckpoint } from './checkpoint/encode-checkpoint.js';
export {
  CheckpointError,
  type CheckpointErrorCode,
  type CheckpointErrorDetails,
} from './checkpoint/errors.js';
export type { JsonObject, JsonValue } from './checkpoint/json-value.js';
export {
  BackendError,
  type BackendErrorDetails,
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  ModelsError,
} from './errors.js';
export {
  CharLanguageModel,
  type CharLanguageModelConfig,
  type CharLanguageModelOptions,
  checkCharLanguageModelConfig,
  type LogitsOptions,
  type LogitsResult,
  type NamedWeight,
  type StepperKind,
} from './lm/char-language-model.js';
export type { CharLanguageModelState } from './lm/lm-state.js';
export type { StepResult } from './lm/stepper.js';
export type {
  AdamConfig,
  NamedArray,
  OptimizerConfig,
  OptimizerState,
  RmspropConfig,
  SgdConfig,
} from './training/optimizers.js';
export type { LearningRateScheduleConfig, LearningRateScheduleState } from './training/schedules.js';
export { PARAMETER_RATIO_WARNING, parameterRatioWarning, type TrainResult, train } from './training/train.js';
export {
  TrainingDivergedError,
  type TrainingDivergedErrorDetails,
} from './training/training-diverged-error.js';
export type {
  BatchingScheme,
  CheckpointInfo,
  EvalReport,
  MetricsRecord,
  StepReport,
  StopReason,
  TrainOptions,
} from './training/training-options.js';
export {
  TRAINING_SNAPSHOT_VERSION,
  type TrainingMetricsSummary,
  type TrainingSnapshot,
} from './training/training-snapshot.js';
