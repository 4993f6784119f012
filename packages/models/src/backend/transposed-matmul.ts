// Fast transposed matmuls on tfjs-backend-wasm 4.22, whose transposeA/transposeB path is 10-25x slower than plain:
// transpose the operands (or the product) with the wasm Transpose kernel, then run the plain kernel.

import { getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-heap.js';

/** Shape with its last two dimensions swapped. */
function swapLastTwo(shape: readonly number[]): number[] {
  const swapped = shape.slice();
  const rank = shape.length;
  swapped[rank - 2] = shape[rank - 1] as number;
  swapped[rank - 1] = shape[rank - 2] as number;
  return swapped;
}

/**
 * `x` with its last two axes swapped, in memory. When one of them has size 1 the layout is already right and the
 * result shares `x`'s data (nothing to dispose); otherwise a new tensor is made and pushed onto `temporaries`.
 */
function materialiseTranspose(
  x: TensorInfo,
  backend: WasmBackendLike,
  transpose: KernelConfig,
  temporaries: TensorInfo[],
): TensorInfo {
  const rank = x.shape.length;
  if (x.shape[rank - 1] === 1 || x.shape[rank - 2] === 1) {
    return { dataId: x.dataId, shape: swapLastTwo(x.shape), dtype: x.dtype };
  }
  const perm = x.shape.map((_, axis) => axis);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  const transposed = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  temporaries.push(transposed);
  return transposed;
}

function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Elements a transpose of the last two axes copies (0 when one of them has size 1: a free reshape). */
function transposeCost(x: TensorInfo): number {
  const rank = x.shape.length;
  return x.shape[rank - 1] === 1 || x.shape[rank - 2] === 1 ? 0 : sizeOf(x.shape);
}

/**
 * Wraps a wasm matmul kernel (`BatchMatMul` or `_FusedMatMul`: inputs `a`, `b`, attrs `transposeA`, `transposeB`)
 * so that a transposed case runs as a plain one on transposed copies, freed before it returns. The plain case
 * calls `original` unchanged. With `allowSwap` (no bias or activation to apply) it may instead compute
 * `C = (op(B)ᵀ · op(A)ᵀ)ᵀ`, where a transposed operand is used as stored and only the others and the product are
 * transposed; it picks whichever of the two copies fewer elements (the wasm Transpose runs at ≈ 10 ns per element
 * here, so a [1024, 256] weight costs as much as the [32, 256] x [256, 1024] product itself).
 */
export function transposeFirst(
  original: KernelConfig | undefined,
  { allowSwap }: { allowSwap: boolean },
): KernelFunc {
  if (original === undefined) throw new Error('transposeFirst needs the original wasm matmul kernel');
  return (args) => {
    const transposeA = args.attrs?.['transposeA'] === true;
    const transposeB = args.attrs?.['transposeB'] === true;
    const transpose = getKernel('Transpose', 'wasm');
    if ((!transposeA && !transposeB) || transpose === undefined) return original.kernelFunc(args);
    const backend = args.backend as WasmBackendLike;
    const a = args.inputs['a'] as TensorInfo;
    const b = args.inputs['b'] as TensorInfo;
    const plainAttrs = { ...args.attrs, transposeA: false, transposeB: false };
    const temporaries: TensorInfo[] = [];
    try {
      const directCost = (transposeA ? transposeCost(a) : 0) + (transposeB ? transposeCost(b) : 0);
      if (allowSwap) {
        const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)] as number;
        const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)] as number;
        const batch = Math.max(sizeOf(a.shape.slice(0, -2)), sizeOf(b.shape.slice(0, -2)));
        const productCost = rows === 1 || columns === 1 ? 0 : batch * rows * columns;
        const swappedCost =
          (transposeA ? 0 : transposeCost(a)) + (transposeB ? 0 : transposeCost(b)) + productCost;
        if (swappedCost < directCost) {
          const product = original.kernelFunc({
            ...args,
            inputs: {
              a: transposeB ? b : materialiseTranspose(b, backend, transpose, temporaries),
              b: transposeA ? a : materialiseTranspose(a, backend, transpose, temporaries),
            },
            attrs: plainAttrs,
          }) as TensorInfo;
          const copies: TensorInfo[] = [];
          const result = materialiseTranspose(product, backend, transpose, copies);
          // A product with a unit dimension is returned reshaped, sharing its data: it must not be freed then.
          if (copies.length > 0) temporaries.push(product);
          return result;
        }
      }
      return original.kernelFunc({
        ...args,
        inputs: {
          ...args.inputs,
          a: transposeA ? materialiseTranspose(a, backend, transpose, temporaries) : a,
          b: transposeB ? materialiseTranspose(b, backend, transpose, temporaries) : b,
        },
        attrs: plainAttrs,
      });
    } finally {
      for (const temporary of temporaries) backend.disposeData(temporary.dataId);
    }
  };
}
