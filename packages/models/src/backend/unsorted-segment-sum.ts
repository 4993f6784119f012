// The `UnsortedSegmentSum` kernel that tfjs-backend-wasm 4.22 lacks (the gradient of tf.gather needs it), in JS
// on views of the wasm heap. Float32 and int32 inputs; it leaves out complex and string tensors.

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-heap.js';

function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * Sums the rows of `x` into `numSegments` rows by segment id, as tfjs's cpu backend does: the output has shape
 * `[numSegments, ...x.shape.slice(1)]`, and a row whose id is negative or `>= numSegments` is dropped.
 * `segmentIds` is int32 and 1-D with one id per row, as tfjs documents it (the cpu backend fails on other ranks).
 * The output keeps `x`'s dtype (the cpu backend returns float32 for int32 input).
 */
export const unsortedSegmentSumKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as WasmBackendLike;
  const x = inputs['x'] as TensorInfo;
  const segmentIds = inputs['segmentIds'] as TensorInfo;
  const numSegments = attrs?.['numSegments'] as number;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum (wasm): x must be float32 or int32, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum (wasm): segmentIds must be int32, got ${segmentIds.dtype}`);
  }
  const rows = x.shape[0];
  if (segmentIds.shape.length !== 1 || rows === undefined || segmentIds.shape[0] !== rows) {
    throw new Error(
      `UnsortedSegmentSum (wasm): segmentIds must be 1-D with one id per row of x, got shape ` +
        `[${segmentIds.shape}] for x of shape [${x.shape}]`,
    );
  }
  const rowSize = sizeOf(x.shape.slice(1));

  const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  // Views only after the last allocation: makeOutput may grow (and so detach) the heap.
  const outValues = wasm.typedArrayFromHeap(out);
  const xValues = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  outValues.fill(0);
  for (let row = 0; row < rows; row++) {
    const segment = ids[row] as number;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) {
      outValues[to + j] = (outValues[to + j] as number) + (xValues[from + j] as number);
    }
  }
  return out;
};
