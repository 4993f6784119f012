import { describe, expect, it } from 'vitest';
import { EXP_CUTOFF, expNonPositive } from './exp.js';
import { createRng } from './rng.js';

describe('expNonPositive', () => {
  it('stays within 2e-13 relative error of Math.exp on [-700, 0]', () => {
    const rng = createRng(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const y = i % 2 === 0 ? -700 * rng.nextFloat() : -10 * rng.nextFloat();
      const exact = Math.exp(y);
      worst = Math.max(worst, Math.abs(expNonPositive(y) - exact) / exact);
    }
    expect(worst).toBeLessThan(2e-13);
    expect(worst).toBeGreaterThan(0);
  });

  it('is exact at 0 and on multiples of ln2 / 64 near 0, and 0 below the cut-off', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-Math.LN2)).toBeCloseTo(0.5, 15);
    expect(expNonPositive(EXP_CUTOFF)).toBeGreaterThan(0);
    expect(expNonPositive(EXP_CUTOFF - 1e-9)).toBe(0);
    expect(expNonPositive(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('is monotone on a fine grid', () => {
    let previous = 0;
    let decreases = 0;
    for (let y = -50; y <= 0; y += 1e-3) {
      const value = expNonPositive(y);
      if (value < previous) decreases++;
      previous = value;
    }
    expect(decreases).toBe(0);
  });
});
