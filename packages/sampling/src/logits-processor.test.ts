import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { composeProcessors, EMPTY_LOGITS_CONTEXT, type LogitsProcessor } from './logits-processor.js';

describe('composeProcessors', () => {
  it('applies processors left to right and passes the context to each', () => {
    const calls: string[] = [];
    const add: LogitsProcessor = (logits, context) => {
      calls.push(`add:${context.recentTokenIds.length}`);
      return logits.map((x) => x + 1);
    };
    const double: LogitsProcessor = (logits) => {
      calls.push('double');
      return logits.map((x) => x * 2);
    };
    const result = composeProcessors([add, double])(new Float32Array([1, 2]), { recentTokenIds: [7, 8] });
    expect(Array.from(result)).toEqual([4, 6]);
    expect(calls).toEqual(['add:2', 'double']);
  });

  it('an empty list is the identity; the list is copied when composed', () => {
    const logits = new Float32Array([1]);
    expect(composeProcessors([])(logits, EMPTY_LOGITS_CONTEXT)).toBe(logits);
    const list: LogitsProcessor[] = [(l) => l.map((x) => x + 1)];
    const composed = composeProcessors(list);
    list.push((l) => l.map(() => 0));
    expect(Array.from(composed(new Float32Array([1]), EMPTY_LOGITS_CONTEXT))).toEqual([2]);
  });

  it('rejects a non-array and non-function entries naming the position', () => {
    expect(() => composeProcessors('x' as never)).toThrow(InvalidArgumentError);
    expect(() => composeProcessors([(l) => l, 3 as never])).toThrow(/^processors\[1\] must be a function/);
  });
});
