// randomWindows: windows in bounds with next-token targets, every row reset, uniform offsets, seeds and resume.

import { describe, expect, it } from 'vitest';
import { randomWindows } from './random-windows.js';
import { positions, row, take } from './test-helpers.js';

describe('randomWindows', () => {
  const tokens = positions(100);
  const options = { batchSize: 8, sequenceLength: 10, seed: 5 };

  it('draws windows that stay in bounds, with next-token targets and every row flagged for a reset', () => {
    const counts = new Int32Array(90);
    for (const batch of take(randomWindows(tokens, options), 500)) {
      expect(Array.from(batch.resetRows)).toEqual(new Array(8).fill(1));
      for (let j = 0; j < 8; j++) {
        const inputs = row(batch.inputs, batch, j);
        const start = batch.offsets[j]!;
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + 10 + 1).toBeLessThanOrEqual(100);
        expect(inputs).toEqual(Array.from({ length: 10 }, (_, i) => start + i));
        expect(row(batch.targets, batch, j)).toEqual(inputs.map((id) => id + 1));
        counts[start]! += 1;
      }
    }
    // 4000 draws over 90 offsets: every offset is reached, and none is far from the mean of 44.4.
    expect(Math.min(...counts)).toBeGreaterThan(15);
    expect(Math.max(...counts)).toBeLessThan(80);
  });

  it('gives identical batches for a seed and different ones for another', () => {
    expect(take(randomWindows(tokens, options), 3)).toEqual(take(randomWindows(tokens, options), 3));
    expect(take(randomWindows(tokens, options), 1)[0]!.offsets).not.toEqual(
      take(randomWindows(tokens, { ...options, seed: 6 }), 1)[0]!.offsets,
    );
  });

  it('resumes from a saved state', () => {
    const reference = take(randomWindows(tokens, options), 30);
    const first = randomWindows(tokens, options);
    take(first, 12);
    const state = JSON.parse(JSON.stringify(first.getState()));
    expect(take(randomWindows(tokens, { ...options, state }), 18)).toEqual(reference.slice(12));
  });

  it('rejects a batch larger than the number of windows, sequence lengths < 1 and bad states, naming the value', () => {
    expect(() => randomWindows(tokens, { batchSize: 91, sequenceLength: 10, seed: 1 })).toThrow(
      'options.batchSize must be at most 90',
    );
    expect(() => randomWindows(tokens, { batchSize: 2, sequenceLength: 0, seed: 1 })).toThrow(
      'options.sequenceLength must be an integer in [1, 99], got 0',
    );
    expect(() => randomWindows(tokens, { batchSize: 2, sequenceLength: -3, seed: 1 })).toThrow(
      'options.sequenceLength must be an integer in [1, 99], got -3',
    );
    const state = randomWindows(tokens, options).getState();
    expect(() => randomWindows(tokens, { ...options, state: { ...state, rngState: [0, 0, 0, 0] } })).toThrow(
      'options.state.rngState must be a SeededRng state',
    );
    expect(() => randomWindows(positions(99), { ...options, state })).toThrow(
      'options.state.tokenCount must be 99',
    );
  });
});
