import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, VocabFormatError } from './errors.js';
import { WordVocab } from './word-vocab.js';
import type { WordVocabJSON } from './word-vocab-json.js';

const TEXTS = ['The cat sat.', 'the dog sat', 'A cat! A dog? the end'];

describe('WordVocab.fromTexts', () => {
  it('reserves <pad> = 0 and <unk> = 1', () => {
    const vocab = WordVocab.fromTexts(TEXTS);
    expect(vocab.padId).toBe(0);
    expect(vocab.unkId).toBe(1);
    expect(vocab.words[0]).toBe('<pad>');
    expect(vocab.words[1]).toBe('<unk>');
    expect(vocab.idOf('<pad>')).toBe(0);
    expect(vocab.idOf('<unk>')).toBe(1);
  });

  it('orders words by frequency, ties by code point', () => {
    const vocab = WordVocab.fromTexts(TEXTS);
    expect(vocab.words).toEqual(['<pad>', '<unk>', 'the', 'a', 'cat', 'dog', 'sat', '!', '.', '?', 'end']);
    expect(vocab.size).toBe(11);
    const ties = WordVocab.fromTexts(['é z b a 😀 \uFF5E']);
    expect(ties.words.slice(2)).toEqual(['a', 'b', 'z', 'é', '\uFF5E', '😀']);
  });

  it('is deterministic whatever the order of the texts', () => {
    const reference = WordVocab.fromTexts(TEXTS).toJSON();
    expect(WordVocab.fromTexts([...TEXTS].reverse()).toJSON()).toEqual(reference);
    expect(WordVocab.fromTexts([TEXTS[1]!, TEXTS[2]!, TEXTS[0]!]).toJSON()).toEqual(reference);
  });

  it('drops words below minFrequency', () => {
    const vocab = WordVocab.fromTexts(TEXTS, { minFrequency: 2 });
    expect(vocab.words).toEqual(['<pad>', '<unk>', 'the', 'a', 'cat', 'dog', 'sat']);
    expect(vocab.idOf('end')).toBe(1);
  });

  it('caps the size at maxSize, counting <pad> and <unk>', () => {
    const vocab = WordVocab.fromTexts(TEXTS, { maxSize: 4 });
    expect(vocab.size).toBe(4);
    expect(vocab.words).toEqual(['<pad>', '<unk>', 'the', 'a']);
    expect(WordVocab.fromTexts(TEXTS, { maxSize: 2 }).words).toEqual(['<pad>', '<unk>']);
    expect(WordVocab.fromTexts(TEXTS, { maxSize: 1000 }).size).toBe(11);
  });

  it('lower-cases by default and keeps case when asked', () => {
    expect(WordVocab.fromTexts(['The the THE']).words).toEqual(['<pad>', '<unk>', 'the']);
    const cased = WordVocab.fromTexts(['The the THE the'], { lowercase: false });
    expect(cased.words).toEqual(['<pad>', '<unk>', 'the', 'THE', 'The']);
    expect(cased.idOf('The')).toBe(4);
    expect(cased.idOf('tHe')).toBe(1);
  });

  it('treats a single string as one text', () => {
    expect(WordVocab.fromTexts('b a b' as never).words).toEqual(['<pad>', '<unk>', 'b', 'a']);
  });

  it('rejects bad texts and options', () => {
    expect(() => WordVocab.fromTexts(5 as never)).toThrow(InvalidArgumentError);
    expect(() => WordVocab.fromTexts(['a', null] as never)).toThrow('texts[1] must be a string, got null');
    expect(() => WordVocab.fromTexts(TEXTS, { minFrequency: 0 })).toThrow(
      'minFrequency must be an integer >= 1, got 0',
    );
    expect(() => WordVocab.fromTexts(TEXTS, { minFrequency: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => WordVocab.fromTexts(TEXTS, { maxSize: 1 })).toThrow(
      'maxSize must be an integer >= 2, got 1',
    );
    expect(() => WordVocab.fromTexts(TEXTS, { lowercase: 1 as never })).toThrow(InvalidArgumentError);
  });
});

describe('WordVocab encode and decode', () => {
  const vocab = WordVocab.fromTexts(TEXTS);

  it('maps words to ids, unknown words to <unk>, case-insensitively', () => {
    const ids = vocab.encode('THE zebra sat!');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([2, 1, 6, 7]);
    expect(vocab.idOf('Cat')).toBe(4);
    expect(vocab.idOf('zebra')).toBe(1);
    expect(vocab.decode(ids)).toEqual(['the', '<unk>', 'sat', '!']);
  });

  it('cuts or pads to maxLength', () => {
    expect(Array.from(vocab.encode('the cat sat', { maxLength: 2 }))).toEqual([2, 4]);
    expect(Array.from(vocab.encode('the cat', { maxLength: 4 }))).toEqual([2, 4, 0, 0]);
    expect(Array.from(vocab.encode('', { maxLength: 2 }))).toEqual([0, 0]);
    expect(() => vocab.encode('the', { maxLength: 0 })).toThrow('maxLength must be an integer >= 1, got 0');
  });

  it('decodes pads unless skipPadding', () => {
    expect(vocab.decode([2, 4, 0, 0])).toEqual(['the', 'cat', '<pad>', '<pad>']);
    expect(vocab.decode([2, 4, 0, 0], { skipPadding: true })).toEqual(['the', 'cat']);
  });

  it('names a bad id and its position', () => {
    expect(() => vocab.decode([2, 11])).toThrow('tokenIds[1] must be an integer id in [0, 11), got 11');
    expect(() => vocab.decode([-1])).toThrow(InvalidArgumentError);
    expect(() => vocab.decode([0.5])).toThrow(InvalidArgumentError);
    expect(() => vocab.encode(1 as never)).toThrow(InvalidArgumentError);
    expect(() => vocab.idOf(1 as never)).toThrow(InvalidArgumentError);
  });
});

describe('WordVocab JSON', () => {
  const VALID: WordVocabJSON = {
    format: 'charloom.word-vocab',
    version: 1,
    lowercase: true,
    words: ['the', 'cat', "don't", '3.50', '!'],
  };

  it('round-trips through JSON.stringify and JSON.parse with the same ids', () => {
    for (const lowercase of [true, false]) {
      const vocab = WordVocab.fromTexts(TEXTS, { lowercase });
      const restored = WordVocab.fromJSON(JSON.parse(JSON.stringify(vocab)));
      expect(restored.words).toEqual(vocab.words);
      expect(restored.lowercase).toBe(lowercase);
      expect(Array.from(restored.encode('The cat! A zebra'))).toEqual(
        Array.from(vocab.encode('The cat! A zebra')),
      );
    }
    expect(WordVocab.fromTexts(TEXTS).toJSON()).toEqual({
      format: 'charloom.word-vocab',
      version: 1,
      lowercase: true,
      words: ['the', 'a', 'cat', 'dog', 'sat', '!', '.', '?', 'end'],
    });
  });

  it('accepts the JSON text', () => {
    expect(WordVocab.fromJSON(JSON.stringify(VALID)).idOf("Don't")).toBe(4);
  });

  const cases: Array<[string, unknown, string]> = [
    ['null', null, '(root)'],
    ['a string that is not JSON', 'nope', '(root)'],
    ['an array', [], '(root)'],
    ['a wrong format', { ...VALID, format: 'charloom.char-vocab' }, 'format'],
    ['a missing format', { ...VALID, format: undefined }, 'format'],
    ['an unsupported version', { ...VALID, version: 2 }, 'version'],
    ['a missing lowercase', { ...VALID, lowercase: undefined }, 'lowercase'],
    ['a non-boolean lowercase', { ...VALID, lowercase: 'true' }, 'lowercase'],
    ['missing words', { ...VALID, words: undefined }, 'words'],
    ['words not an array', { ...VALID, words: 'the cat' }, 'words'],
    ['a non-string word', { ...VALID, words: ['the', 3] }, 'words[1]'],
    ['an empty word', { ...VALID, words: [''] }, 'words[0]'],
    ['a reserved word', { ...VALID, words: ['the', '<unk>'] }, 'words[1]'],
    ['a duplicate word', { ...VALID, words: ['the', 'cat', 'the'] }, 'words[2]'],
    ['a word of two tokens', { ...VALID, words: ['the cat'] }, 'words[0]'],
    ['an upper-case word in a lower-casing vocab', { ...VALID, words: ['The'] }, 'words[0]'],
    ['an extra field', { ...VALID, counts: [3] }, 'counts'],
  ];

  for (const [description, json, field] of cases) {
    it(`rejects ${description}`, () => {
      const fromJSON = () => WordVocab.fromJSON(json);
      expect(fromJSON).toThrow(VocabFormatError);
      expect(fromJSON).toThrow(`invalid vocab JSON: ${field} must be`);
    });
  }

  it('accepts upper-case words when the vocab keeps case', () => {
    expect(WordVocab.fromJSON({ ...VALID, lowercase: false, words: ['The'] }).idOf('The')).toBe(2);
  });
});

describe('WordVocab options', () => {
  it('rejects unknown option keys in fromTexts, encode and decode', () => {
    expect(() => WordVocab.fromTexts(['a b'], { minFreq: 2 } as never)).toThrow(/options\.minFreq/);
    const vocab = WordVocab.fromTexts(['a b']);
    expect(() => vocab.encode('a', { maxLen: 3 } as never)).toThrow(InvalidArgumentError);
    expect(() => vocab.decode([2], { skipPad: true } as never)).toThrow(/options\.skipPad/);
  });
});
