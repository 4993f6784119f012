// Tensor-level building blocks of @charloom/models for the apps and the package's own higher layers (not stable API).
// The recurrent core: LSTM/GRU/RNN layers with a hand-written BPTT, stacks, embedding, dense logits; all time-major.

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
