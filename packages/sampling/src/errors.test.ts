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
    const error = new InvalidArgumentError({
      parameter: 'topK',
      value: 0,
      expected: 'an integer >= 1',
      cause,
    });
    expect(error).toBeInstanceOf(SamplingError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.message).toBe('topK must be an integer >= 1, got 0');
    expect(error).toMatchObject({ parameter: 'topK', value: 0, expected: 'an integer >= 1', cause });

    const logits = new InvalidLogitsError({
      parameter: 'logits[3]',
      value: Number.NaN,
      expected: 'a number, not NaN',
      index: 3,
      cause,
    });
    expect(logits).toBeInstanceOf(InvalidArgumentError);
    expect(logits.name).toBe('InvalidLogitsError');
    expect(logits.message).toBe('logits[3] must be a number, not NaN, got NaN');
    expect(logits).toMatchObject({ parameter: 'logits[3]', expected: 'a number, not NaN', index: 3, cause });
    expect(logits.value).toBeNaN();

    const model = new ModelOutputError({
      field: 'step().logits',
      value: new Float32Array(3),
      expected: 'length 4',
    });
    expect(model.name).toBe('ModelOutputError');
    expect(model.message).toBe('model output step().logits must be length 4, got Float32Array(3)');
    expect(model).toMatchObject({ field: 'step().logits', expected: 'length 4' });
    expect(new SamplingError('x').name).toBe('SamplingError');
  });

  it('leave cause unset when none is given', () => {
    const error = new InvalidArgumentError({ parameter: 'seed', value: 1.5, expected: 'a finite integer' });
    expect(error.message).toBe('seed must be a finite integer, got 1.5');
    expect('cause' in error).toBe(false);
    expect('cause' in new SamplingError('x')).toBe(false);
    expect(new SamplingError('x', { cause: 7 }).cause).toBe(7);
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
