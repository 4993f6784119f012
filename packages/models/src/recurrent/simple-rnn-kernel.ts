// The plain RNN sequence kernel, h' = act(x_t·W + b + h·U) with tanh or linear act, and its hand-written BPTT.
// Leaves out other activations (relu, ...) and recurrent dropout.

import * as tf from '@tensorflow/tfjs-core';
import { tanhDerivative } from './activations.js';
import type { CellSpec } from './cell-spec.js';
import {
  at,
  maskSteps,
  packedGradientReader,
  projectInputs,
  projectionGradients,
  type SequenceKernel,
  type SequenceKernelOptions,
  savedBlock,
  stepOrder,
  stepReader,
  transposedMatMul,
} from './sequence-kernel.js';

/**
 * Builds the plain RNN kernel for one call shape (tfjs-layers' SimpleRNN equations). A masked step keeps `h` and
 * outputs zeros. Forward saves h_prev and h' per step; the backward loop is one multiply by 1 − h'² (none for a
 * linear RNN) and one matmul against Uᵀ per step.
 */
export function simpleRnnKernel(spec: CellSpec, options: SequenceKernelOptions): SequenceKernel {
  const { time, reverse, inputGradient } = options;
  const linear = spec.activation === 'linear';
  const order = stepOrder(time, reverse);
  const masked = options.mask !== undefined;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias, h0] = args as tf.Tensor2D[];
    const save = args[5] as tf.GradSaveFunc;
    if (!x || !kernel || !recurrentKernel || !bias || !h0) throw new Error('internal: rnn inputs');
    const projected = projectInputs(x, kernel, bias as tf.Tensor as tf.Tensor1D, time); // t -> [batch, h]
    const mask = options.mask; // [time·batch, 1]
    const masks = mask ? maskSteps(mask, time) : undefined;
    const hPrev: tf.Tensor2D[] = new Array(time);
    const hNext: tf.Tensor2D[] = new Array(time);
    const outputs: tf.Tensor2D[] = new Array(time);
    let h = h0; // [batch, h]
    for (const t of order) {
      const pre = tf.add(projected(t), tf.matMul(h, recurrentKernel)); // [batch, h]
      const hNew = (linear ? pre : tf.tanh(pre)) as tf.Tensor2D; // [batch, h]
      hPrev[t] = h;
      hNext[t] = hNew;
      if (masks) {
        const m = masks.real(t); // [batch, 1]
        outputs[t] = tf.mul(hNew, m);
        h = tf.add(h, tf.mul(m, tf.sub(hNew, h)));
      } else {
        outputs[t] = hNew;
        h = hNew;
      }
    }
    save([x, kernel, recurrentKernel, ...(mask ? [mask] : []), ...hPrev, ...hNext]);
    const value = tf.concat([...outputs, h], 0) as tf.Tensor2D; // [(time + 1)·batch, h]
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const savedX = at(saved, 0) as tf.Tensor2D; // [time·batch, in]
        const savedKernel = at(saved, 1) as tf.Tensor2D; // [in, h]
        const savedRecurrent = at(saved, 2) as tf.Tensor2D; // [h, h]
        const first = masked ? 4 : 3;
        const block = (k: number) => savedBlock(saved, first + k * time, time); // time × [batch, h]
        const sh = block(0);
        const masks = masked ? maskSteps(at(saved, 3) as tf.Tensor2D, time) : undefined; // t -> [batch, 1]
        const dOut = packedGradientReader(dy, time, 1); // t -> [batch, h]
        const scale = linear
          ? undefined
          : stepReader(tanhDerivative(tf.concat(block(1), 0)) as tf.Tensor2D, time); // t -> [batch, h]
        const recurrentT = tf.transpose(savedRecurrent); // [h, h]
        let dh = dOut.final(0); // [batch, h]
        const dZ: tf.Tensor2D[] = new Array(time);
        for (let k = time - 1; k >= 0; k--) {
          const t = at(order, k);
          const [dz, dhPrev] = tf.tidy(() => {
            let g = tf.add(dh, dOut.output(t)); // [batch, h]
            if (masks) g = tf.mul(g, masks.real(t));
            const dzStep = scale ? tf.mul(g, scale(t)) : g; // [batch, h]
            let dhStep = tf.matMul(dzStep, recurrentT); // [batch, h]
            if (masks) dhStep = tf.add(dhStep, tf.mul(dh, masks.keep(t)));
            return [dzStep, dhStep] as tf.Tensor2D[];
          });
          dZ[t] = dz as tf.Tensor2D;
          dh = dhPrev as tf.Tensor2D;
        }
        const dZAll = tf.concat(dZ, 0); // [time·batch, h]
        const { dx, dKernel, dBias } = projectionGradients(savedX, savedKernel, dZAll, inputGradient);
        const dRecurrent = transposedMatMul(tf.concat(sh, 0), dZAll); // [h, h]
        return [dx, dKernel, dRecurrent, dBias, dh];
      });
    return { value, gradFunc };
  }) as SequenceKernel;
}
