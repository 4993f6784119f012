// Seeded weight initialisers in plain JS: Glorot-uniform kernels and orthogonal recurrent kernels (Keras defaults).
// Leaves out other schemes; orthogonal uses modified Gram-Schmidt in float64 (tfjs' own takes ~5 s on wasm at 256).

import type { SeededRng } from '@charloom/sampling';

/** Glorot-uniform values for a `[rows, cols]` matrix: U(−l, l) with l = √(6 / (rows + cols)), row-major. */
export function glorotUniform(rows: number, cols: number, rng: SeededRng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let k = 0; k < values.length; k++) values[k] = (2 * rng.nextFloat() - 1) * limit;
  return values;
}

function gaussian(rng: SeededRng): number {
  const u = 1 - rng.nextFloat(); // (0, 1]
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * An orthogonal `[rows, cols]` matrix (row-major): orthonormal rows when rows ≤ cols, orthonormal columns
 * otherwise, from a Gaussian matrix by modified Gram-Schmidt, as Keras' `Orthogonal` initializer (gain 1).
 */
export function orthogonal(rows: number, cols: number, rng: SeededRng): Float32Array {
  const short = Math.min(rows, cols);
  const long = Math.max(rows, cols);
  const vectors: Float64Array[] = [];
  for (let k = 0; k < short; k++) {
    const v = new Float64Array(long);
    for (let j = 0; j < long; j++) v[j] = gaussian(rng);
    for (const u of vectors) {
      let dot = 0;
      for (let j = 0; j < long; j++) dot += (u[j] as number) * (v[j] as number);
      for (let j = 0; j < long; j++) v[j] = (v[j] as number) - dot * (u[j] as number);
    }
    let norm = 0;
    for (let j = 0; j < long; j++) norm += (v[j] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < long; j++) v[j] = (v[j] as number) / norm;
    vectors.push(v);
  }
  const values = new Float32Array(rows * cols);
  for (let k = 0; k < short; k++) {
    const v = vectors[k] as Float64Array;
    for (let j = 0; j < long; j++) {
      if (rows <= cols) values[k * cols + j] = v[j] as number;
      else values[j * cols + k] = v[j] as number;
    }
  }
  return values;
}
