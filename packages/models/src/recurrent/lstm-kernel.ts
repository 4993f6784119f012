// The LSTM sequence kernel: forward over all steps and a hand-written BPTT, as one tf.customGrad.
// Leaves out peepholes, recurrent dropout and projection layers; the gate order is Keras' (i, f, c, o).

import * as tf from '@tensorflow/tfjs-core';
import { applyGate, gateDerivative, tanhDerivative } from './activations.js';
import type { CellSpec } from './cell-spec.js';
import {
  at,
  gateBlocks,
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
 * Builds the LSTM kernel for one call shape. Per step (`σ` = the gate activation):
 * `z = x_t·W + b + h·U`, `[i, f, g, o] = [σ, σ, tanh, σ](split(z, 4))`, `c' = f·c + i·g`, `h' = o·tanh(c')`.
 * A masked step (m_t = 0) keeps `h` and `c` and outputs zeros.
 *
 * Forward saves, per step: h_prev, c_prev, i, f, g, o, tanh(c') (and the mask). Backward first turns them
 * into per-step local derivatives with a few big batched ops over all steps, so the reverse loop is 7 small ops
 * plus one `[batch, 4h]·[4h, h]` matmul against Uᵀ (transposed once); then dW, dU, db and dx come from the
 * stacked step gradients in single big matmuls.
 */
export function lstmKernel(spec: CellSpec, options: SequenceKernelOptions): SequenceKernel {
  const { time, reverse, inputGradient } = options;
  const gate = spec.recurrentActivation;
  const order = stepOrder(time, reverse);
  const masked = options.mask !== undefined;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias, h0, c0] = args as tf.Tensor2D[];
    const save = args[6] as tf.GradSaveFunc;
    if (!x || !kernel || !recurrentKernel || !bias || !h0 || !c0) throw new Error('internal: lstm inputs');
    const projected = projectInputs(x, kernel, bias as tf.Tensor as tf.Tensor1D, time); // t -> [batch, 4h]
    const mask = options.mask; // [time·batch, 1]
    const masks = mask ? maskSteps(mask, time) : undefined;
    const hPrev: tf.Tensor2D[] = new Array(time);
    const cPrev: tf.Tensor2D[] = new Array(time);
    const gi: tf.Tensor2D[] = new Array(time);
    const gf: tf.Tensor2D[] = new Array(time);
    const gg: tf.Tensor2D[] = new Array(time);
    const go: tf.Tensor2D[] = new Array(time);
    const tc: tf.Tensor2D[] = new Array(time);
    const outputs: tf.Tensor2D[] = new Array(time);
    let h = h0; // [batch, h]
    let c = c0; // [batch, h]
    for (const t of order) {
      const z = tf.add(projected(t), tf.matMul(h, recurrentKernel)) as tf.Tensor2D; // [batch, 4h]
      const [zi, zf, zg, zo] = gateBlocks(z, 4) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]; // [batch, h]
      const i = applyGate(gate, zi) as tf.Tensor2D; // [batch, h]
      const f = applyGate(gate, zf) as tf.Tensor2D; // [batch, h]
      const g = tf.tanh(zg); // [batch, h]
      const o = applyGate(gate, zo) as tf.Tensor2D; // [batch, h]
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D; // [batch, h]
      const tanhC = tf.tanh(cNew); // [batch, h]
      const hNew = tf.mul(o, tanhC) as tf.Tensor2D; // [batch, h]
      hPrev[t] = h;
      cPrev[t] = c;
      gi[t] = i;
      gf[t] = f;
      gg[t] = g;
      go[t] = o;
      tc[t] = tanhC;
      if (masks) {
        const m = masks.real(t); // [batch, 1]
        outputs[t] = tf.mul(hNew, m); // [batch, h]
        h = tf.add(h, tf.mul(m, tf.sub(hNew, h))); // [batch, h]
        c = tf.add(c, tf.mul(m, tf.sub(cNew, c))); // [batch, h]
      } else {
        outputs[t] = hNew;
        h = hNew;
        c = cNew;
      }
    }
    save([
      x,
      kernel,
      recurrentKernel,
      ...(mask ? [mask] : []),
      ...hPrev,
      ...cPrev,
      ...gi,
      ...gf,
      ...gg,
      ...go,
      ...tc,
    ]);
    const value = tf.concat([...outputs, h, c], 0) as tf.Tensor2D; // [(time + 2)·batch, h]
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const savedX = at(saved, 0) as tf.Tensor2D; // [time·batch, in]
        const savedKernel = at(saved, 1) as tf.Tensor2D; // [in, 4h]
        const savedRecurrent = at(saved, 2) as tf.Tensor2D; // [h, 4h]
        const first = masked ? 4 : 3;
        const block = (k: number) => savedBlock(saved, first + k * time, time); // time × [batch, h]
        const [sh, sc, si, sf, sg, so, stc] = [0, 1, 2, 3, 4, 5, 6].map(block) as tf.Tensor2D[][];
        const masks = masked ? maskSteps(at(saved, 3) as tf.Tensor2D, time) : undefined; // t -> [batch, 1]
        if (!sh || !sc || !si || !sf || !sg || !so || !stc) throw new Error('internal: lstm saved');
        const dOut = packedGradientReader(dy, time, 2); // t -> [batch, h]
        // Local derivatives of every step at once, then cut into steps: dz_t = [dc', dc', dc', dh'] ⊙ gateScale_t.
        const I = tf.concat(si, 0); // [time·batch, h]
        const F = tf.concat(sf, 0); // [time·batch, h]
        const G = tf.concat(sg, 0); // [time·batch, h]
        const O = tf.concat(so, 0); // [time·batch, h]
        const TC = tf.concat(stc, 0); // [time·batch, h]
        const CP = tf.concat(sc, 0); // [time·batch, h]
        const gateScaleAll = tf.concat(
          [
            tf.mul(G, gateDerivative(gate, I)), // dz_i / dc'
            tf.mul(CP, gateDerivative(gate, F)), // dz_f / dc'
            tf.mul(I, tanhDerivative(G)), // dz_g / dc'
            tf.mul(TC, gateDerivative(gate, O)), // dz_o / dh'
          ],
          1,
        ); // [time·batch, 4h]
        const gateScale = stepReader(gateScaleAll as tf.Tensor2D, time); // t -> [batch, 4h]
        const cellScale = stepReader(tf.mul(O, tanhDerivative(TC)) as tf.Tensor2D, time); // t -> [batch, h]: dc'/dh'
        const recurrentT = tf.transpose(savedRecurrent); // [4h, h], once per backward
        let dh = dOut.final(0); // [batch, h]
        let dc = dOut.final(1); // [batch, h]
        const dZ: tf.Tensor2D[] = new Array(time);
        for (let k = time - 1; k >= 0; k--) {
          const t = at(order, k);
          const [dz, dhPrev, dcPrev] = tf.tidy(() => {
            let dhNew = tf.add(dh, dOut.output(t)); // [batch, h]
            let dcNew: tf.Tensor; // [batch, h]
            const m = masks?.real(t); // [batch, 1]
            if (m) {
              dhNew = tf.mul(dhNew, m);
              dcNew = tf.add(tf.mul(dc, m), tf.mul(dhNew, cellScale(t)));
            } else {
              dcNew = tf.add(dc, tf.mul(dhNew, cellScale(t)));
            }
            const dzStep = tf.mul(tf.concat([dcNew, dcNew, dcNew, dhNew], 1), gateScale(t)); // [batch, 4h]
            let dcStep = tf.mul(dcNew, at(sf, t)); // [batch, h]
            let dhStep = tf.matMul(dzStep, recurrentT); // [batch, h]
            if (masks) {
              const keep = masks.keep(t); // [batch, 1]
              dcStep = tf.add(dcStep, tf.mul(dc, keep));
              dhStep = tf.add(dhStep, tf.mul(dh, keep));
            }
            return [dzStep, dhStep, dcStep] as tf.Tensor2D[];
          });
          dZ[t] = dz as tf.Tensor2D;
          dh = dhPrev as tf.Tensor2D;
          dc = dcPrev as tf.Tensor2D;
        }
        const dZAll = tf.concat(dZ, 0); // [time·batch, 4h], time order
        const { dx, dKernel, dBias } = projectionGradients(savedX, savedKernel, dZAll, inputGradient);
        const dRecurrent = transposedMatMul(tf.concat(sh, 0), dZAll); // [h, 4h]
        return [dx, dKernel, dRecurrent, dBias, dh, dc];
      });
    return { value, gradFunc };
  }) as SequenceKernel;
}
