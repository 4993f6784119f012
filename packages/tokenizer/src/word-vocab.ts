// WordVocab: a word-level vocabulary for classifiers (<pad> = 0, <unk> = 1, then words by frequency).
// Leaves out sub-word units and stemming; the tokenizer is tokenize-words.ts, the JSON reader word-vocab-json.ts.

import { InvalidArgumentError } from './errors.js';
import { tokenizeWords } from './tokenize-words.js';
import { compareCodePoints } from './unicode.js';
import {
  PAD_TOKEN,
  readWordVocabJSON,
  UNK_TOKEN,
  WORD_VOCAB_FORMAT,
  WORD_VOCAB_VERSION,
  type WordVocabJSON,
} from './word-vocab-json.js';

/** Options of `WordVocab.fromTexts`. */
export interface WordVocabOptions {
  /** Lower-case text at build and at encode (default true). */
  lowercase?: boolean;
  /** Keep only words seen at least this often (an integer >= 1, default 1). */
  minFrequency?: number;
  /** Largest vocab size, `<pad>` and `<unk>` included (an integer >= 2; default unlimited). */
  maxSize?: number;
}

/** Options of `WordVocab#encode`. */
export interface WordEncodeOptions {
  /** Give exactly this many ids: cut the tail, or pad with `<pad>` (id 0) at the end. */
  maxLength?: number;
}

/** Options of `WordVocab#decode`. */
export interface WordDecodeOptions {
  /** Leave `<pad>` ids out (default false). */
  skipPadding?: boolean;
}

function invalid(parameter: string, value: unknown, expected: string): never {
  throw new InvalidArgumentError({ parameter, value, expected });
}

/** Throws unless `options` is undefined or an object with only the `known` keys. */
function checkOptionKeys(options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    invalid('options', options, 'an object');
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      invalid(
        `options.${key}`,
        (options as Record<string, unknown>)[key],
        `absent (known: ${known.join(', ')})`,
      );
  }
}

function integerOption(value: unknown, parameter: string, minimum: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
    invalid(parameter, value, `an integer >= ${minimum}`);
  return value;
}

/**
 * A word vocabulary: `<pad>` (id 0), `<unk>` (id 1), then the words of the training texts by
 * frequency (descending), ties broken by code-point order of the word, so the same texts always
 * give the same ids.
 */
export class WordVocab {
  /** Number of ids, `<pad>` and `<unk>` included. */
  readonly size: number;
  /** Id of `<pad>`. */
  readonly padId = 0 as const;
  /** Id of `<unk>`, which every word outside the vocab maps to. */
  readonly unkId = 1 as const;
  /** Whether text is lower-cased before lookup. */
  readonly lowercase: boolean;
  /** Word of each id: `<pad>`, `<unk>`, then the words. */
  readonly words: readonly string[];
  readonly #ids: Map<string, number>;

  private constructor(lowercase: boolean, words: readonly string[]) {
    this.lowercase = lowercase;
    this.words = Object.freeze([PAD_TOKEN, UNK_TOKEN, ...words]);
    this.size = this.words.length;
    this.#ids = new Map(this.words.map((word, id) => [word, id]));
  }

  /**
   * Builds a vocabulary from training texts (a single string counts as one text).
   * @throws InvalidArgumentError for a non-string text or a bad option
   */
  static fromTexts(texts: Iterable<string>, options?: WordVocabOptions): WordVocab {
    checkOptionKeys(options, ['lowercase', 'minFrequency', 'maxSize']);
    const lowercase = options?.lowercase ?? true;
    if (typeof lowercase !== 'boolean') invalid('lowercase', lowercase, 'a boolean');
    const minFrequency = integerOption(options?.minFrequency, 'minFrequency', 1, 1);
    const maxSize = integerOption(options?.maxSize, 'maxSize', 2, Number.POSITIVE_INFINITY);
    const list: Iterable<unknown> =
      typeof texts === 'string'
        ? [texts]
        : typeof texts === 'object' && texts !== null && Symbol.iterator in texts
          ? texts
          : invalid('texts', texts, 'an iterable of strings');
    const counts = new Map<string, number>();
    let position = 0;
    for (const text of list) {
      if (typeof text !== 'string') invalid(`texts[${position}]`, text, 'a string');
      for (const word of tokenizeWords(text, { lowercase })) counts.set(word, (counts.get(word) ?? 0) + 1);
      position++;
    }
    const ranked = [...counts].filter(([, count]) => count >= minFrequency);
    ranked.sort(([wordA, countA], [wordB, countB]) => countB - countA || compareCodePoints(wordA, wordB));
    const kept = ranked.slice(0, Math.max(0, maxSize - 2)).map(([word]) => word);
    return new WordVocab(lowercase, kept);
  }

  /**
   * Rebuilds a vocabulary saved with `toJSON` (the parsed object or the JSON text), with the same ids.
   * @throws VocabFormatError naming the field, for anything that is not a valid version-1 word vocab
   */
  static fromJSON(json: unknown): WordVocab {
    const { lowercase, words } = readWordVocabJSON(json);
    return new WordVocab(lowercase, words);
  }

  /** Id of a word (lower-cased first when the vocab lower-cases); `unkId` when it is not in the vocab. */
  idOf(word: string): number {
    if (typeof word !== 'string') invalid('word', word, 'a string');
    return this.#ids.get(this.lowercase ? word.toLowerCase() : word) ?? this.unkId;
  }

  /**
   * Tokenizes text with `tokenizeWords` and maps each token to its id (`unkId` when unknown).
   * @throws InvalidArgumentError for a non-string text or a bad maxLength
   */
  encode(text: string, options?: WordEncodeOptions): Int32Array {
    if (typeof text !== 'string') invalid('text', text, 'a string');
    const tokens = tokenizeWords(text, { lowercase: this.lowercase });
    checkOptionKeys(options, ['maxLength']);
    const length = integerOption(options?.maxLength, 'maxLength', 1, tokens.length);
    const ids = new Int32Array(length);
    const n = Math.min(length, tokens.length);
    for (let i = 0; i < n; i++) ids[i] = this.#ids.get(tokens[i]!) ?? this.unkId;
    return ids;
  }

  /**
   * The word of each id (`<pad>` and `<unk>` included unless `skipPadding` drops the pads).
   * @throws InvalidArgumentError naming the bad id and its position
   */
  decode(tokenIds: ArrayLike<number>, options?: WordDecodeOptions): string[] {
    if (typeof tokenIds !== 'object' || tokenIds === null || typeof tokenIds.length !== 'number')
      invalid('tokenIds', tokenIds, 'an array or typed array of ids');
    checkOptionKeys(options, ['skipPadding']);
    const skipPadding = options?.skipPadding === true;
    const words: string[] = [];
    for (let i = 0; i < tokenIds.length; i++) {
      const id = tokenIds[i]!;
      const word = Number.isInteger(id) ? this.words[id] : undefined;
      if (word === undefined) invalid(`tokenIds[${i}]`, id, `an integer id in [0, ${this.size})`);
      if (!(skipPadding && id === this.padId)) words.push(word);
    }
    return words;
  }

  /** The vocab as plain JSON data (format 'charloom.word-vocab', version 1); see WordVocabJSON. */
  toJSON(): WordVocabJSON {
    return {
      format: WORD_VOCAB_FORMAT,
      version: WORD_VOCAB_VERSION,
      lowercase: this.lowercase,
      words: this.words.slice(2),
    };
  }
}
