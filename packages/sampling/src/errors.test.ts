import { describe, expect, it } from 'vitest';
import {
  describeValue,
  InvalidArgumentError,
  InvalidLogitsError,
  ModelOutputError,
  SamplingError,
} from './errors.js';

describe('errors', () => {
  it('have names, fields, messages and a cause, and share the SamplingError base', () => {
    const cause = new Error('root');
    const error = new InvalidArgumentError('topK', 0, 'an integer >= 1', { cause });
    expect(error).toBeInstanceOf(SamplingError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.message).toBe('topK must be an integer >= 1, got 0');
    expect(error).toMatchObject({ parameter: 'topK', value: 0, expected: 'an integer >= 1', cause });

    const logits = new InvalidLogitsError('logits[3]', Number.NaN, 'a number, not NaN', 3);
    expect(logits).toBeInstanceOf(InvalidArgumentError);
    expect(logits.name).toBe('InvalidLogitsError');
    expect(logits.index).toBe(3);

    const model = new ModelOutputError('step().logits', new Float32Array(3), 'length 4');
    expect(model.name).toBe('ModelOutputError');
    expect(model.message).toBe('model output step().logits must be length 4, got Float32Array(3)');
    expect(new SamplingError('x').name).toBe('SamplingError');
  });

  it('describe values compactly', () => {
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue('a'.repeat(50))).toBe(`"${'a'.repeat(40)}…"`);
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue(new Int32Array(5))).toBe('Int32Array(5)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(() => 1)).toBe('function');
  });
});
