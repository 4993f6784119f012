// paddedSequences: masks and lengths agree, padding is where the mask is 0, BOS/EOS frame each item, every item
// appears once per epoch, bucketing cuts padding, and seeds and saved states reproduce the batches.

import { CharVocab } from '@charloom/tokenizer';
import { describe, expect, it } from 'vitest';
import type { PaddedBatch } from './batch.js';
import { paddedSequences } from './padded-sequences.js';
import { row, take } from './test-helpers.js';

const names = ['ada', 'grace', 'al', 'edsger', 'barbara', 'ken', 'dennis', 'margaret', 'jo', 'alan', 'tim'];
const vocab = CharVocab.fromText(names, { specialTokens: { pad: '<pad>', bos: '<bos>', eos: '<eos>' } });
const items = names.map((name) => vocab.encodeInt32(name));
const { pad, bos, eos } = vocab.specialIds as { pad: number; bos: number; eos: number };
const options = { batchSize: 4, padId: pad, bosId: bos, eosId: eos, seed: 3 };

function paddingOf(batches: PaddedBatch[]): number {
  return batches.reduce((sum, batch) => sum + batch.mask.length - batch.mask.reduce((a, b) => a + b, 0), 0);
}

describe('paddedSequences', () => {
  it('frames each item with BOS and EOS, pads to the longest, and masks exactly the real positions', () => {
    for (const batch of take(paddedSequences(items, options), 12)) {
      expect(batch.sequenceLength).toBe(Math.max(...batch.lengths));
      expect(batch.inputs).toHaveLength(batch.batchSize * batch.sequenceLength);
      expect(Array.from(batch.resetRows)).toEqual(new Array(batch.batchSize).fill(1));
      for (let r = 0; r < batch.batchSize; r++) {
        const name = names[batch.itemIndices[r]!]!;
        const length = batch.lengths[r]!;
        expect(length).toBe(name.length + 1);
        const mask = row(batch.mask, batch, r);
        expect(mask).toEqual(mask.map((_, t) => (t < length ? 1 : 0)));
        const inputs = row(batch.inputs, batch, r);
        const targets = row(batch.targets, batch, r);
        expect(vocab.decode(inputs.slice(0, length))).toBe(`<bos>${name}`);
        expect(vocab.decode(targets.slice(0, length))).toBe(`${name}<eos>`);
        expect(inputs.slice(length).every((id) => id === pad)).toBe(true);
        expect(targets.slice(length).every((id) => id === pad)).toBe(true);
      }
    }
  });

  it('visits every item once per epoch in a new order, with one smaller batch when the size does not divide', () => {
    const batcher = paddedSequences(items, options);
    expect(batcher.batchesPerEpoch).toBe(3);
    const batches = take(batcher, 6);
    const epoch0 = batches.slice(0, 3).flatMap((batch) => Array.from(batch.itemIndices));
    const epoch1 = batches.slice(3).flatMap((batch) => Array.from(batch.itemIndices));
    expect([...epoch0].sort((a, b) => a - b)).toEqual(names.map((_, i) => i));
    expect([...epoch1].sort((a, b) => a - b)).toEqual(names.map((_, i) => i));
    expect(epoch0).not.toEqual(epoch1);
    expect(batches.map((batch) => batch.batchSize)).toEqual([4, 4, 3, 4, 4, 3]);
    expect(batches.map((batch) => batch.epoch)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('drops the items of an incomplete last batch with dropLast', () => {
    const batcher = paddedSequences(items, { ...options, dropLast: true });
    expect(batcher.batchesPerEpoch).toBe(2);
    expect(take(batcher, 4).map((batch) => batch.batchSize)).toEqual([4, 4, 4, 4]);
  });

  it('with bucketing and dropLast, drops random items rather than the longest of the last pool', () => {
    // 100 items of lengths 2–101, batches of 16 in pools of 64: 4 items are left out each epoch. Over 300 epochs
    // each item is seen 300 · 96/100 = 288 times on average (sd ≈ 3.4), short or long.
    const lengths = Array.from({ length: 100 }, (_, i) => 2 + i);
    const many = lengths.map((length) => new Int32Array(length).fill(3));
    const batcher = paddedSequences(many, { batchSize: 16, padId: 0, seed: 5, bucketing: 4, dropLast: true });
    expect(batcher.batchesPerEpoch).toBe(6);
    const seen = new Int32Array(100);
    for (const batch of take(batcher, 6 * 300)) {
      expect(batch.batchSize).toBe(16);
      for (const item of batch.itemIndices) seen[item]! += 1;
    }
    expect(Math.min(...seen)).toBeGreaterThan(288 - 20);
    expect(Math.max(...seen)).toBeLessThan(288 + 20);
    const mean = (from: number, to: number): number =>
      seen.subarray(from, to).reduce((a, b) => a + b, 0) / (to - from);
    expect(Math.abs(mean(0, 25) - mean(75, 100))).toBeLessThan(4);
  });

  it('works without BOS and EOS: inputs are the item minus its last id, targets minus its first', () => {
    const batch = paddedSequences([Int32Array.of(5, 6, 7), [8, 9]], {
      batchSize: 2,
      padId: 0,
      seed: 1,
    }).nextBatch();
    const byItem = new Map(Array.from(batch.itemIndices, (item, r) => [item, r]));
    const first = byItem.get(0)!;
    const second = byItem.get(1)!;
    expect(row(batch.inputs, batch, first)).toEqual([5, 6]);
    expect(row(batch.targets, batch, first)).toEqual([6, 7]);
    expect(row(batch.inputs, batch, second)).toEqual([8, 0]);
    expect(row(batch.targets, batch, second)).toEqual([9, 0]);
    expect(Array.from(batch.lengths)).toEqual(first === 0 ? [2, 1] : [1, 2]);
  });

  it('cuts padding with bucketing while still covering every item once per epoch', () => {
    const lengths = Array.from({ length: 512 }, (_, i) => 1 + ((i * 37) % 60));
    const many = lengths.map((length) => new Int32Array(length).fill(3));
    const plain = paddedSequences(many, { batchSize: 16, padId: 0, eosId: 1, seed: 9 });
    const bucketed = paddedSequences(many, { batchSize: 16, padId: 0, eosId: 1, seed: 9, bucketing: 8 });
    const plainEpoch = take(plain, 32);
    const bucketedEpoch = take(bucketed, 32);
    expect(paddingOf(bucketedEpoch)).toBeLessThan(paddingOf(plainEpoch) / 4);
    const seen = bucketedEpoch.flatMap((batch) => Array.from(batch.itemIndices)).sort((a, b) => a - b);
    expect(seen).toEqual(lengths.map((_, i) => i));
  });

  it('is reproducible for a seed, and resumes from a saved state across epoch boundaries', () => {
    const bucketing = { ...options, bucketing: 2 };
    expect(take(paddedSequences(items, bucketing), 7)).toEqual(take(paddedSequences(items, bucketing), 7));
    const reference = take(paddedSequences(items, bucketing), 20);
    for (const stop of [2, 3, 7]) {
      const first = paddedSequences(items, bucketing);
      take(first, stop);
      const state = JSON.parse(JSON.stringify(first.getState()));
      expect(take(paddedSequences(items, { ...bucketing, state }), 20 - stop)).toEqual(reference.slice(stop));
    }
  });

  it('rejects bad items, a batch larger than the data and mismatched states, naming the value', () => {
    expect(() => paddedSequences(items, { ...options, batchSize: 12 })).toThrow(
      'options.batchSize must be an integer in [1, 11], got 12',
    );
    expect(() => paddedSequences([[1]], { batchSize: 1, padId: 0, seed: 1 })).toThrow(
      'items[0].length must be at least 2 (one input and its target), got 1',
    );
    expect(() => paddedSequences([[1, -2]], { batchSize: 1, padId: 0, seed: 1 })).toThrow(
      'items[0][1] must be an integer id in [0, 2^31), got -2',
    );
    expect(() => paddedSequences([], { batchSize: 1, padId: 0, seed: 1 })).toThrow(
      'items must be a non-empty array',
    );
    const state = paddedSequences(items, options).getState();
    expect(() => paddedSequences(items.slice(1), { ...options, state })).toThrow(
      'options.state.itemCount must be 10',
    );
    expect(() => paddedSequences(items, { ...options, eosId: undefined, state })).toThrow(
      'options.state.eosId must be null',
    );
  });
});
