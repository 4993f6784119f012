// The recurrent state a CharLanguageModel carries between calls: plain Float32Arrays, one set per layer.
// Leaves out tensors (they never leave the package) and any mutation: every call returns a fresh state.

import type { CellType } from '../recurrent/cell-spec.js';

/**
 * The state of a `CharLanguageModel` for `batchSize` independent rows. `layers[l]` is layer `l`'s state, bottom
 * first: `[h]` for GRU/RNN, `[h, c]` for LSTM (Keras order), each a row-major `Float32Array` `[batchSize·hiddenSize]`.
 * Treat it as immutable: `step` and `logits` return a new state and never write into the one they are given, so an
 * old state stays valid (to branch a generation, or to retry a step).
 */
export interface CharLanguageModelState {
  readonly batchSize: number;
  readonly layers: readonly (readonly Float32Array[])[];
}

/** Number of state arrays per layer: 2 for LSTM (`[h, c]`), 1 otherwise. */
export function stateArrayCount(cell: CellType): number {
  return cell === 'lstm' ? 2 : 1;
}

/** A zero state: `numLayers` layers of `stateArrayCount(cell)` arrays `[batchSize·hiddenSize]`. */
export function zeroState(
  cell: CellType,
  numLayers: number,
  hiddenSize: number,
  batchSize: number,
): CharLanguageModelState {
  const count = stateArrayCount(cell);
  return {
    batchSize,
    layers: Array.from({ length: numLayers }, () =>
      Array.from({ length: count }, () => new Float32Array(batchSize * hiddenSize)),
    ),
  };
}
