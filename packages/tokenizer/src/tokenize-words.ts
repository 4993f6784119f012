// tokenizeWords: a small Unicode-aware word tokenizer (words, numbers, single punctuation or symbols).
// Leaves out language-specific rules (clitic splitting, URLs, emoji sequences, sub-word units).

import { InvalidArgumentError } from './errors.js';

/**
 * A word: letters and combining marks, with apostrophes (' or ’) allowed between letters.
 * A number: digits, with single '.' or ',' between digits (3.14, 1,000, 1.000,5).
 * Anything else that is not whitespace: one code point on its own.
 */
const TOKEN_PATTERN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+(?:[.,]\p{N}+)*|\S/gu;

/** Options of `tokenizeWords`. */
export interface TokenizeWordsOptions {
  /** Lower-case the text first (`String#toLowerCase`, locale-independent). Default false. */
  lowercase?: boolean;
}

/**
 * Splits text into tokens: runs of letters (with their combining marks, and apostrophes inside a
 * word, so "don't" is one token), numbers (with inner decimal or thousands separators, so "3.50" and
 * "1,000" are one token) and single punctuation or symbol characters. Whitespace is dropped.
 * Letters and digits are not mixed: "3rd" gives "3", "rd".
 * @throws InvalidArgumentError when `text` is not a string or `lowercase` not a boolean
 */
export function tokenizeWords(text: string, options?: TokenizeWordsOptions): string[] {
  if (typeof text !== 'string')
    throw new InvalidArgumentError({ parameter: 'text', value: text, expected: 'a string' });
  const lowercase = options?.lowercase ?? false;
  if (typeof lowercase !== 'boolean')
    throw new InvalidArgumentError({ parameter: 'lowercase', value: lowercase, expected: 'a boolean' });
  return (lowercase ? text.toLowerCase() : text).match(TOKEN_PATTERN) ?? [];
}
