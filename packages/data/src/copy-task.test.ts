// copyTask: targets equal the inputs (or their reverse), lengths stay in range, arrays and masks match the strings.

import { describe, expect, it } from 'vitest';
import { copyTask } from './copy-task.js';
import { row } from './test-helpers.js';

describe('copyTask', () => {
  it('copies or reverses random strings over the alphabet with lengths in range', () => {
    const copy = copyTask({ alphabet: 'abcd😀', minLength: 2, maxLength: 9, count: 300, seed: 1 });
    const reversed = copyTask({
      alphabet: 'abcd😀',
      minLength: 2,
      maxLength: 9,
      count: 300,
      seed: 1,
      reverse: true,
    });
    const lengths = new Set<number>();
    for (const [i, { input, target }] of copy.examples.entries()) {
      const symbols = [...input];
      lengths.add(symbols.length);
      expect(symbols.every((symbol) => 'abcd😀'.includes(symbol))).toBe(true);
      expect(target).toBe(input);
      expect(reversed.examples[i]).toEqual({ input, target: symbols.reverse().join('') });
    }
    expect([...lengths].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('encodes source and decoder arrays whose masks match the lengths', () => {
    const task = copyTask({ alphabet: 'xyz', minLength: 1, maxLength: 6, count: 40, seed: 2, reverse: true });
    expect([task.sourceLength, task.targetLength, task.count]).toEqual([7, 7, 40]);
    const shape = { sequenceLength: 7 };
    for (const [r, { input, target }] of task.examples.entries()) {
      expect(task.vocab.decode(row(task.sourceIds, shape, r)).replaceAll('<pad>', '')).toBe(`${input}<eos>`);
      expect(task.vocab.decode(row(task.decoderTargets, shape, r)).replaceAll('<pad>', '')).toBe(
        `${target}<eos>`,
      );
      expect(row(task.decoderInputs, shape, r)[0]).toBe(task.vocab.specialIds.bos);
      const mask = row(task.targetMask, shape, r);
      expect(mask).toEqual(mask.map((_, t) => (t < task.targetLengths[r]! ? 1 : 0)));
      expect(task.sourceLengths[r]).toBe(input.length + 1);
    }
  });

  it('is reproducible for a seed and rejects a repeated symbol, naming it', () => {
    const options = { alphabet: 'ab', minLength: 3, maxLength: 3, count: 5, seed: 9 };
    expect(copyTask(options).examples).toEqual(copyTask(options).examples);
    expect(copyTask(options).examples).not.toEqual(copyTask({ ...options, seed: 10 }).examples);
    expect(() => copyTask({ ...options, alphabet: 'aba' })).toThrow('("a" repeats)');
    expect(() => copyTask({ ...options, maxLength: 2 })).toThrow(
      'options.maxLength must be an integer >= 3, got 2',
    );
  });
});
