import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';
import { InvalidArgumentError, TokenizerError, UnknownCharacterError, VocabFormatError } from './errors.js';

describe('errors', () => {
  it('InvalidArgumentError names parameter and value', () => {
    const cause = new Error('inner');
    const error = new InvalidArgumentError({
      parameter: 'topK',
      value: 0,
      expected: 'an integer >= 1',
      cause,
    });
    expect(error).toBeInstanceOf(TokenizerError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.message).toBe('topK must be an integer >= 1, got 0');
    expect(error.parameter).toBe('topK');
    expect(error.value).toBe(0);
    expect(error.cause).toBe(cause);
  });

  it('leaves cause unset when none is given', () => {
    const error = new TokenizerError('plain');
    expect(error.name).toBe('TokenizerError');
    expect('cause' in error).toBe(false);
  });

  it('UnknownCharacterError shows the character, its code point and index', () => {
    const error = new UnknownCharacterError({ char: 'é', index: 12, offset: 12 });
    expect(error.name).toBe('UnknownCharacterError');
    expect(error.message).toBe("unknown character 'é' (U+00E9) at index 12");
    expect(error.codePoint).toBe(0xe9);
    expect(new UnknownCharacterError({ char: '\u200D', index: 1, offset: 2 }).message).toBe(
      "unknown character '\\u200D' (U+200D) at index 1",
    );
    expect(new UnknownCharacterError({ char: 'e\u0301', index: 0, offset: 0 }).message).toBe(
      "unknown character 'e\u0301' (U+0065 U+0301) at index 0",
    );
  });

  it('VocabFormatError names field and value', () => {
    const error = new VocabFormatError({ field: 'version', value: 2, expected: '1' });
    expect(error.name).toBe('VocabFormatError');
    expect(error.field).toBe('version');
    expect(error.message).toBe('invalid vocab JSON: version must be 1, got 2');
  });
});

describe('describeValue', () => {
  it('renders each kind of value briefly', () => {
    expect(describeValue('a\u200Db')).toBe("'a\\u200Db'");
    expect(describeValue('x'.repeat(50))).toBe(`'${'x'.repeat(40)}…'`);
    expect(describeValue(undefined)).toBe('undefined (missing)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(3n)).toBe('3n');
    expect(describeValue(true)).toBe('true');
    expect(describeValue(() => 1)).toBe('a function');
  });
});
