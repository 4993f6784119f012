import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { EMPTY_LOGITS_CONTEXT } from './logits-processor.js';
import { softmax } from './softmax.js';
import { temperature } from './temperature.js';

describe('temperature', () => {
  it('divides the logits by t in place', () => {
    const logits = new Float32Array([1, -2, 4, Number.NEGATIVE_INFINITY]);
    expect(temperature(0.5)(logits, EMPTY_LOGITS_CONTEXT)).toBe(logits);
    expect(Array.from(logits)).toEqual([2, -4, 8, Number.NEGATIVE_INFINITY]);
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
