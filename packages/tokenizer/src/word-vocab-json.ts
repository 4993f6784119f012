// The saved form of a WordVocab (format 'charloom.word-vocab', version 1) and its strict reader.
// Leaves out building the vocab from the checked data (WordVocab.fromJSON does that).

import { isRecord } from './char-vocab-config.js';
import { parseJSONText } from './char-vocab-json.js';
import { VocabFormatError } from './errors.js';
import { tokenizeWords } from './tokenize-words.js';

/** Format tag of a saved WordVocab. */
export const WORD_VOCAB_FORMAT = 'charloom.word-vocab';
/** The only WordVocab format version this package reads and writes. */
export const WORD_VOCAB_VERSION = 1;
/** The padding token (id 0). */
export const PAD_TOKEN = '<pad>';
/** The unknown-word token (id 1). */
export const UNK_TOKEN = '<unk>';

/**
 * A WordVocab as plain JSON data. `words` holds the ordinary words in id order starting at id 2
 * (ids 0 and 1 are `<pad>` and `<unk>`, which are not listed).
 */
export interface WordVocabJSON {
  format: typeof WORD_VOCAB_FORMAT;
  version: typeof WORD_VOCAB_VERSION;
  lowercase: boolean;
  words: string[];
}

const FIELDS = ['format', 'version', 'lowercase', 'words'] as const;

function fail(field: string, value: unknown, expected: string): never {
  throw new VocabFormatError({ field, value, expected });
}

/**
 * Checks a saved WordVocab (the parsed object, or its JSON text) and returns its settings and words.
 * Every word must be unique, must not be `<pad>` or `<unk>`, and must be exactly one token as
 * `tokenizeWords` (with the saved lowercase setting) produces it, so that `encode` can reach it.
 * @throws VocabFormatError naming the first bad field
 */
export function readWordVocabJSON(json: unknown): { lowercase: boolean; words: string[] } {
  const data = parseJSONText(json);
  if (!isRecord(data)) return fail('(root)', data, `an object with format '${WORD_VOCAB_FORMAT}'`);
  if (data['format'] !== WORD_VOCAB_FORMAT) fail('format', data['format'], `'${WORD_VOCAB_FORMAT}'`);
  if (data['version'] !== WORD_VOCAB_VERSION)
    fail('version', data['version'], `${WORD_VOCAB_VERSION} (the only version this package reads)`);
  for (const key of Object.keys(data)) {
    if (!(FIELDS as readonly string[]).includes(key))
      fail(
        key,
        data[key],
        `absent (a version-${WORD_VOCAB_VERSION} word vocab has only ${FIELDS.join(', ')})`,
      );
  }
  const lowercase = data['lowercase'];
  if (typeof lowercase !== 'boolean') return fail('lowercase', lowercase, 'a boolean');
  const words = data['words'];
  if (!Array.isArray(words)) return fail('words', words, 'an array of strings');
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const word: unknown = words[i];
    if (typeof word !== 'string' || word.length === 0) fail(`words[${i}]`, word, 'a non-empty string');
    if (word === PAD_TOKEN || word === UNK_TOKEN)
      fail(`words[${i}]`, word, `an ordinary word (${PAD_TOKEN} and ${UNK_TOKEN} have fixed ids 0 and 1)`);
    const earlier = firstIndex.get(word);
    if (earlier !== undefined) fail(`words[${i}]`, word, `unique (it repeats words[${earlier}])`);
    firstIndex.set(word, i);
    const tokens = tokenizeWords(word, { lowercase });
    if (tokens.length !== 1 || tokens[0] !== word)
      fail(`words[${i}]`, word, `a single token as tokenizeWords gives it (lowercase: ${lowercase})`);
  }
  return { lowercase, words: [...(words as string[])] };
}
