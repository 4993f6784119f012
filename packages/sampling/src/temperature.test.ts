import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { EMPTY_LOGITS_CONTEXT } from './logits-processor.js';
import { softmax } from './softmax.js';
import { temperature } from './temperature.js';

describe('temperature', () => {
  it('writes (x - max) / t in place: the maximum becomes 0', () => {
    const logits = new Float32Array([1, -2, 4, Number.NEGATIVE_INFINITY]);
    expect(temperature(0.5)(logits, EMPTY_LOGITS_CONTEXT)).toBe(logits);
    expect(Array.from(logits)).toEqual([-6, -12, 0, Number.NEGATIVE_INFINITY]);
  });

  it('gives the distribution softmax(x / t) (computed in float64)', () => {
    const x = [2.5, -1, 0.25, 7, 3];
    for (const t of [0.3, 0.7, 2.5, 40]) {
      const scaled = x.map((v) => v / t);
      const top = Math.max(...scaled);
      const weights = scaled.map((v) => Math.exp(v - top));
      const total = weights.reduce((a, b) => a + b, 0);
      const probs = softmax(temperature(t)(Float32Array.from(x), EMPTY_LOGITS_CONTEXT));
      probs.forEach((p, i) => {
        expect(p).toBeCloseTo(weights[i]! / total, 6);
      });
    }
  });

  it.each([5e-324, 1e-40, 1e-38, 1e-20, 1e-4])(
    'at t = %s keeps the maximum at 0 and overflows only to -Infinity',
    (t) => {
      for (const row of [
        [5, 4.9, 1, -3],
        [-1.2, -0.35, -2.5, -4],
        [3e38, 2.9e38, -3e38, 1],
      ]) {
        const out = temperature(t)(Float32Array.from(row), EMPTY_LOGITS_CONTEXT);
        const argmax = row.indexOf(Math.max(...row));
        expect(out[argmax]).toBe(0);
        out.forEach((y, i) => {
          if (i !== argmax) expect(y).toBeLessThan(0);
          expect(Number.isNaN(y)).toBe(false);
        });
      }
    },
  );

  it('at t = 1e-40 turns the probe [5, 4.9, 1, -3] into a one-hot row', () => {
    const out = temperature(1e-40)(new Float32Array([5, 4.9, 1, -3]), EMPTY_LOGITS_CONTEXT);
    expect(Array.from(out)).toEqual([0, ...new Array(3).fill(Number.NEGATIVE_INFINITY)]);
    expect(Array.from(softmax(out))).toEqual([1, 0, 0, 0]);
  });

  it('leaves rows with +Infinity, all -Infinity, or no entries as they are; NaN stays NaN', () => {
    const inf = Number.POSITIVE_INFINITY;
    const withInfinity = new Float32Array([inf, 1, inf, -2]);
    expect(Array.from(temperature(1e-3)(withInfinity, EMPTY_LOGITS_CONTEXT))).toEqual([inf, 1, inf, -2]);
    const masked = new Float32Array(3).fill(Number.NEGATIVE_INFINITY);
    expect(Array.from(temperature(0.5)(masked, EMPTY_LOGITS_CONTEXT))).toEqual(Array.from(masked));
    expect(temperature(0.5)(new Float32Array(0), EMPTY_LOGITS_CONTEXT)).toHaveLength(0);
    const withNaN = temperature(0.5)(new Float32Array([1, Number.NaN, 3]), EMPTY_LOGITS_CONTEXT);
    expect(Array.from(withNaN)).toEqual([-4, Number.NaN, 0]);
  });

  it('t = 1 changes nothing; lower t sharpens and higher t flattens the distribution', () => {
    const logits = new Float32Array([1, 2, 3]);
    expect(Array.from(temperature(1)(logits.slice(), EMPTY_LOGITS_CONTEXT))).toEqual([1, 2, 3]);
    const top = (t: number): number => softmax(temperature(t)(logits.slice(), EMPTY_LOGITS_CONTEXT))[2]!;
    expect(top(0.5)).toBeGreaterThan(top(1));
    expect(top(2)).toBeLessThan(top(1));
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1', null])(
    'rejects t = %s naming temperature',
    (t) => {
      expect(() => temperature(t as number)).toThrow(InvalidArgumentError);
      expect(() => temperature(t as number)).toThrow(/^temperature must be a finite number > 0, got /);
    },
  );
});
