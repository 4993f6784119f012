import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { tokenizeWords } from './tokenize-words.js';

describe('tokenizeWords', () => {
  it('splits mixed text into words, numbers and single punctuation', () => {
    expect(tokenizeWords("Don't pay $3.50, it's 1,000%!")).toEqual([
      "Don't",
      'pay',
      '$',
      '3.50',
      ',',
      "it's",
      '1,000',
      '%',
      '!',
    ]);
  });

  it('lower-cases on request', () => {
    expect(tokenizeWords("Don't PAY", { lowercase: true })).toEqual(["don't", 'pay']);
    expect(tokenizeWords('ЇЖАК Grüße', { lowercase: true })).toEqual(['їжак', 'grüße']);
  });

  it('keeps Unicode letters, combining marks and curly apostrophes inside words', () => {
    expect(tokenizeWords('Grüße Gru\u0308ße сім’я Їжак, ґанок; België')).toEqual([
      'Grüße',
      'Gru\u0308ße',
      'сім’я',
      'Їжак',
      ',',
      'ґанок',
      ';',
      'België',
    ]);
  });

  it('keeps apostrophes at word edges and other symbols as their own tokens', () => {
    expect(tokenizeWords("rock 'n' roll dogs'")).toEqual(['rock', "'", 'n', "'", 'roll', 'dogs', "'"]);
    expect(tokenizeWords('well-known 3rd 😀')).toEqual(['well', '-', 'known', '3', 'rd', '😀']);
    expect(tokenizeWords('3.14 1.2.3 2. x')).toEqual(['3.14', '1.2.3', '2', '.', 'x']);
  });

  it('drops every kind of whitespace', () => {
    expect(tokenizeWords(' \t\na\u00A0b\u2003c\r\n')).toEqual(['a', 'b', 'c']);
    expect(tokenizeWords('')).toEqual([]);
    expect(tokenizeWords('   ')).toEqual([]);
  });

  it('rejects non-string text and a non-boolean lowercase', () => {
    expect(() => tokenizeWords(3 as never)).toThrow(InvalidArgumentError);
    expect(() => tokenizeWords('a', { lowercase: 'yes' as never })).toThrow(
      "lowercase must be a boolean, got 'yes'",
    );
  });
});
