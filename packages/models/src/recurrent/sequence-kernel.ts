// Shared pieces of the hand-written BPTT kernels: options, step order, input projection, mask steps, weight gradients.
// Leaves out the cell maths (one file per cell) and the public layer API (recurrent-layer.ts).

import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of one sequence kernel call. Everything is time-major: row `t·batch + b` of a 2-D tensor is
 * time step `t` of batch row `b`.
 */
export interface SequenceKernelOptions {
  readonly time: number;
  readonly batch: number;
  /** Process the steps from `time − 1` down to 0 (outputs stay at their own time index). */
  readonly reverse: boolean;
  /** `[time·batch, 1]` float32 of 0/1 (1 = a real step); absent when every step is real. */
  readonly mask?: tf.Tensor2D | undefined;
  /** When false, the gradient returned for `x` is zeros and its matmul is skipped (one-hot or constant input). */
  readonly inputGradient: boolean;
}

/**
 * A sequence kernel: `(x, kernel, recurrentKernel, bias, ...initialState) => packed`, where
 * x is `[time·batch, in]`, kernel `[in, k·h]`, recurrentKernel `[h, k·h]`, bias `[k·h]`, each initial state
 * `[batch, h]`, and packed is `[(time + stateCount)·batch, h]`: the outputs of every step in time order,
 * then the final states (`h`, then `c` for LSTM). Differentiable through `tf.customGrad`.
 */
export type SequenceKernel = (...inputs: tf.Tensor[]) => tf.Tensor2D;

/** The element at `index`, or a thrown Error when it is missing (keeps `noUncheckedIndexedAccess` honest). */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`internal: no item at index ${index} of ${items.length}`);
  return item;
}

/** The time indices in processing order: 0..time−1, or time−1..0 when `reverse`. */
export function stepOrder(time: number, reverse: boolean): number[] {
  const order = Array.from({ length: time }, (_, t) => t);
  return reverse ? order.reverse() : order;
}

/**
 * True when tensor data lives in host memory (the `cpu` and `wasm` backends), where reading a tensor once and
 * building its pieces from the host copy beats the backend's own slicing.
 */
function hostResident(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}

/**
 * Cuts `x` `[rows, width]` into `pieces` equal blocks of consecutive rows, each `[rows / pieces, width]`.
 *
 * Why not just `tf.split`: tfjs-backend-wasm 4.22 slices by copying the WHOLE input out of the wasm heap for every
 * piece, so cutting a `[64·32, 1024]` projection into 64 steps costs ~390 ms, and its Gather kernel ~60 ms; reading
 * the tensor once and building each piece from that host copy takes ~1.5 ms (measured here). On the host backends
 * (cpu, wasm) this does that; elsewhere (webgl, webgpu, node) it is `tf.split`. Only used inside the customGrad
 * kernels, where nothing is differentiated through it.
 */
export function splitRows(x: tf.Tensor2D, pieces: number): tf.Tensor2D[] {
  const [rows, width] = x.shape;
  const size = rows / pieces;
  if (!hostResident()) return tf.split(x, pieces, 0) as tf.Tensor2D[];
  const data = x.dataSync() as Float32Array;
  const view = tf.getBackend() === 'wasm'; // wasm copies into its heap; cpu would keep a view of x's storage
  return Array.from({ length: pieces }, (_, p) => {
    const part = view
      ? data.subarray(p * size * width, (p + 1) * size * width)
      : data.slice(p * size * width, (p + 1) * size * width);
    return tf.tensor2d(part, [size, width], x.dtype);
  });
}

/**
 * Cuts `x` `[rows, Σ widths]` into column blocks of the given `widths` (the gates of a fused gate pre-activation),
 * each `[rows, width]`. Host backends: one read and a row-by-row copy per block (see `splitRows`); elsewhere
 * `tf.split`.
 */
export function splitColumns(x: tf.Tensor2D, widths: readonly number[]): tf.Tensor2D[] {
  const [rows, width] = x.shape;
  if (!hostResident()) return tf.split(x, [...widths], 1) as tf.Tensor2D[];
  const data = x.dataSync() as Float32Array;
  let offset = 0;
  return widths.map((blockWidth) => {
    const part = new Float32Array(rows * blockWidth);
    for (let r = 0; r < rows; r++) {
      part.set(data.subarray(r * width + offset, r * width + offset + blockWidth), r * blockWidth);
    }
    offset += blockWidth;
    return tf.tensor2d(part, [rows, blockWidth], x.dtype);
  });
}

/** Step readers over a time-major `[time·batch, width]` tensor: `read(t)` is `[batch, width]` (see `splitRows`). */
export function stepReader(x: tf.Tensor2D, time: number): (t: number) => tf.Tensor2D {
  const steps = splitRows(x, time);
  return (t) => at(steps, t);
}

/** The `blocks` equal column blocks of `z` (`[batch, blocks·h]`), each `[batch, h]` (see `splitColumns`). */
export function gateBlocks(z: tf.Tensor2D, blocks: number): tf.Tensor2D[] {
  return splitColumns(
    z,
    Array.from({ length: blocks }, () => z.shape[1] / blocks),
  );
}

/**
 * Input projection of every time step in one matmul, `x·W + b` (`[time·batch, k·h]`, time-major rows), with a reader
 * of each step's `[batch, k·h]` rows, so the time loop does no matmul against W.
 */
export function projectInputs(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  time: number,
): (t: number) => tf.Tensor2D {
  const projected = tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D; // [time·batch, k·h]
  return stepReader(projected, time);
}

/** Readers of the mask's steps: `real(t)` = m_t and `keep(t)` = 1 − m_t, each `[batch, 1]`. */
export interface MaskSteps {
  readonly real: (t: number) => tf.Tensor2D;
  readonly keep: (t: number) => tf.Tensor2D;
}

/** Step readers of a `[time·batch, 1]` mask and its complement. */
export function maskSteps(mask: tf.Tensor2D, time: number): MaskSteps {
  return { real: stepReader(mask, time), keep: stepReader(tf.sub(1, mask), time) };
}

/** `aᵀ·b` as an explicit transpose and a plain matmul (wasm 4.22 runs `transposeA` 10–25x slower). */
export function transposedMatMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.transpose(a), b);
}

/**
 * Σ over the rows of `x` `[rows, width]` → `[width]`, as `ones[1, rows]·x`: wasm 4.22's Sum along axis 0 takes
 * ~26 ms on `[2048, 1024]`, the matmul ~0.5 ms (measured here).
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, width] = x.shape;
  return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [width]) as tf.Tensor1D;
}

/**
 * Gradients of the input projection `x·W + b` from the pre-activation gradients of every step `dZ`
 * (`[time·batch, k·h]`, time-major rows): `dW = xᵀ·dZ`, `db = Σ_rows dZ`, `dx = dZ·Wᵀ` — three big matmul-sized ops
 * after the time loop instead of one small one per step.
 */
export function projectionGradients(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  dZ: tf.Tensor2D,
  inputGradient: boolean,
): { dx: tf.Tensor2D; dKernel: tf.Tensor2D; dBias: tf.Tensor1D } {
  const dKernel = transposedMatMul(x, dZ); // [in, k·h]
  const dBias = columnSums(dZ); // [k·h]
  const dx: tf.Tensor2D = inputGradient ? tf.matMul(dZ, tf.transpose(kernel)) : tf.zerosLike(x); // [time·batch, in]
  return { dx, dKernel, dBias };
}

/**
 * Readers of the packed output gradient `[(time + stateCount)·batch, h]`: `output(t)` is step t's output gradient and
 * `final(k)` the gradient of final state k, each `[batch, h]`.
 */
export function packedGradientReader(
  dy: tf.Tensor2D,
  time: number,
  stateCount: number,
): { output: (t: number) => tf.Tensor2D; final: (k: number) => tf.Tensor2D } {
  const read = stepReader(dy, time + stateCount);
  return { output: read, final: (k) => read(time + k) };
}

/** Reads `count` consecutive saved tensors starting at `start` (the kernels save per-step tensors in blocks of `time`). */
export function savedBlock(saved: readonly tf.Tensor[], start: number, count: number): tf.Tensor2D[] {
  const block = saved.slice(start, start + count) as tf.Tensor2D[];
  if (block.length !== count) throw new Error(`internal: saved tensors ${start}..${start + count} missing`);
  return block;
}
