// splitItems: a seeded shuffle cut into three disjoint parts that together hold every item once.

import { describe, expect, it } from 'vitest';
import { splitItems } from './split-items.js';

const items = Array.from({ length: 1000 }, (_, i) => `item${i}`);

describe('splitItems', () => {
  it('puts every item in exactly one part, in the recorded order', () => {
    const split = splitItems(items, undefined, 42);
    expect([split.train.length, split.val.length, split.test.length]).toEqual([900, 50, 50]);
    expect(split.boundaries).toEqual([900, 950]);
    const all = [...split.train, ...split.val, ...split.test];
    expect(new Set(all).size).toBe(1000);
    expect([...all].sort()).toEqual([...items].sort());
    expect(all).toEqual(Array.from(split.order, (index) => items[index]));
  });

  it('is reproducible for a seed and shuffles differently for another', () => {
    const a = splitItems(items, { train: 0.8, val: 0.1, test: 0.1 }, 7);
    const b = splitItems(items, { train: 0.8, val: 0.1, test: 0.1 }, 7);
    const c = splitItems(items, { train: 0.8, val: 0.1, test: 0.1 }, 8);
    expect(a.train).toEqual(b.train);
    expect(a.order).toEqual(b.order);
    expect(a.train).not.toEqual(c.train);
    expect(a.train).not.toEqual(items.slice(0, 800));
  });

  it('rejects a missing seed and bad fractions', () => {
    expect(() => splitItems(items, undefined, undefined as never)).toThrow(
      'seed must be a finite integer, got undefined',
    );
    expect(() => splitItems(items, { train: 0.5, val: 0.2, test: 0.2 }, 1)).toThrow(
      'fractions.train + fractions.val + fractions.test must be 1, got 0.9',
    );
    expect(() => splitItems('abc' as never, undefined, 1)).toThrow('items must be an array, got "abc"');
  });
});
