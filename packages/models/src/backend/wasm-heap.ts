// The few members of tfjs-backend-wasm 4.22's `BackendWasm` that the kernel fixes use, as a structural type.
// Type-only: no import of the wasm package, so the fixes load (and do nothing) where it is absent.

import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** Typed arrays a wasm tensor of a numeric dtype is viewed as. */
export type HeapArray = Float32Array | Int32Array | Uint8Array;

/** The parts of `BackendWasm` (tfjs-backend-wasm 4.22) a kernel here calls. */
export interface WasmBackendLike {
  /** Allocates a tensor on the wasm heap (uninitialised memory) and registers it. */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /**
   * A view (no copy) of a tensor's heap memory. It is invalidated when the heap grows, so take views only after
   * every `makeOutput` of the kernel.
   */
  typedArrayFromHeap(info: TensorInfo): HeapArray;
  /** Drops one reference to a tensor's data; frees it at zero. */
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Numeric dtypes whose data lives on the wasm heap (strings live in JS). */
export function isHeapDtype(dtype: DataType): boolean {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}
