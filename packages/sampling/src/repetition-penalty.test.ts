import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { repetitionPenalty } from './repetition-penalty.js';
import { softmax } from './softmax.js';

const context = (ids: number[]) => ({ recentTokenIds: ids });

/** The CTRL / Hugging Face rule, for comparison only: divide positive logits, multiply negative ones. */
function ctrlPenalty(logits: Float32Array, ids: number[], penalty: number): Float32Array {
  const out = logits.slice();
  for (const id of new Set(ids)) out[id] = out[id]! > 0 ? out[id]! / penalty : out[id]! * penalty;
  return out;
}

describe('repetitionPenalty', () => {
  it('subtracts ln(penalty) once from each distinct id in the window', () => {
    const logits = new Float32Array([0, 1, 2, 3]);
    repetitionPenalty(2, 10)(logits, context([1, 3, 1, 1]));
    expect(logits[0]).toBe(0);
    expect(logits[1]).toBeCloseTo(1 - Math.LN2, 6);
    expect(logits[2]).toBe(2);
    expect(logits[3]).toBeCloseTo(3 - Math.LN2, 6);
  });

  it('divides the penalised token’s probability odds against every other token by the penalty', () => {
    const logits = new Float32Array([0.4, -1.3, 2.2, 0]);
    const before = softmax(logits);
    const after = softmax(repetitionPenalty(3, 4)(logits.slice(), context([2])));
    expect(after[2]! / after[0]!).toBeCloseTo(before[2]! / before[0]! / 3, 5);
    expect(after[1]! / after[0]!).toBeCloseTo(before[1]! / before[0]!, 5);
  });

  it('looks only at the last `window` ids', () => {
    const logits = new Float32Array([0, 0, 0]);
    repetitionPenalty(Math.E, 2)(logits, context([0, 1, 2]));
    expect(logits[0]).toBe(0);
    expect(logits[1]).toBeCloseTo(-1, 6);
    expect(logits[2]).toBeCloseTo(-1, 6);
  });

  it('is shift-invariant: logits x and x + c give the same distribution (the CTRL rule does not)', () => {
    const logits = new Float32Array([1.5, -0.5, 0.2, -2]);
    const ids = [0, 1];
    for (const shift of [-10, 3, 25]) {
      const shifted = logits.map((x) => x + shift);
      const a = softmax(repetitionPenalty(1.8, 8)(logits.slice(), context(ids)));
      const b = softmax(repetitionPenalty(1.8, 8)(shifted, context(ids)));
      a.forEach((p, i) => {
        expect(b[i]).toBeCloseTo(p, 5);
      });
    }
    const ctrlA = softmax(ctrlPenalty(logits, ids, 1.8));
    const ctrlB = softmax(
      ctrlPenalty(
        logits.map((x) => x + 3),
        ids,
        1.8,
      ),
    );
    expect(Math.abs(ctrlA[0]! - ctrlB[0]!)).toBeGreaterThan(0.01);
  });

  it('penalty 1 and an empty history change nothing', () => {
    const logits = new Float32Array([1, 2]);
    repetitionPenalty(1, 5)(logits, context([0, 1]));
    repetitionPenalty(2, 5)(logits, context([]));
    expect(Array.from(logits)).toEqual([1, 2]);
  });

  it('can be reused: ids seen in one call are not remembered in the next', () => {
    const processor = repetitionPenalty(2, 3);
    processor(new Float32Array([0, 0, 0]), context([0]));
    const logits = new Float32Array([0, 0, 0]);
    processor(logits, context([1]));
    expect(logits[0]).toBe(0);
    expect(logits[1]).toBeCloseTo(-Math.LN2, 6);
  });

  it('rejects ids outside [0, vocabSize) naming their position, before changing anything', () => {
    const processor = repetitionPenalty(2, 3);
    expect(() => processor(new Float32Array(4), context([0, 1, 4]))).toThrow(
      'context.recentTokenIds[2] must be an integer in [0, 4), got 4',
    );
    expect(() => processor(new Float32Array(4), context([0, 1.5]))).toThrow(InvalidArgumentError);
    expect(() => processor(new Float32Array(4), {} as never)).toThrow(/^context.recentTokenIds must be/);
    const logits = new Float32Array(4);
    expect(() => processor(logits, context([2, -1]))).toThrow(InvalidArgumentError);
    expect(Array.from(logits)).toEqual([0, 0, 0, 0]);
    processor(logits, context([2]));
    expect(logits[2]).toBeCloseTo(-Math.LN2, 6);
  });

  it.each([
    [0.5, 4, 'repetitionPenalty'],
    [Number.NaN, 4, 'repetitionPenalty'],
    [Number.POSITIVE_INFINITY, 4, 'repetitionPenalty'],
    [1.2, 0, 'repetitionWindow'],
    [1.2, 2.5, 'repetitionWindow'],
  ])('rejects (%s, %s) naming %s', (penalty, window, parameter) => {
    expect(() => repetitionPenalty(penalty, window)).toThrow(InvalidArgumentError);
    expect(() => repetitionPenalty(penalty, window)).toThrow(new RegExp(`^${parameter} must be`));
  });
});
