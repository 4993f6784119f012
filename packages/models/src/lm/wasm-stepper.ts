// A generation stepper for the wasm backend that calls its XNNPACK matmul directly and does the cell maths in JS.
// Leaves out training and dropout (inference only) and other backends (ops-stepper.ts runs anywhere).

import * as tf from '@tensorflow/tfjs-core';
import type { CellSpec } from '../recurrent/cell-spec.js';
import type { RecurrentNetwork } from '../recurrent/recurrent-network.js';
import type { CharLanguageModelState } from './lm-state.js';
import type { Stepper, StepResult } from './stepper.js';

/** The emscripten module of tfjs-backend-wasm 4.22, as far as this file uses it. */
interface WasmModuleLike {
  readonly HEAPF32: Float32Array;
  cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
}

/** The members of tfjs-backend-wasm 4.22's `BackendWasm` used here (structural; no import of the package). */
interface WasmBackendLike {
  readonly wasm: WasmModuleLike;
  readonly dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The current backend as the wasm backend, or `undefined` when it is another one (or not the 4.22 layout). */
export function currentWasmBackend(): WasmBackendLike | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  const wasm = backend.wasm as Partial<WasmModuleLike> | undefined;
  const ok =
    typeof backend.makeOutput === 'function' &&
    typeof backend.disposeData === 'function' &&
    typeof backend.dataIdMap?.get === 'function' &&
    typeof wasm?.cwrap === 'function' &&
    wasm.HEAPF32 instanceof Float32Array;
  return ok ? (backend as WasmBackendLike) : undefined;
}

/** A float32 buffer on the wasm heap, registered as a backend tensor (so the matmul kernel can address it). */
interface HeapBuffer {
  readonly info: tf.TensorInfo;
  /** Backend tensor id. */
  readonly id: number;
  /** Offset in floats into `HEAPF32`. */
  readonly offset: number;
}

/** One `[m, k]·[k, n] (+ bias)` product with fixed buffers, run through the kernel's cached XNNPACK operator. */
interface MatMulCall {
  readonly a: HeapBuffer;
  readonly b: HeapBuffer;
  readonly bias: HeapBuffer | undefined;
  readonly out: HeapBuffer;
  readonly aShape: Uint8Array;
  readonly bShape: Uint8Array;
}

/** Where a layer's new h is written: buffer, row stride and column offset (floats). */
interface Slot {
  readonly buffer: HeapBuffer;
  readonly stride: number;
  readonly column: number;
}

/** The heap buffers and matmuls of one layer. */
interface LayerPlan {
  /** LSTM/RNN: the gate pre-activations; GRU: h·U_zr. `[batch, k·h]` */
  readonly gates: MatMulCall;
  /** GRU above layer 0: x·W + b `[batch, 3h]`. */
  readonly inputProjection: MatMulCall | undefined;
  /** GRU: (r·h)·U_h `[batch, h]`. */
  readonly candidate: MatMulCall | undefined;
  /** Where the previous h must sit for `gates` (and for GRU the r·h input of `candidate`). */
  readonly recurrentSlot: Slot;
  /** Where the new h goes for the next layer (or the output layer). */
  readonly outputSlot: Slot;
}

const shapeBytes = (shape: number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/**
 * Steps a `RecurrentNetwork` on the wasm backend with one direct call into tfjs-backend-wasm's `_FusedMatMul` per
 * matmul and the cell's elementwise maths in a JS loop over heap views.
 *
 * Where the time goes in the straightforward step (`network.apply` on a `[1, batch]` slice): ~40 tfjs ops, each
 * paying the engine's bookkeeping (kernel lookup, tensor objects, tidy scopes, shape checks) that costs more than
 * the arithmetic at batch 1. Here a step is 2 matmul calls for a 2-layer LSTM plus the output layer (3 per GRU layer),
 * on buffers allocated once; the weights are snapshotted and pre-arranged once:
 * - layer 0's input projection is a table lookup: with one-hot input `x·W + b` is row `x` of `W + b` (with an
 *   embedding, of `E·W + b`), so it costs no matmul, only an add in the cell loop;
 * - above layer 0, `[x, h]·[W; U] + b` is one matmul (the kernel caches XNNPACK's packed weights by tensor id);
 * - the cell loop writes the new h straight into the next matmul's input rows (no concat, no copy).
 * Results equal `network.apply` within float rounding (the summation order differs above layer 0).
 */
export class WasmStepper implements Stepper {
  readonly batchSize: number;
  private readonly backend: WasmBackendLike;
  private readonly spec: CellSpec;
  private readonly hidden: number;
  private readonly outputSize: number;
  /** Layer 0's input projection table `[vocab, k·h]` (`W + b`, or `E·W + b` with an embedding). */
  private readonly inputTable: Float32Array;
  private readonly buffers: HeapBuffer[] = [];
  private readonly layers: LayerPlan[] = [];
  private readonly output: MatMulCall;
  private readonly fusedMatMul: (...args: unknown[]) => void;
  /** GRU: the update gate z of the current layer, `[batch·h]`. */
  private readonly scratch: Float32Array;
  private disposed = false;

  constructor(network: RecurrentNetwork, batchSize: number, backend: WasmBackendLike) {
    this.backend = backend;
    this.batchSize = batchSize;
    const stackLayers = network.stack.layers;
    const first = stackLayers[0];
    if (!first) throw new Error('internal: network without layers');
    this.spec = first.spec;
    const h = this.spec.hiddenSize;
    const cell = this.spec.cell;
    const k = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
    this.hidden = h;
    this.outputSize = network.outputSize;
    this.fusedMatMul = backend.wasm.cwrap('_FusedMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
      'number',
      'number',
      'number',
      'number',
    ]);
    this.inputTable = tf.tidy(() => {
      const projected = network.embedding
        ? tf.matMul(network.embedding.table, first.kernel) // [vocab, k·h]
        : first.kernel; // [vocab, k·h]
      return tf.add(projected, first.bias).dataSync() as Float32Array;
    });
    const B = batchSize;
    const L = stackLayers.length;
    // Input buffers: LSTM/RNN layer l > 0 reads [x, h] rows of width 2h; GRU reads x and h from separate buffers.
    const concatInput = cell !== 'gru';
    const recurrentInputs: HeapBuffer[] = [];
    const layerInputs: (HeapBuffer | undefined)[] = [];
    for (let l = 0; l < L; l++) {
      if (l > 0 && concatInput) {
        const xh = this.allocate([B, 2 * h]);
        layerInputs.push(xh);
        recurrentInputs.push(xh);
      } else {
        layerInputs.push(l > 0 ? this.allocate([B, h]) : undefined);
        recurrentInputs.push(this.allocate([B, h]));
      }
    }
    const top = this.allocate([B, h]);
    for (let l = 0; l < L; l++) {
      const layer = stackLayers[l];
      if (!layer) throw new Error('internal: missing layer');
      const [W, U, bias] = [layer.kernel, layer.recurrentKernel, layer.bias].map(
        (v) => v.dataSync() as Float32Array,
      ) as [Float32Array, Float32Array, Float32Array];
      const recurrent = recurrentInputs[l] as HeapBuffer;
      const isConcat = l > 0 && concatInput;
      const recurrentSlot: Slot = isConcat
        ? { buffer: recurrent, stride: 2 * h, column: h }
        : { buffer: recurrent, stride: h, column: 0 };
      const next = l + 1 < L ? layerInputs[l + 1] : undefined;
      const outputSlot: Slot =
        next === undefined
          ? { buffer: top, stride: h, column: 0 }
          : { buffer: next, stride: concatInput ? 2 * h : h, column: 0 };
      let gates: MatMulCall;
      let inputProjection: MatMulCall | undefined;
      let candidate: MatMulCall | undefined;
      if (cell === 'gru') {
        const uzr = new Float32Array(h * 2 * h);
        const uh = new Float32Array(h * h);
        for (let r = 0; r < h; r++) {
          uzr.set(U.subarray(r * 3 * h, r * 3 * h + 2 * h), r * 2 * h);
          uh.set(U.subarray(r * 3 * h + 2 * h, (r + 1) * 3 * h), r * h);
        }
        gates = this.matMul(recurrent, this.allocate([h, 2 * h], uzr), undefined, B, h, 2 * h);
        candidate = this.matMul(this.allocate([B, h]), this.allocate([h, h], uh), undefined, B, h, h);
        if (l > 0) {
          const input = layerInputs[l] as HeapBuffer;
          inputProjection = this.matMul(
            input,
            this.allocate([h, 3 * h], W),
            this.allocate([3 * h], bias),
            B,
            h,
            3 * h,
          );
        }
      } else if (l === 0) {
        gates = this.matMul(recurrent, this.allocate([h, k * h], U), undefined, B, h, k * h);
      } else {
        const stacked = new Float32Array(2 * h * k * h);
        stacked.set(W, 0);
        stacked.set(U, h * k * h);
        gates = this.matMul(
          recurrent,
          this.allocate([2 * h, k * h], stacked),
          this.allocate([k * h], bias),
          B,
          2 * h,
          k * h,
        );
      }
      this.layers.push({ gates, inputProjection, candidate, recurrentSlot, outputSlot });
    }
    this.output = this.matMul(
      top,
      this.allocate([h, this.outputSize], network.output.kernel.dataSync() as Float32Array),
      this.allocate([this.outputSize], network.output.bias.dataSync() as Float32Array),
      B,
      h,
      this.outputSize,
    );
    this.scratch = new Float32Array(cell === 'gru' ? B * h : 0);
  }

  private allocate(shape: number[], values?: Float32Array): HeapBuffer {
    const info = this.backend.makeOutput(shape, 'float32', undefined, values);
    const data = this.backend.dataIdMap.get(info.dataId);
    if (!data) throw new Error('internal: wasm buffer not registered');
    const buffer: HeapBuffer = { info, id: data.id, offset: data.memoryOffset / 4 };
    this.buffers.push(buffer);
    return buffer;
  }

  private matMul(
    a: HeapBuffer,
    b: HeapBuffer,
    bias: HeapBuffer | undefined,
    m: number,
    k: number,
    n: number,
  ): MatMulCall {
    const out = this.allocate([m, n]);
    return { a, b, bias, out, aShape: shapeBytes([1, m, k]), bShape: shapeBytes([1, k, n]) };
  }

  private run(call: MatMulCall): void {
    // a_id, a_shape, a_rank, b_id, b_shape, b_rank, transpose_a, transpose_b, activation (linear), bias_id,
    // prelu_weights_id, leakyrelu_alpha, out_id
    this.fusedMatMul(
      call.a.id,
      call.aShape,
      3,
      call.b.id,
      call.bShape,
      3,
      0,
      0,
      0,
      call.bias?.id ?? 0,
      0,
      0,
      call.out.id,
    );
  }

  /** Writes the h of `state` into every layer's recurrent slot. */
  private loadState(heap: Float32Array, state: CharLanguageModelState): void {
    const h = this.hidden;
    this.layers.forEach((plan, l) => {
      const values = state.layers[l]?.[0] as Float32Array;
      const { buffer, stride, column } = plan.recurrentSlot;
      for (let b = 0; b < this.batchSize; b++) {
        heap.set(values.subarray(b * h, (b + 1) * h), buffer.offset + b * stride + column);
      }
    });
  }

  step(state: CharLanguageModelState, tokenIds: Int32Array): StepResult {
    if (this.disposed) throw new Error('internal: stepper used after dispose');
    let heap = this.backend.wasm.HEAPF32;
    // Always reload: a caller may have edited a returned state in place (e.g. reset one row of a batch).
    this.loadState(heap, state);
    const newLayers: Float32Array[][] = [];
    const cell = this.spec.cell;
    for (let l = 0; l < this.layers.length; l++) {
      const plan = this.layers[l] as LayerPlan;
      const previous = state.layers[l] as readonly Float32Array[];
      const hOld = previous[0] as Float32Array;
      const hNew = new Float32Array(hOld.length);
      if (cell === 'lstm') {
        this.run(plan.gates);
        heap = this.backend.wasm.HEAPF32;
        const cNew = new Float32Array(hOld.length);
        this.lstmCell(heap, plan, l === 0 ? tokenIds : undefined, previous[1] as Float32Array, hNew, cNew);
        newLayers.push([hNew, cNew]);
      } else if (cell === 'gru') {
        if (plan.inputProjection) this.run(plan.inputProjection);
        this.run(plan.gates);
        heap = this.backend.wasm.HEAPF32;
        this.gruGates(heap, plan, l === 0 ? tokenIds : undefined, hOld);
        this.run(plan.candidate as MatMulCall);
        heap = this.backend.wasm.HEAPF32;
        this.gruOutput(heap, plan, l === 0 ? tokenIds : undefined, hOld, hNew);
        newLayers.push([hNew]);
      } else {
        this.run(plan.gates);
        heap = this.backend.wasm.HEAPF32;
        this.rnnCell(heap, plan, l === 0 ? tokenIds : undefined, hNew);
        newLayers.push([hNew]);
      }
    }
    this.run(this.output);
    heap = this.backend.wasm.HEAPF32;
    const logitsStart = this.output.out.offset;
    const logits = heap.slice(logitsStart, logitsStart + this.batchSize * this.outputSize);
    const next: CharLanguageModelState = { batchSize: this.batchSize, layers: newLayers };
    return { logits, state: next };
  }

  /** LSTM gates → c', h'; h' goes to the state, the recurrent slot and the output slot. */
  private lstmCell(
    heap: Float32Array,
    plan: LayerPlan,
    tokenIds: Int32Array | undefined,
    cOld: Float32Array,
    hNew: Float32Array,
    cNew: Float32Array,
  ): void {
    const h = this.hidden;
    const table = this.inputTable;
    const hard = this.spec.recurrentActivation === 'hardSigmoid';
    const z = plan.gates.out.offset;
    const rec = plan.recurrentSlot;
    const out = plan.outputSlot;
    for (let b = 0; b < this.batchSize; b++) {
      const zRow = z + b * 4 * h;
      const tRow = tokenIds ? (tokenIds[b] as number) * 4 * h : -1;
      const recRow = rec.buffer.offset + b * rec.stride + rec.column;
      const outRow = out.buffer.offset + b * out.stride + out.column;
      const sRow = b * h;
      for (let j = 0; j < h; j++) {
        let zi = heap[zRow + j] as number;
        let zf = heap[zRow + h + j] as number;
        let zg = heap[zRow + 2 * h + j] as number;
        let zo = heap[zRow + 3 * h + j] as number;
        if (tRow >= 0) {
          zi = (table[tRow + j] as number) + zi;
          zf = (table[tRow + h + j] as number) + zf;
          zg = (table[tRow + 2 * h + j] as number) + zg;
          zo = (table[tRow + 3 * h + j] as number) + zo;
        }
        const i = hard ? hardSigmoid(zi) : 1 / (1 + Math.exp(-zi));
        const f = hard ? hardSigmoid(zf) : 1 / (1 + Math.exp(-zf));
        const g = Math.tanh(zg);
        const o = hard ? hardSigmoid(zo) : 1 / (1 + Math.exp(-zo));
        const c = f * (cOld[sRow + j] as number) + i * g;
        const hv = o * Math.tanh(c);
        cNew[sRow + j] = c;
        hNew[sRow + j] = hv;
        heap[recRow + j] = hv;
        heap[outRow + j] = hv;
      }
    }
  }

  /** GRU first half: z and r from `x·W + b + h·U_zr`; writes r·h into the candidate matmul's input. */
  private gruGates(
    heap: Float32Array,
    plan: LayerPlan,
    tokenIds: Int32Array | undefined,
    hOld: Float32Array,
  ): void {
    const h = this.hidden;
    const table = this.inputTable;
    const hard = this.spec.recurrentActivation === 'hardSigmoid';
    const zr = plan.gates.out.offset;
    const xp = plan.inputProjection?.out.offset ?? -1;
    const rh = (plan.candidate as MatMulCall).a.offset;
    const zs = this.scratch;
    for (let b = 0; b < this.batchSize; b++) {
      const zrRow = zr + b * 2 * h;
      const sRow = b * h;
      for (let j = 0; j < h; j++) {
        let xz: number;
        let xr: number;
        if (tokenIds) {
          const tRow = (tokenIds[b] as number) * 3 * h;
          xz = table[tRow + j] as number;
          xr = table[tRow + h + j] as number;
        } else {
          xz = heap[xp + b * 3 * h + j] as number;
          xr = heap[xp + b * 3 * h + h + j] as number;
        }
        const az = xz + (heap[zrRow + j] as number);
        const ar = xr + (heap[zrRow + h + j] as number);
        const z = hard ? hardSigmoid(az) : 1 / (1 + Math.exp(-az));
        const r = hard ? hardSigmoid(ar) : 1 / (1 + Math.exp(-ar));
        zs[sRow + j] = z;
        heap[rh + sRow + j] = r * (hOld[sRow + j] as number);
      }
    }
  }

  /** GRU second half: ĥ = tanh(x_h + (r·h)·U_h), h' = ĥ + z·(h − ĥ). */
  private gruOutput(
    heap: Float32Array,
    plan: LayerPlan,
    tokenIds: Int32Array | undefined,
    hOld: Float32Array,
    hNew: Float32Array,
  ): void {
    const h = this.hidden;
    const table = this.inputTable;
    const cand = (plan.candidate as MatMulCall).out.offset;
    const xp = plan.inputProjection?.out.offset ?? -1;
    const zs = this.scratch;
    const rec = plan.recurrentSlot;
    const out = plan.outputSlot;
    for (let b = 0; b < this.batchSize; b++) {
      const sRow = b * h;
      const recRow = rec.buffer.offset + b * rec.stride + rec.column;
      const outRow = out.buffer.offset + b * out.stride + out.column;
      for (let j = 0; j < h; j++) {
        const xh = tokenIds
          ? (table[(tokenIds[b] as number) * 3 * h + 2 * h + j] as number)
          : (heap[xp + b * 3 * h + 2 * h + j] as number);
        const candidate = Math.tanh(xh + (heap[cand + sRow + j] as number));
        const previous = hOld[sRow + j] as number;
        const hv = candidate + (zs[sRow + j] as number) * (previous - candidate);
        hNew[sRow + j] = hv;
        heap[recRow + j] = hv;
        heap[outRow + j] = hv;
      }
    }
  }

  /** RNN: h' = act(pre) with pre = x·W + b + h·U. */
  private rnnCell(
    heap: Float32Array,
    plan: LayerPlan,
    tokenIds: Int32Array | undefined,
    hNew: Float32Array,
  ): void {
    const h = this.hidden;
    const table = this.inputTable;
    const linear = this.spec.activation === 'linear';
    const z = plan.gates.out.offset;
    const rec = plan.recurrentSlot;
    const out = plan.outputSlot;
    for (let b = 0; b < this.batchSize; b++) {
      const zRow = z + b * h;
      const tRow = tokenIds ? (tokenIds[b] as number) * h : -1;
      const recRow = rec.buffer.offset + b * rec.stride + rec.column;
      const outRow = out.buffer.offset + b * out.stride + out.column;
      for (let j = 0; j < h; j++) {
        let pre = heap[zRow + j] as number;
        if (tRow >= 0) pre = (table[tRow + j] as number) + pre;
        const hv = linear ? pre : Math.tanh(pre);
        hNew[b * h + j] = hv;
        heap[recRow + j] = hv;
        heap[outRow + j] = hv;
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buffer of this.buffers) this.backend.disposeData(buffer.info.dataId, true);
    this.buffers.length = 0;
  }
}

function hardSigmoid(x: number): number {
  return Math.max(0, Math.min(1, 0.2 * x + 0.5));
}
