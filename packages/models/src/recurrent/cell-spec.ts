// What a recurrent cell is made of: its type, gate count, state count and activations, validated once.
// Leaves out the maths (see lstm-kernel.ts, gru-kernel.ts, simple-rnn-kernel.ts) and the weights (recurrent-layer.ts).

import { checkInteger, InvalidArgumentError } from '../errors.js';

/** The recurrent cells the core implements. */
export type CellType = 'lstm' | 'gru' | 'rnn';

/**
 * Activation of the LSTM/GRU gates. `'sigmoid'` is 1 / (1 + e^-x); `'hardSigmoid'` is tfjs-layers'
 * clip(0.2·x + 0.5, 0, 1), its default for LSTM and GRU.
 */
export type GateActivation = 'sigmoid' | 'hardSigmoid';

/** Activation of the plain RNN cell: `'tanh'` (the default, as SimpleRNN) or `'linear'` (a linear RNN). */
export type RnnActivation = 'tanh' | 'linear';

/** A validated cell description, shared by the layer, the stack and the sequence kernels. */
export interface CellSpec {
  readonly cell: CellType;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Gate activation of LSTM and GRU (ignored by `'rnn'`). */
  readonly recurrentActivation: GateActivation;
  /** Activation of the `'rnn'` cell (LSTM and GRU always use tanh for the candidate and the cell output). */
  readonly activation: RnnActivation;
}

/** Options accepted by `createCellSpec`: the fields of `CellSpec`, activations optional. */
export interface CellSpecOptions {
  readonly cell: CellType;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Default `'sigmoid'` (set `'hardSigmoid'` to match tfjs-layers' LSTM/GRU defaults). */
  readonly recurrentActivation?: GateActivation;
  /** Default `'tanh'`; only the `'rnn'` cell accepts `'linear'`. */
  readonly activation?: RnnActivation;
}

/** Number of gate blocks `k` in the kernel `[in, k·hidden]`: 4 for LSTM (i, f, c, o), 3 for GRU (z, r, h), 1 for RNN. */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** Number of state tensors the cell carries: 2 for LSTM (`[h, c]`), 1 otherwise (`[h]`). */
export function stateCount(cell: CellType): number {
  return cell === 'lstm' ? 2 : 1;
}

/** Validates the options and fills in the defaults; throws `InvalidArgumentError` naming the bad field. */
export function createCellSpec(options: CellSpecOptions): CellSpec {
  if (options.cell !== 'lstm' && options.cell !== 'gru' && options.cell !== 'rnn') {
    throw new InvalidArgumentError({
      parameter: 'cell',
      value: options.cell,
      expected: "'lstm', 'gru' or 'rnn'",
    });
  }
  checkInteger('inputSize', options.inputSize, 1);
  checkInteger('hiddenSize', options.hiddenSize, 1);
  const recurrentActivation = options.recurrentActivation ?? 'sigmoid';
  if (recurrentActivation !== 'sigmoid' && recurrentActivation !== 'hardSigmoid') {
    throw new InvalidArgumentError({
      parameter: 'recurrentActivation',
      value: recurrentActivation,
      expected: "'sigmoid' or 'hardSigmoid'",
    });
  }
  const activation = options.activation ?? 'tanh';
  if (activation !== 'tanh' && (activation !== 'linear' || options.cell !== 'rnn')) {
    throw new InvalidArgumentError({
      parameter: 'activation',
      value: activation,
      expected: options.cell === 'rnn' ? "'tanh' or 'linear'" : `'tanh' for the ${options.cell} cell`,
    });
  }
  return {
    cell: options.cell,
    inputSize: options.inputSize,
    hiddenSize: options.hiddenSize,
    recurrentActivation,
    activation,
  };
}
