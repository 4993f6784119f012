import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidLogitsError } from './errors.js';
import { logSoftmax, softmax } from './softmax.js';

const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('softmax', () => {
  it('matches the textbook formula on small logits and sums to 1', () => {
    const logits = new Float32Array([1, 2, 3, 0.5]);
    const denominator = sum(Array.from(logits, Math.exp));
    const probs = softmax(logits);
    logits.forEach((x, i) => {
      expect(probs[i]).toBeCloseTo(Math.exp(x) / denominator, 7);
    });
    expect(sum(probs)).toBeCloseTo(1, 6);
  });

  it('is stable for huge logits (no overflow to Infinity or NaN)', () => {
    const probs = softmax(new Float32Array([3e38, 3e38, -3e38, 1e30]));
    expect(Array.from(probs)).toEqual([0.5, 0.5, 0, 0]);
    const close = softmax(new Float32Array([1000, 1001]));
    expect(close[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('is invariant to adding a constant to every logit', () => {
    const logits = new Float32Array([0.3, -1.2, 2.5, 0]);
    const shifted = logits.map((x) => x + 500);
    const a = softmax(logits);
    const b = softmax(shifted);
    a.forEach((p, i) => {
      expect(b[i]).toBeCloseTo(p, 5);
    });
  });

  it('gives -Infinity logits probability 0', () => {
    const probs = softmax(new Float32Array([Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY, 0]));
    expect(Array.from(probs)).toEqual([0, 0.5, 0, 0.5]);
  });

  it('shares all mass equally among +Infinity logits (the limit)', () => {
    const probs = softmax(new Float32Array([Number.POSITIVE_INFINITY, 5, Number.POSITIVE_INFINITY]));
    expect(Array.from(probs)).toEqual([0.5, 0, 0.5]);
  });

  it('rejects NaN naming the index, all -Infinity, empty input and non-Float32Array input', () => {
    const nan = thrown(() => softmax(new Float32Array([0, 1, Number.NaN, 2])));
    expect(nan).toBeInstanceOf(InvalidLogitsError);
    expect(nan).toMatchObject({ parameter: 'logits[2]', index: 2 });
    expect((nan as Error).message).toBe('logits[2] must be a number, not NaN, got NaN');
    const masked = thrown(() =>
      softmax(new Float32Array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])),
    );
    expect(masked).toBeInstanceOf(InvalidLogitsError);
    expect((masked as Error).message).toContain('all are -Infinity');
    expect(() => softmax(new Float32Array(0))).toThrow(
      'logits must be a non-empty Float32Array, got Float32Array(0)',
    );
    expect(() => softmax([1, 2] as unknown as Float32Array)).toThrow(InvalidArgumentError);
  });

  it('writes into out when given (also in place) and checks its length', () => {
    const logits = new Float32Array([1, 2, 3]);
    const expected = softmax(logits);
    const out = new Float32Array(3);
    expect(softmax(logits, out)).toBe(out);
    expect(out).toEqual(expected);
    expect(softmax(logits, logits)).toBe(logits);
    expect(logits).toEqual(expected);
    expect(() => softmax(logits, new Float32Array(2))).toThrow(/^out must be a Float32Array of length 3/);
  });
});

describe('logSoftmax', () => {
  it('equals log(softmax) on ordinary logits', () => {
    const logits = new Float32Array([0.1, -2, 3.5, 1]);
    const probs = softmax(logits);
    const logProbs = logSoftmax(logits);
    probs.forEach((p, i) => {
      expect(logProbs[i]).toBeCloseTo(Math.log(p), 5);
    });
  });

  it('stays finite where log(softmax) would underflow to -Infinity', () => {
    const logProbs = logSoftmax(new Float32Array([0, -200, 200]));
    expect(logProbs[0]).toBeCloseTo(-200, 4);
    expect(logProbs[1]).toBeCloseTo(-400, 3);
    expect(logProbs[2]).toBeCloseTo(0, 6);
    expect(Array.from(logProbs).every(Number.isFinite)).toBe(true);
    expect(softmax(new Float32Array([0, -200, 200]))[1]).toBe(0);
  });

  it('handles huge logits, -Infinity and +Infinity', () => {
    expect(Array.from(logSoftmax(new Float32Array([3e38, 3e38])))).toEqual([
      -Math.fround(Math.LN2),
      -Math.fround(Math.LN2),
    ]);
    expect(logSoftmax(new Float32Array([Number.NEGATIVE_INFINITY, 0]))[0]).toBe(Number.NEGATIVE_INFINITY);
    const infinite = logSoftmax(new Float32Array([Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY]));
    expect(Array.from(infinite)).toEqual([
      -Math.fround(Math.LN2),
      Number.NEGATIVE_INFINITY,
      -Math.fround(Math.LN2),
    ]);
  });

  it('rejects NaN and all -Infinity like softmax', () => {
    expect(() => logSoftmax(new Float32Array([Number.NaN]))).toThrow(InvalidLogitsError);
    expect(() => logSoftmax(new Float32Array([Number.NEGATIVE_INFINITY]))).toThrow(InvalidLogitsError);
  });
});
