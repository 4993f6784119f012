// splitContiguous: the default rule equals floor(n·0.9) / floor(n·0.95), parts are disjoint views covering everything.

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { splitContiguous } from './split-contiguous.js';
import { cutPoints, DEFAULT_SPLIT } from './split-fractions.js';

describe('splitContiguous', () => {
  it('cuts at floor(n * 0.9) and floor(n * 0.95) by default, as the markov Moby Dick script does', () => {
    for (let n = 0; n <= 100_000; n++) {
      const [trainEnd, valEnd] = cutPoints(n, DEFAULT_SPLIT);
      if (trainEnd !== Math.floor(n * 0.9) || valEnd !== Math.floor(n * 0.95)) {
        throw new Error(`length ${n}: got [${trainEnd}, ${valEnd}]`);
      }
    }
    for (const n of [1_190_317, 10_760_063, 104_747_896, 2 ** 31 - 1]) {
      expect(cutPoints(n, DEFAULT_SPLIT)).toEqual([Math.floor(n * 0.9), Math.floor(n * 0.95)]);
    }
  });

  it('returns disjoint views that cover every token, with their boundaries', () => {
    const tokens = Int32Array.from({ length: 1001 }, (_, i) => i);
    const split = splitContiguous(tokens);
    expect(split.boundaries).toEqual([900, 950]);
    expect(split.length).toBe(1001);
    expect(split.fractions).toEqual(DEFAULT_SPLIT);
    expect([...split.train, ...split.val, ...split.test]).toEqual([...tokens]);
    expect(split.train.buffer).toBe(tokens.buffer);
    expect(split.test[0]).toBe(950);
  });

  it('keeps the array type and honours other fractions, zero included', () => {
    const tokens = new Uint8Array(10);
    const split = splitContiguous(tokens, { train: 0.5, val: 0.5, test: 0 });
    expect(split.train).toBeInstanceOf(Uint8Array);
    expect([split.train.length, split.val.length, split.test.length]).toEqual([5, 5, 0]);
  });

  it('rejects fractions that do not sum to 1, naming the sum', () => {
    expect(() => splitContiguous(new Int32Array(10), { train: 0.9, val: 0.1, test: 0.1 })).toThrow(
      'fractions.train + fractions.val + fractions.test must be 1, got 1.1',
    );
  });

  it('rejects negative or missing fractions, unknown keys and non-token arrays', () => {
    expect(() => splitContiguous(new Int32Array(10), { train: 1.1, val: -0.1, test: 0 })).toThrow(
      'fractions.train must be a number in [0, 1], got 1.1',
    );
    expect(() => splitContiguous(new Int32Array(10), { train: 1, val: 0 } as never)).toThrow(
      'fractions.test must be a number in [0, 1], got undefined',
    );
    expect(() =>
      splitContiguous(new Int32Array(10), { train: 1, val: 0, test: 0, extra: 1 } as never),
    ).toThrow(InvalidArgumentError);
    expect(() => splitContiguous([1, 2, 3] as never)).toThrow(
      'tokens must be an Int32Array, Uint16Array or Uint8Array of token ids, got an array of length 3',
    );
  });
});
