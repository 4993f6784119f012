// Tensor-level building blocks of @charloom/models for the apps and the package's own higher layers (not stable API).
// The recurrent core: LSTM/GRU/RNN layers with a hand-written BPTT, stacks, embedding, dense logits; all time-major.

export { stateArrayCount, zeroState } from './lm/lm-state.js';
export { OpsStepper } from './lm/ops-stepper.js';
export type { Stepper } from './lm/stepper.js';
export { currentWasmBackend, WasmStepper } from './lm/wasm-stepper.js';
export {
  type CellSpec,
  type CellSpecOptions,
  type CellType,
  createCellSpec,
  type GateActivation,
  gateCount,
  type RnnActivation,
  stateCount,
} from './recurrent/cell-spec.js';
export { affine, Dense, type DenseConfig } from './recurrent/dense.js';
export { Embedding, type EmbeddingConfig, embeddingLookup } from './recurrent/embedding.js';
export {
  RecurrentLayer,
  type RecurrentLayerConfig,
  type RecurrentRunOptions,
  type RecurrentRunResult,
  type RecurrentState,
  type RecurrentWeights,
  runRecurrentLayer,
} from './recurrent/recurrent-layer.js';
export {
  RecurrentNetwork,
  type RecurrentNetworkConfig,
  type RecurrentNetworkResult,
} from './recurrent/recurrent-network.js';
export {
  RecurrentStack,
  type RecurrentStackConfig,
  type RecurrentStackResult,
  type RecurrentStackRunOptions,
} from './recurrent/recurrent-stack.js';
export { clipByGlobalNorm, clipFactor, globalNorm } from './training/clipping.js';
export {
  batchTensors,
  correctCount,
  crossEntropySum,
  evaluateNetwork,
  toTimeMajor,
} from './training/metrics.js';
export { createOptimizer, resolveOptimizerConfig, type TrainingOptimizer } from './training/optimizers.js';
export { checkScheduleConfig, createSchedule } from './training/schedules.js';
export { DROPOUT_RNG_STREAM } from './training/train.js';
export { resolveTrainOptions } from './training/training-options.js';
export {
  readCarriedState,
  readWeights,
  restoreCarriedState,
  restoreWeights,
  weightNames,
} from './training/training-snapshot.js';
