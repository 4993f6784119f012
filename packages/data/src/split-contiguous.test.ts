// splitContiguous: the default rule is the markov Moby Dick script's (read from its source), parts are disjoint views.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { splitContiguous } from './split-contiguous.js';
import { cutPoints, DEFAULT_SPLIT } from './split-fractions.js';

describe('splitContiguous', () => {
  it('cuts where packages/markov/scripts/moby-dick.ts cuts: its own expressions, for every n up to 100,000', () => {
    // The markov package is not a dependency of this one, so the test reads the rule from its source text.
    const script = readFileSync(new URL('../../markov/scripts/moby-dick.ts', import.meta.url), 'utf8');
    const trainRule = /const trainEnd = Math\.floor\(ids\.length \* ([0-9.]+)\);/.exec(script);
    const valRule = /const valEnd = Math\.floor\(ids\.length \* ([0-9.]+)\);/.exec(script);
    expect(trainRule?.[1]).toBeDefined();
    expect(valRule?.[1]).toBeDefined();
    const trainFactor = Number(trainRule![1]);
    const valFactor = Number(valRule![1]);
    for (let n = 0; n <= 100_000; n++) {
      const [trainEnd, valEnd] = cutPoints(n, DEFAULT_SPLIT);
      if (trainEnd !== Math.floor(n * trainFactor) || valEnd !== Math.floor(n * valFactor)) {
        throw new Error(`length ${n}: got [${trainEnd}, ${valEnd}]`);
      }
    }
    for (const n of [1_190_317, 10_760_063, 104_747_896, 2 ** 31 - 1]) {
      expect(cutPoints(n, DEFAULT_SPLIT)).toEqual([Math.floor(n * trainFactor), Math.floor(n * valFactor)]);
    }
    const split = splitContiguous(new Uint8Array(1_190_317));
    expect(split.boundaries).toEqual([
      Math.floor(1_190_317 * trainFactor),
      Math.floor(1_190_317 * valFactor),
    ]);
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
