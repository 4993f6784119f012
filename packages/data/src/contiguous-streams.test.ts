// contiguousStreams: streams continue across batches, targets are the next tokens, resets only at epoch starts,
// the ragged end is dropped or kept as a short batch, and a saved state resumes the exact sequence.

import { describe, expect, it } from 'vitest';
import { contiguousStreams } from './contiguous-streams.js';
import { InvalidArgumentError } from './errors.js';
import { positions, row, take } from './test-helpers.js';

describe('contiguousStreams', () => {
  it('continues every row exactly where the previous batch stopped, with next-token targets', () => {
    // 1001 tokens, 4 streams of S = 250 inputs, T = 32: 7 full batches, 26 inputs of ragged end per stream.
    const tokens = positions(1001);
    const batcher = contiguousStreams(tokens, { batchSize: 4, sequenceLength: 32 });
    expect(batcher.streamLength).toBe(250);
    expect(batcher.batchesPerEpoch).toBe(7);
    const batches = take(batcher, 7);
    for (const [n, batch] of batches.entries()) {
      expect(batch.inputs).toHaveLength(4 * 32);
      expect([batch.batchSize, batch.sequenceLength, batch.epoch, batch.batchInEpoch, batch.index]).toEqual([
        4,
        32,
        0,
        n,
        n,
      ]);
      for (let j = 0; j < 4; j++) {
        const inputs = row(batch.inputs, batch, j);
        expect(inputs[0]).toBe(j * 250 + n * 32);
        expect(batch.offsets[j]).toBe(inputs[0]);
        expect(row(batch.targets, batch, j)).toEqual(inputs.map((id) => tokens[id + 1]));
        if (n > 0) {
          const previous = row(batches[n - 1]!.inputs, batch, j);
          expect(inputs[0]).toBe(previous[31]! + 1);
        }
      }
    }
  });

  it('flags every row for a reset at the first batch of each epoch and at no other', () => {
    const batcher = contiguousStreams(positions(1001), { batchSize: 4, sequenceLength: 32 });
    for (const batch of take(batcher, 7 * 3)) {
      expect(Array.from(batch.resetRows)).toEqual(batch.batchInEpoch === 0 ? [1, 1, 1, 1] : [0, 0, 0, 0]);
      expect(batch.epoch).toBe(Math.floor(batch.index / 7));
    }
  });

  it('uses each input position once per epoch, dropping only the ragged end and the tail', () => {
    const tokens = positions(1001);
    const seen = new Uint8Array(tokens.length);
    for (const batch of take(contiguousStreams(tokens, { batchSize: 4, sequenceLength: 32 }), 7)) {
      for (const id of batch.inputs) seen[id]! += 1;
    }
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 250; i++) expect(seen[j * 250 + i]).toBe(i < 224 ? 1 : 0);
    }
    expect(seen[1000]).toBe(0);
  });

  it("ends each epoch with one shorter batch with raggedEnd: 'short'", () => {
    const batcher = contiguousStreams(positions(1001), {
      batchSize: 4,
      sequenceLength: 32,
      raggedEnd: 'short',
    });
    expect(batcher.batchesPerEpoch).toBe(8);
    const batches = take(batcher, 9);
    const last = batches[7]!;
    expect(last.sequenceLength).toBe(26);
    expect(last.inputs).toHaveLength(4 * 26);
    expect(row(last.inputs, last, 2)).toEqual(Array.from({ length: 26 }, (_, i) => 2 * 250 + 224 + i));
    expect(row(last.targets, last, 3).at(-1)).toBe(1000);
    expect(batches[8]!.epoch).toBe(1);
    expect(batches[8]!.sequenceLength).toBe(32);
  });

  it('copies from Uint8Array and Uint16Array token arrays into Int32Array batches', () => {
    const tokens = Uint8Array.from({ length: 200 }, (_, i) => i);
    const batch = contiguousStreams(tokens, { batchSize: 2, sequenceLength: 10 }).nextBatch();
    expect(batch.inputs).toBeInstanceOf(Int32Array);
    expect(row(batch.targets, batch, 1)).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
  });

  it('returns fresh arrays for every batch', () => {
    const batcher = contiguousStreams(positions(1001), { batchSize: 4, sequenceLength: 32 });
    const first = batcher.nextBatch();
    const copy = Array.from(first.inputs);
    batcher.nextBatch();
    expect(Array.from(first.inputs)).toEqual(copy);
  });

  it('resumes from a state saved at every stop point, across epoch boundaries, for both ragged ends', () => {
    // 500 tokens, 3 streams of S = 166, T = 20: 8 full batches, and a ninth of 6 steps with 'short'.
    const tokens = positions(500);
    for (const raggedEnd of ['drop', 'short'] as const) {
      const options = { batchSize: 3, sequenceLength: 20, raggedEnd };
      const total = 30;
      const reference = take(contiguousStreams(tokens, options), total);
      expect(reference.at(-1)!.epoch).toBeGreaterThanOrEqual(2);
      for (let stop = 0; stop <= total; stop++) {
        const first = contiguousStreams(tokens, options);
        take(first, stop);
        const saved = JSON.parse(JSON.stringify(first.getState()));
        const resumed = contiguousStreams(tokens, { ...options, state: saved });
        expect(take(resumed, total - stop)).toEqual(reference.slice(stop));
      }
    }
  });

  it('rejects batches larger than the data, sequence lengths < 1 and mismatched states, naming the value', () => {
    const tokens = positions(101);
    expect(() => contiguousStreams(tokens, { batchSize: 11, sequenceLength: 10 })).toThrow(
      'options.batchSize must be at most 10 for 101 tokens (each stream needs 10 inputs and a target), got 11',
    );
    expect(() => contiguousStreams(tokens, { batchSize: 1, sequenceLength: 0 })).toThrow(
      'options.sequenceLength must be an integer in [1, 100], got 0',
    );
    expect(() => contiguousStreams(tokens, { batchSize: 0.5, sequenceLength: 4 })).toThrow(
      'options.batchSize must be an integer >= 1, got 0.5',
    );
    expect(() =>
      contiguousStreams(tokens, { batchSize: 1, sequenceLength: 4, raggedEnd: 'pad' as never }),
    ).toThrow(InvalidArgumentError);
    expect(() => contiguousStreams(new Int32Array(1), { batchSize: 1, sequenceLength: 1 })).toThrow(
      'tokens.length must be at least 2',
    );
    const state = contiguousStreams(tokens, { batchSize: 2, sequenceLength: 10 }).getState();
    expect(() => contiguousStreams(tokens, { batchSize: 3, sequenceLength: 10, state })).toThrow(
      'options.state.batchSize must be 3',
    );
    expect(() =>
      contiguousStreams(tokens, { batchSize: 2, sequenceLength: 10, state: { ...state, batchInEpoch: 99 } }),
    ).toThrow('options.state.batchInEpoch must be an integer in [0, 4], got 99');
  });
});
