// The median of three numbers, for choosing quickselect pivots in top-k and top-p.
// Leaves out NaN handling: with a NaN argument the result is NaN (top-k detects NaN itself).

/** The middle value of `a`, `b`, `c`. */
export function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
