// The GRU sequence kernel (tfjs-layers' equations, reset gate before the recurrent matmul) with a hand-written BPTT.
// Leaves out the reset-after variant (cuDNN style, which tfjs-layers does not support either) and recurrent dropout.

import * as tf from '@tensorflow/tfjs-core';
import { applyGate, gateDerivative, tanhDerivative } from './activations.js';
import type { CellSpec } from './cell-spec.js';
import {
  at,
  gateBlocks,
  maskSteps,
  packedGradientReader,
  projectionGradients,
  type SequenceKernel,
  type SequenceKernelOptions,
  savedBlock,
  splitColumns,
  stepOrder,
  stepReader,
  transposedMatMul,
} from './sequence-kernel.js';

/**
 * Builds the GRU kernel for one call shape, with tfjs-layers' gate order (z, r, h) and equations:
 * `[x_z, x_r, x_h] = x_t·W + b`, `[z, r] = σ([x_z, x_r] + h·U_zr)`, `ĥ = tanh(x_h + (r·h)·U_h)`,
 * `h' = z·h + (1 − z)·ĥ` (U_zr = U[:, :2h], U_h = U[:, 2h:]; there is no recurrent bias). A masked step keeps `h`
 * and outputs zeros.
 *
 * The reset gate multiplies h before the U_h matmul, so a step needs two matmuls (h·U_zr, then (r·h)·U_h) in the
 * forward and two (against U_hᵀ, then U_zrᵀ) in the backward. Forward saves h_prev, z, r, ĥ and r·h per step.
 */
export function gruKernel(spec: CellSpec, options: SequenceKernelOptions): SequenceKernel {
  const { time, reverse, inputGradient } = options;
  const hidden = spec.hiddenSize;
  const gate = spec.recurrentActivation;
  const order = stepOrder(time, reverse);
  const masked = options.mask !== undefined;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias, h0] = args as tf.Tensor2D[];
    const save = args[5] as tf.GradSaveFunc;
    if (!x || !kernel || !recurrentKernel || !bias || !h0) throw new Error('internal: gru inputs');
    const projected = tf.fused.matMul({ a: x, b: kernel, bias }); // [time·batch, 3h]
    const [xzrAll, xhAll] = splitColumns(projected as tf.Tensor2D, [2 * hidden, hidden]); // [time·batch, 2h], [time·batch, h]
    const xzr = stepReader(xzrAll as tf.Tensor2D, time); // t -> [batch, 2h]
    const xh = stepReader(xhAll as tf.Tensor2D, time); // t -> [batch, h]
    const recurrentZR = tf.slice(recurrentKernel, [0, 0], [hidden, 2 * hidden]); // [h, 2h]
    const recurrentH = tf.slice(recurrentKernel, [0, 2 * hidden], [hidden, hidden]); // [h, h]
    const mask = options.mask; // [time·batch, 1]
    const masks = mask ? maskSteps(mask, time) : undefined;
    const hPrev: tf.Tensor2D[] = new Array(time);
    const gz: tf.Tensor2D[] = new Array(time);
    const gr: tf.Tensor2D[] = new Array(time);
    const candidate: tf.Tensor2D[] = new Array(time);
    const resetH: tf.Tensor2D[] = new Array(time);
    const outputs: tf.Tensor2D[] = new Array(time);
    let h = h0; // [batch, h]
    for (const t of order) {
      const zr = applyGate(gate, tf.add(xzr(t), tf.matMul(h, recurrentZR))) as tf.Tensor2D; // [batch, 2h]
      const [z, r] = gateBlocks(zr, 2) as [tf.Tensor2D, tf.Tensor2D]; // [batch, h] each
      const rh = tf.mul(r, h) as tf.Tensor2D; // [batch, h]
      const hCandidate = tf.tanh(tf.add(xh(t), tf.matMul(rh, recurrentH))) as tf.Tensor2D; // [batch, h]
      const hNew = tf.add(hCandidate, tf.mul(z, tf.sub(h, hCandidate))) as tf.Tensor2D; // [batch, h]
      hPrev[t] = h;
      gz[t] = z;
      gr[t] = r;
      candidate[t] = hCandidate;
      resetH[t] = rh;
      if (masks) {
        const m = masks.real(t); // [batch, 1]
        outputs[t] = tf.mul(hNew, m);
        h = tf.add(h, tf.mul(m, tf.sub(hNew, h)));
      } else {
        outputs[t] = hNew;
        h = hNew;
      }
    }
    save([
      x,
      kernel,
      recurrentKernel,
      ...(mask ? [mask] : []),
      ...hPrev,
      ...gz,
      ...gr,
      ...candidate,
      ...resetH,
    ]);
    const value = tf.concat([...outputs, h], 0) as tf.Tensor2D; // [(time + 1)·batch, h]
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const savedX = at(saved, 0) as tf.Tensor2D; // [time·batch, in]
        const savedKernel = at(saved, 1) as tf.Tensor2D; // [in, 3h]
        const savedRecurrent = at(saved, 2) as tf.Tensor2D; // [h, 3h]
        const first = masked ? 4 : 3;
        const block = (k: number) => savedBlock(saved, first + k * time, time); // time × [batch, h]
        const sh = block(0);
        const sz = block(1);
        const sr = block(2);
        const shh = block(3);
        const srh = block(4);
        const masks = masked ? maskSteps(at(saved, 3) as tf.Tensor2D, time) : undefined; // t -> [batch, 1]
        const dOut = packedGradientReader(dy, time, 1); // t -> [batch, h]
        const Z = tf.concat(sz, 0); // [time·batch, h]
        const R = tf.concat(sr, 0); // [time·batch, h]
        const HH = tf.concat(shh, 0); // [time·batch, h]
        const HP = tf.concat(sh, 0); // [time·batch, h]
        // d(pre-activation)/dh' of the candidate, the update and the reset gate, for every step at once.
        const scale = (v: tf.Tensor) => stepReader(v as tf.Tensor2D, time); // t -> [batch, h]
        const candidateScale = scale(tf.mul(tf.sub(1, Z), tanhDerivative(HH)));
        const updateScale = scale(tf.mul(tf.sub(HP, HH), gateDerivative(gate, Z)));
        const resetScale = scale(tf.mul(HP, gateDerivative(gate, R)));
        const recurrentZRT = tf.transpose(tf.slice(savedRecurrent, [0, 0], [hidden, 2 * hidden])); // [2h, h]
        const recurrentHT = tf.transpose(tf.slice(savedRecurrent, [0, 2 * hidden], [hidden, hidden])); // [h, h]
        let dh = dOut.final(0); // [batch, h]
        const dZR: tf.Tensor2D[] = new Array(time);
        const dZH: tf.Tensor2D[] = new Array(time);
        for (let k = time - 1; k >= 0; k--) {
          const t = at(order, k);
          const [dzr, dzh, dhPrev] = tf.tidy(() => {
            let g = tf.add(dh, dOut.output(t)); // [batch, h]: dL/dh'
            if (masks) g = tf.mul(g, masks.real(t));
            const dzhStep = tf.mul(g, candidateScale(t)); // [batch, h]
            const drh = tf.matMul(dzhStep, recurrentHT); // [batch, h]: dL/d(r·h)
            const dzrStep = tf.concat([tf.mul(g, updateScale(t)), tf.mul(drh, resetScale(t))], 1); // [batch, 2h]
            let dhStep = tf.add(
              tf.add(tf.mul(g, at(sz, t)), tf.mul(drh, at(sr, t))),
              tf.matMul(dzrStep, recurrentZRT),
            ); // [batch, h]
            if (masks) dhStep = tf.add(dhStep, tf.mul(dh, masks.keep(t)));
            return [dzrStep, dzhStep, dhStep] as tf.Tensor2D[];
          });
          dZR[t] = dzr as tf.Tensor2D;
          dZH[t] = dzh as tf.Tensor2D;
          dh = dhPrev as tf.Tensor2D;
        }
        const dZRAll = tf.concat(dZR, 0); // [time·batch, 2h]
        const dZHAll = tf.concat(dZH, 0); // [time·batch, h]
        const dZAll = tf.concat([dZRAll, dZHAll], 1); // [time·batch, 3h]
        const { dx, dKernel, dBias } = projectionGradients(savedX, savedKernel, dZAll, inputGradient);
        const dRecurrent = tf.concat(
          [transposedMatMul(HP, dZRAll), transposedMatMul(tf.concat(srh, 0), dZHAll)],
          1,
        ); // [h, 3h]
        return [dx, dKernel, dRecurrent, dBias, dh];
      });
    return { value, gradFunc };
  }) as SequenceKernel;
}
