// readingHeads: each head reads on from where it stopped, wraps modulo n − T when its next window would run past
// the end (and only then is its row flagged), heads never coincide, and seeds and saved states reproduce batches.

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { readingHeads } from './reading-heads.js';
import { positions, row, take } from './test-helpers.js';

describe('readingHeads', () => {
  const tokens = positions(300);
  const options = { batchSize: 5, sequenceLength: 16, seed: 11 };

  it('moves every head forward by T modulo n − T, flagging a reset exactly when it wraps', () => {
    const batches = take(readingHeads(tokens, options), 60);
    let wraps = 0;
    for (const [n, batch] of batches.entries()) {
      for (let j = 0; j < 5; j++) {
        const inputs = row(batch.inputs, batch, j);
        expect(inputs[0]).toBe(batch.offsets[j]);
        expect(row(batch.targets, batch, j)).toEqual(inputs.map((id) => id + 1));
        expect(inputs[0]! + 16 + 1).toBeLessThanOrEqual(300);
        if (n === 0) {
          expect(batch.resetRows[j]).toBe(1);
          continue;
        }
        const before = batches[n - 1]!.offsets[j]!;
        const wrapped = before + 16 + 16 + 1 > 300;
        expect(batch.offsets[j]).toBe(wrapped ? before + 16 - 284 : before + 16);
        expect(batch.resetRows[j]).toBe(wrapped ? 1 : 0);
        if (wrapped) wraps++;
      }
    }
    expect(wraps).toBeGreaterThan(10);
  });

  it('starts the heads at seeded positions: the same seed gives the same batches, another seed others', () => {
    const a = take(readingHeads(tokens, options), 5);
    const b = take(readingHeads(tokens, options), 5);
    const c = take(readingHeads(tokens, { ...options, seed: 12 }), 5);
    expect(a).toEqual(b);
    expect(a[0]!.offsets).not.toEqual(c[0]!.offsets);
  });

  it('resumes from a saved state, pending reset flags included', () => {
    const reference = take(readingHeads(tokens, options), 40);
    const first = readingHeads(tokens, options);
    take(first, 17);
    const state = JSON.parse(JSON.stringify(first.getState()));
    expect(take(readingHeads(tokens, { ...options, state }), 23)).toEqual(reference.slice(17));
  });

  it('keeps heads distinct forever: no two rows of any batch are the same window', () => {
    // 40 heads over 1000 tokens with T = 10: a wrap to 0 put heads whose starts shared a T-block in lockstep.
    const wide = { batchSize: 40, sequenceLength: 10, seed: 7 };
    const batcher = readingHeads(positions(1000), wide);
    for (let n = 0; n < 2000; n++) {
      const batch = batcher.nextBatch();
      if (new Set(batch.offsets).size !== 40) throw new Error(`batch ${n} has identical rows`);
    } // As many heads as starts: the distinct draws take every start once.
    const full = readingHeads(positions(20), { batchSize: 10, sequenceLength: 10, seed: 1 }).nextBatch();
    expect(Array.from(full.offsets).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps every start reachable: with gcd(T, n − T) = 1 one head visits all n − T starts', () => {
    const batches = take(readingHeads(positions(103), { batchSize: 3, sequenceLength: 4, seed: 2 }), 400);
    for (let j = 0; j < 3; j++) {
      const visited = new Set(batches.map((batch) => batch.offsets[j]));
      // n − T = 99 starts and gcd(4, 99) = 1: a single head's cycle covers all of them.
      expect(visited.size).toBe(99);
    }
  });

  it('resumes exactly from a state saved at any batch, wraps included', () => {
    const wide = { batchSize: 7, sequenceLength: 9, seed: 4 };
    const small = positions(60);
    const reference = take(readingHeads(small, wide), 40);
    for (let stop = 0; stop <= 30; stop++) {
      const first = readingHeads(small, wide);
      take(first, stop);
      const state = JSON.parse(JSON.stringify(first.getState()));
      expect(take(readingHeads(small, { ...wide, state }), 40 - stop)).toEqual(reference.slice(stop));
    }
  });

  it('reports a nominal epoch of about one pass over the tokens', () => {
    const batcher = readingHeads(tokens, options);
    expect(batcher.batchesPerEpoch).toBe(3);
    const batches = take(batcher, 7);
    expect(batches.map((batch) => [batch.epoch, batch.batchInEpoch])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 0],
    ]);
  });

  it('rejects a batch larger than the number of windows, sequence lengths < 1, a missing seed and bad states', () => {
    expect(() => readingHeads(positions(20), { batchSize: 11, sequenceLength: 10, seed: 1 })).toThrow(
      'options.batchSize must be at most 10, the number of distinct windows of 10 + 1 tokens in 20 tokens, got 11',
    );
    expect(() => readingHeads(tokens, { batchSize: 2, sequenceLength: 0, seed: 1 })).toThrow(
      'options.sequenceLength must be an integer in [1, 299], got 0',
    );
    expect(() => readingHeads(tokens, { batchSize: 2, sequenceLength: 4 } as never)).toThrow(
      'options.seed must be a finite integer, got undefined',
    );
    const state = readingHeads(tokens, options).getState();
    expect(() =>
      readingHeads(tokens, { ...options, state: { ...state, positions: [0, 0, 0, 0, 290] } }),
    ).toThrow('options.state.positions[4] must be an integer in [0, 283], got 290');
    expect(() => readingHeads(tokens, { ...options, seed: 2, state })).toThrow(InvalidArgumentError);
    expect(() =>
      readingHeads(tokens, { ...options, state: { ...state, kind: 'random-windows' } as never }),
    ).toThrow('options.state.kind must be "reading-heads", got "random-windows"');
  });
});
