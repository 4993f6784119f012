// A table-driven exp for arguments <= 0, about 2.5x faster than Math.exp; used where every draw pays one exp
// per vocabulary entry (the multinomial draw, top-p). Leaves out positive arguments and correct rounding.

/** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude < 2^51 to the nearest integer. */
const ROUND_TO_INTEGER = 6755399441055744;
const SIXTY_FOUR_OVER_LN2 = 64 / Math.LN2;
const LN2_OVER_SIXTY_FOUR = Math.LN2 / 64;
/** Arguments below this give 0 (exp(-700) is about 1e-304). */
export const EXP_CUTOFF = -700;

/** 2^(j/64) for j = 0..63. */
const FRACTION_POWERS = new Float64Array(64).map((_, j) => 2 ** (j / 64));
/** 2^(e - 1024) for e = 0..1024 (exact: powers of two). */
const POWERS_OF_TWO = new Float64Array(1025).map((_, e) => 2 ** (e - 1024));

/**
 * `exp(y)` for `y <= 0`, with relative error below 2e-13 (measured against Math.exp in exp.test.ts).
 * Returns 0 for `y < -700` and for -Infinity, and exactly 1 for 0. NaN gives 0; callers reject NaN earlier.
 *
 * Method: write `y = k * ln2/64 + r` with k = round(y * 64/ln2), so |r| <= ln2/128; then
 * `exp(y) = 2^(k >> 6) * 2^((k & 63)/64) * exp(r)`, the two powers from tables and exp(r) from its degree-4
 * Taylor polynomial (truncation error below |r|^5/120 < 4e-14).
 */
export function expNonPositive(y: number): number {
  if (!(y >= EXP_CUTOFF)) return 0;
  const k = y * SIXTY_FOUR_OVER_LN2 + ROUND_TO_INTEGER - ROUND_TO_INTEGER;
  const r = y - k * LN2_OVER_SIXTY_FOUR;
  const ki = k | 0;
  const polynomial = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  return POWERS_OF_TWO[1024 + (ki >> 6)]! * FRACTION_POWERS[ki & 63]! * polynomial;
}
