// encodeText: chunked encoding gives exactly vocab.encode's ids for every chunk size and vocab mode.

import { CharVocab, UnknownCharacterError } from '@charloom/tokenizer';
import { describe, expect, it } from 'vitest';
import { encodeText } from './encode-text.js';
import { InvalidArgumentError } from './errors.js';

const tricky = 'Grüße 😀 a\u0301 👩‍👩‍👧‍👦 🇳🇱\r\nпривет\n𝔘𝔫𝔦\ud800x\n\n e\u0301\u0302 done';

function caughtError(run: () => unknown): UnknownCharacterError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnknownCharacterError) return error;
    throw error;
  }
  throw new Error('expected an UnknownCharacterError');
}

describe('encodeText', () => {
  it('matches vocab.encode for code points, graphemes and NFC at every chunk size', () => {
    for (const options of [{}, { mode: 'grapheme' as const }, { normalize: 'NFC' as const }]) {
      const vocab = CharVocab.fromText(tricky, options);
      const expected = vocab.encode(tricky);
      for (const chunkSize of [2, 3, 5, 7, 16, 1000]) {
        const ids = encodeText(vocab, tricky, { chunkSize });
        expect(ids.constructor).toBe(expected.constructor);
        expect(Array.from(ids)).toEqual(Array.from(expected));
      }
    }
  });

  it('returns the smallest id type, as vocab.encode does', () => {
    const small = CharVocab.fromText('abc');
    expect(encodeText(small, 'cab')).toBeInstanceOf(Uint8Array);
    const wide = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const vocab = CharVocab.fromText(wide);
    const ids = encodeText(vocab, wide, { chunkSize: 64 });
    expect(ids).toBeInstanceOf(Uint16Array);
    expect(Array.from(ids)).toEqual(Array.from(vocab.encode(wide)));
  });

  it('applies the unknown policy and reports an unknown character by its place in the whole text', () => {
    const vocab = CharVocab.fromText('abc ', { specialTokens: { unk: '<unk>' } });
    const text = 'abc abc abc zab';
    expect(Array.from(encodeText(vocab, text, { unknown: 'skip', chunkSize: 4 }))).toEqual(
      Array.from(vocab.encode(text, { unknown: 'skip' })),
    );
    expect(Array.from(encodeText(vocab, text, { unknown: 'unk', chunkSize: 4 }))).toEqual(
      Array.from(vocab.encode(text, { unknown: 'unk' })),
    );
    let caught: unknown;
    try {
      encodeText(vocab, text, { chunkSize: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownCharacterError);
    expect((caught as UnknownCharacterError).index).toBe(12);
    expect((caught as UnknownCharacterError).offset).toBe(12);
  });

  it('reports the offset of an unknown character in normalised units for an NFC vocab, as vocab.encode does', () => {
    const vocab = CharVocab.fromText('e\u0301\n', { normalize: 'NFC' });
    const text = `${'e\u0301\n'.repeat(10)}e\u0301Z`;
    const whole = caughtError(() => vocab.encode(text));
    expect(whole.offset).toBe(21);
    for (const chunkSize of [2, 4, 7, 1000]) {
      const error = caughtError(() => encodeText(vocab, text, { chunkSize }));
      expect([error.index, error.offset]).toEqual([whole.index, whole.offset]);
    }
  });

  it('encodes the empty text', () => {
    expect(encodeText(CharVocab.fromText('a'), '')).toHaveLength(0);
  });

  it('checks the unknown option itself, naming options.unknown', () => {
    const plain = CharVocab.fromText('ab');
    expect(() => encodeText(plain, 'ab', { unknown: 'drop' as never })).toThrow(
      'options.unknown must be "error", "skip" or "unk", got "drop"',
    );
    expect(() => encodeText(plain, 'ab', { unknown: 'unk' })).toThrow(
      'options.unknown must be "error" or "skip" (the vocab has no unk token), got "unk"',
    );
    expect(() => encodeText(plain, '', { unknown: 'unk' })).toThrow(InvalidArgumentError);
  });

  it('rejects a vocab that is not a CharVocab and a bad chunk size', () => {
    expect(() => encodeText({} as CharVocab, 'a')).toThrow(InvalidArgumentError);
    expect(() => encodeText(CharVocab.fromText('a'), 'a', { chunkSize: 1 })).toThrow(
      'options.chunkSize must be an integer >= 2, got 1',
    );
  });
});
