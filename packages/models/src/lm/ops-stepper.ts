// A generation stepper made of tfjs ops (`network.apply` on one time step): runs on every backend, GPU included.
// Leaves out speed tricks (wasm-stepper.ts is the fast path on wasm) and dropout (inference only).

import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentNetwork } from '../recurrent/recurrent-network.js';
import type { CharLanguageModelState } from './lm-state.js';
import type { Stepper, StepResult } from './stepper.js';

/** Steps `network` with `network.apply` on a `[1, batch]` slice, the state uploaded from and read back to arrays. */
export class OpsStepper implements Stepper {
  readonly batchSize: number;
  private readonly network: RecurrentNetwork;
  private readonly hiddenSize: number;

  constructor(network: RecurrentNetwork, batchSize: number) {
    this.network = network;
    this.batchSize = batchSize;
    this.hiddenSize = network.output.inputSize;
  }

  async step(state: CharLanguageModelState, tokenIds: Int32Array): Promise<StepResult> {
    const B = this.batchSize;
    const h = this.hiddenSize;
    const outputs = tf.tidy(() => {
      const ids = tf.tensor2d(tokenIds, [1, B], 'int32'); // [time 1, batch]
      const initialState = state.layers.map((arrays) => arrays.map((a) => tf.tensor2d(a, [B, h])));
      const { logits, finalState } = this.network.apply(ids, { initialState });
      return [logits, ...finalState.flat()];
    });
    try {
      const values = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
      const [logits, ...flat] = values;
      let k = 0;
      const layers = state.layers.map((arrays) => arrays.map(() => flat[k++] as Float32Array));
      return { logits: logits as Float32Array, state: { batchSize: B, layers } };
    } finally {
      for (const t of outputs) t.dispose();
    }
  }

  dispose(): void {}
}
