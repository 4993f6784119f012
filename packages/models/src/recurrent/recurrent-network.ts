// Token ids in, logits out: an embedding or one-hot input, a recurrent stack and a dense output layer.
// Leaves out the loss, training, checkpoints and generation (the language model and training engine build on this).

import { createRng } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, InvalidArgumentError } from '../errors.js';
import type { CellType, GateActivation, RnnActivation } from './cell-spec.js';
import { Dense } from './dense.js';
import { Embedding } from './embedding.js';
import type { RecurrentState } from './recurrent-layer.js';
import {
  checkDropout,
  RecurrentStack,
  type RecurrentStackRunOptions,
  seededDropout,
} from './recurrent-stack.js';

/** Configuration of a `RecurrentNetwork`. */
export interface RecurrentNetworkConfig {
  readonly cell: CellType;
  /** Number of input token ids (ids are in [0, vocabSize)). */
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Size of a learned embedding; absent or 0 feeds one-hot vectors of length vocabSize instead. */
  readonly embeddingSize?: number;
  /** Number of logits per step; default vocabSize. */
  readonly outputSize?: number;
  /** Dropout between layers and on the top layer's output (as char-rnn), in [0, 1); default 0. */
  readonly dropout?: number;
  readonly recurrentActivation?: GateActivation;
  readonly activation?: RnnActivation;
  /** Initialisation seed (integer, default 0). */
  readonly seed?: number;
}

/** What a network run returns. */
export interface RecurrentNetworkResult {
  /** `[time, batch, outputSize]` logits (no softmax). */
  readonly logits: tf.Tensor3D;
  /** Every layer's final state, bottom first. */
  readonly finalState: RecurrentState[];
}

/**
 * Embedding (or one-hot) → recurrent stack → dense logits, time-major. With one-hot input the first layer's kernel
 * plays the embedding's part and no input gradient is computed.
 *
 * @example
 * ```ts
 * const net = new RecurrentNetwork({ cell: 'lstm', vocabSize: 83, hiddenSize: 256, numLayers: 2 });
 * const { logits } = net.apply(tokenIds); // tokenIds int32 [time, batch] -> logits [time, batch, 83]
 * ```
 */
export class RecurrentNetwork {
  readonly vocabSize: number;
  readonly outputSize: number;
  readonly dropout: number;
  readonly embedding: Embedding | undefined;
  readonly stack: RecurrentStack;
  readonly output: Dense;

  /** @param config - see `RecurrentNetworkConfig`; throws `InvalidArgumentError` on a bad field */
  constructor(config: RecurrentNetworkConfig) {
    this.vocabSize = checkInteger('vocabSize', config.vocabSize, 1);
    this.outputSize = checkInteger('outputSize', config.outputSize ?? config.vocabSize, 1);
    this.dropout = checkDropout(config.dropout ?? 0);
    const embeddingSize = checkInteger('embeddingSize', config.embeddingSize ?? 0, 0);
    const seed = config.seed ?? 0;
    const numLayers = checkInteger('numLayers', config.numLayers, 1);
    this.embedding =
      embeddingSize > 0
        ? new Embedding({ vocabSize: this.vocabSize, embeddingSize, seed, seedStream: numLayers })
        : undefined;
    this.stack = new RecurrentStack({
      cell: config.cell,
      inputSize: embeddingSize > 0 ? embeddingSize : this.vocabSize,
      hiddenSize: config.hiddenSize,
      numLayers,
      dropout: this.dropout,
      ...(config.recurrentActivation ? { recurrentActivation: config.recurrentActivation } : {}),
      ...(config.activation ? { activation: config.activation } : {}),
      seed,
    });
    this.output = new Dense({
      inputSize: config.hiddenSize,
      outputSize: this.outputSize,
      seed,
      seedStream: numLayers + 1,
    });
  }

  /** Runs int32 `tokenIds` `[time, batch]` through the network; see `RecurrentStackRunOptions` for the options. */
  apply(
    tokenIds: tf.Tensor2D,
    options: Omit<RecurrentStackRunOptions, 'inputGradient'> = {},
  ): RecurrentNetworkResult {
    if (tokenIds.rank !== 2 || tokenIds.dtype !== 'int32') {
      throw new InvalidArgumentError({
        parameter: 'tokenIds',
        value: tokenIds.shape,
        expected: `an int32 tensor [time, batch] (got dtype ${tokenIds.dtype})`,
      });
    }
    const dropping = options.training === true && this.dropout > 0;
    // One call seed for every dropout mask of this call: the stack's layers use stream 1 of it, the top stream 2.
    const callSeed = dropping ? (options.dropoutSeed ?? this.stack.nextDropoutSeed()) : undefined;
    const topSeed = callSeed === undefined ? undefined : createRng(callSeed, 2).nextUint32();
    return tf.tidy(() => {
      // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot writes int32 bits whatever dtype is asked for.
      const inputs = (
        this.embedding
          ? this.embedding.apply(tokenIds)
          : tf.cast(tf.oneHot(tokenIds, this.vocabSize), 'float32')
      ) as tf.Tensor3D; // [time, batch, embedding or vocab]
      const { outputs, finalState } = this.stack.apply(inputs, {
        ...options,
        ...(callSeed === undefined ? {} : { dropoutSeed: callSeed }),
        inputGradient: this.embedding !== undefined,
      }); // outputs [time, batch, hidden]
      const top = topSeed === undefined ? outputs : seededDropout(outputs, this.dropout, topSeed);
      const logits = this.output.apply(top) as tf.Tensor3D; // [time, batch, outputSize]
      return { logits, finalState: finalState as tf.Tensor2D[][] };
    }) as RecurrentNetworkResult;
  }

  /** All trainable weights: embedding table (if any), the stack's layers bottom first, then the output kernel and bias. */
  get variables(): tf.Variable[] {
    return [...(this.embedding?.variables ?? []), ...this.stack.variables, ...this.output.variables];
  }

  /** Frees every weight. */
  dispose(): void {
    this.embedding?.dispose();
    this.stack.dispose();
    this.output.dispose();
  }
}
