// Slice, Unpack (tf.unstack) and SplitV (tf.split) kernels for tfjs-backend-wasm 4.22 that copy only the part taken.
// The stock kernels first copy the whole input out of the heap (readSync) for every slice; strings go to them still.

import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  slice_util,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { type HeapArray, isHeapDtype, type WasmBackendLike } from './wasm-heap.js';

/** Below this many elements a block is copied in a loop; above it with `TypedArray.set` (less call overhead). */
const SMALL_BLOCK = 32;

/**
 * Copies the box `begin`..`begin + size` of a row-major array of shape `shape` into `target` (row-major, dense).
 * Trailing axes taken whole are merged into one contiguous block per index of the outer axes.
 */
export function copySlice(
  source: HeapArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  target: HeapArray,
): void {
  const rank = shape.length;
  if (size.some((dim) => dim === 0)) return;
  if (rank === 0) {
    target[0] = source[0] as number;
    return;
  }
  // Find the innermost axis not taken whole: everything after it is one contiguous run per outer index.
  let axis = rank - 1;
  let run = 1;
  while (axis >= 0 && begin[axis] === 0 && size[axis] === shape[axis]) {
    run *= shape[axis] as number;
    axis--;
  }
  if (axis < 0) {
    target.set(source.subarray(0, run));
    return;
  }
  const block = (size[axis] as number) * run;
  const blockStart = (begin[axis] as number) * run;
  const strides = util.computeStrides(shape as number[]);
  const counter = new Array<number>(axis).fill(0);
  let outerCount = 1;
  for (let i = 0; i < axis; i++) outerCount *= size[i] as number;
  let outOffset = 0;
  for (let n = 0; n < outerCount; n++) {
    let offset = blockStart;
    for (let i = 0; i < axis; i++)
      offset += ((begin[i] as number) + (counter[i] as number)) * (strides[i] as number);
    if (block < SMALL_BLOCK) {
      for (let j = 0; j < block; j++) target[outOffset + j] = source[offset + j] as number;
    } else {
      target.set(source.subarray(offset, offset + block), outOffset);
    }
    outOffset += block;
    for (let i = axis - 1; i >= 0; i--) {
      counter[i] = (counter[i] as number) + 1;
      if ((counter[i] as number) < (size[i] as number)) break;
      counter[i] = 0;
    }
  }
}

/** Makes every output first, then copies: heap views are taken only after the last allocation. */
function sliceMany(
  backend: WasmBackendLike,
  x: TensorInfo,
  boxes: readonly { begin: number[]; size: number[]; outShape: number[] }[],
): TensorInfo[] {
  const outs = boxes.map(({ outShape }) => backend.makeOutput(outShape, x.dtype));
  const source = backend.typedArrayFromHeap(x);
  boxes.forEach(({ begin, size }, i) => {
    copySlice(source, x.shape, begin, size, backend.typedArrayFromHeap(outs[i] as TensorInfo));
  });
  return outs;
}

function needsOriginal(original: KernelConfig | undefined, kernelName: string): KernelConfig {
  if (original === undefined) throw new Error(`the ${kernelName} fix needs the original wasm kernel`);
  return original;
}

/** `Slice` copying only the slice (the stock kernel copies the whole input first). */
export function sliceKernel(original: KernelConfig | undefined): KernelFunc {
  const stock = needsOriginal(original, 'Slice');
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (!isHeapDtype(x.dtype)) return stock.kernelFunc(args);
    const [begin, size] = slice_util.parseSliceParams(
      x,
      args.attrs?.['begin'] as number | number[],
      args.attrs?.['size'] as number | number[] | undefined,
    ) as [number[], number[]];
    slice_util.assertParamsValid(x, begin, size);
    return sliceMany(args.backend as WasmBackendLike, x, [{ begin, size, outShape: size }])[0] as TensorInfo;
  };
}

/** `Unpack` (tf.unstack) reading the input once in total instead of once per output. */
export function unpackKernel(original: KernelConfig | undefined): KernelFunc {
  const stock = needsOriginal(original, 'Unpack');
  return (args) => {
    const value = args.inputs['value'] as TensorInfo;
    if (!isHeapDtype(value.dtype)) return stock.kernelFunc(args);
    const rank = value.shape.length;
    let axis = args.attrs?.['axis'] as number;
    if (axis < 0) axis += rank;
    const count = value.shape[axis] as number;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const size = value.shape.slice();
    size[axis] = 1;
    const boxes = Array.from({ length: count }, (_, index) => {
      const begin = new Array<number>(rank).fill(0);
      begin[axis] = index;
      return { begin, size, outShape };
    });
    return sliceMany(args.backend as WasmBackendLike, value, boxes);
  };
}

/** `SplitV` (tf.split) reading the input once in total instead of once per output. */
export function splitKernel(original: KernelConfig | undefined): KernelFunc {
  const stock = needsOriginal(original, 'SplitV');
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (!isHeapDtype(x.dtype)) return stock.kernelFunc(args);
    const axis = util.parseAxisParam(args.attrs?.['axis'] as number, x.shape)[0] as number;
    const splitSizes = backend_util.prepareSplitSize(
      x,
      args.attrs?.['numOrSizeSplits'] as number | number[],
      axis,
    );
    let start = 0;
    const boxes = splitSizes.map((splitSize) => {
      const begin = new Array<number>(x.shape.length).fill(0);
      begin[axis] = start;
      const size = x.shape.slice();
      size[axis] = splitSize;
      start += splitSize;
      return { begin, size, outShape: size };
    });
    return sliceMany(args.backend as WasmBackendLike, x, boxes);
  };
}
