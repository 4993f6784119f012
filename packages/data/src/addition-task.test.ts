// additionTask: every example is arithmetically right (checked with BigInt), operands have the digit counts asked
// for, the encoded arrays agree with the strings, and the input can be reversed.

import { describe, expect, it } from 'vitest';
import { addDecimalStrings, additionTask } from './addition-task.js';
import { row } from './test-helpers.js';

describe('additionTask', () => {
  it('produces sums that are arithmetically right, for operands of the requested digit counts', () => {
    const task = additionTask({ minDigits: 1, maxDigits: 25, count: 500, seed: 4 });
    const digitCounts = new Set<number>();
    for (const { input, target } of task.examples) {
      const [a, b] = input.split('+') as [string, string];
      for (const operand of [a, b]) {
        expect(operand).toMatch(/^(0|[1-9][0-9]*)$/);
        digitCounts.add(operand.length);
      }
      expect(BigInt(target)).toBe(BigInt(a) + BigInt(b));
    }
    expect(Math.min(...digitCounts)).toBe(1);
    expect(Math.max(...digitCounts)).toBe(25);
  });

  it('adds decimal strings with carries', () => {
    expect(addDecimalStrings('123', '4567')).toBe('4690');
    expect(addDecimalStrings('999', '1')).toBe('1000');
    expect(addDecimalStrings('0', '0')).toBe('0');
  });

  it('reverses the whole input string with reverseInput', () => {
    const plain = additionTask({ minDigits: 2, maxDigits: 4, count: 20, seed: 1 });
    const reversed = additionTask({ minDigits: 2, maxDigits: 4, count: 20, seed: 1, reverseInput: true });
    for (const [i, example] of reversed.examples.entries()) {
      expect(example.input).toBe([...plain.examples[i]!.input].reverse().join(''));
      expect(example.target).toBe(plain.examples[i]!.target);
    }
  });

  it('encodes inputs and targets into padded arrays with EOS, BOS and masks that match the lengths', () => {
    const task = additionTask({ minDigits: 1, maxDigits: 3, count: 50, seed: 2 });
    const { vocab } = task;
    expect(vocab.symbols.slice(0, 3)).toEqual(['<pad>', '<bos>', '<eos>']);
    expect([task.sourceLength, task.targetLength]).toEqual([8, 5]);
    const source = { sequenceLength: task.sourceLength };
    const target = { sequenceLength: task.targetLength };
    for (const [r, { input, target: sum }] of task.examples.entries()) {
      expect(vocab.decode(row(task.sourceIds, source, r), { skipSpecial: false })).toBe(
        `${input}<eos>${'<pad>'.repeat(task.sourceLength - input.length - 1)}`,
      );
      expect(task.sourceLengths[r]).toBe(input.length + 1);
      expect(row(task.sourceMask, source, r).reduce((a, b) => a + b, 0)).toBe(input.length + 1);
      expect(vocab.decode(row(task.decoderInputs, target, r)).replaceAll('<pad>', '')).toBe(`<bos>${sum}`);
      expect(vocab.decode(row(task.decoderTargets, target, r)).replaceAll('<pad>', '')).toBe(`${sum}<eos>`);
      expect(task.targetLengths[r]).toBe(sum.length + 1);
      expect(row(task.targetMask, target, r)).toEqual(
        row(task.targetMask, target, r).map((_, t) => (t <= sum.length ? 1 : 0)),
      );
    }
  });

  it('is reproducible for a seed and rejects bad digit counts, naming the value', () => {
    expect(additionTask({ minDigits: 1, maxDigits: 5, count: 10, seed: 8 }).examples).toEqual(
      additionTask({ minDigits: 1, maxDigits: 5, count: 10, seed: 8 }).examples,
    );
    expect(() => additionTask({ minDigits: 3, maxDigits: 2, count: 1, seed: 1 })).toThrow(
      'options.maxDigits must be an integer >= 3, got 2',
    );
    expect(() => additionTask({ minDigits: 0, maxDigits: 2, count: 1, seed: 1 })).toThrow(
      'options.minDigits must be an integer >= 1, got 0',
    );
  });
});
