// encodeTextFile: the streamed ids equal encoding the whole text, for small chunks, given vocabs and grapheme mode.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharVocab, UnknownCharacterError } from '@charloom/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError, InvalidUtf8Error } from '../errors.js';
import { encodeTextFile } from './encode-text-file.js';

let directory = '';
const text = 'Grüße 😀 a\u0301 👩‍👩‍👧‍👦\r\nпривет\n\n e\u0301 done\r\n';

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'charloom-data-encode-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('encodeTextFile', () => {
  it('gives the ids of the whole text for every chunk size and vocab mode', () => {
    const path = file('text.txt', `\uFEFF${text}`);
    for (const vocabOptions of [undefined, { mode: 'grapheme' as const }, { normalize: 'NFC' as const }]) {
      const expectedVocab = CharVocab.fromText(text, vocabOptions);
      for (const chunkSize of [4, 5, 9, 1024]) {
        const result = encodeTextFile(
          path,
          vocabOptions === undefined ? { chunkSize } : { chunkSize, vocabOptions },
        );
        expect(result.vocab.toJSON()).toEqual(expectedVocab.toJSON());
        expect(Array.from(result.tokenIds)).toEqual(Array.from(expectedVocab.encode(text)));
        expect(result.byteLength).toBe(new TextEncoder().encode(text).length + 3);
      }
    }
  });

  it('applies crlfToLf, a given vocab and its unknown policy', () => {
    const path = file('crlf.txt', 'ab\r\nba\r\nzz');
    const vocab = CharVocab.fromText('ab\n', { specialTokens: { unk: '?' } });
    const result = encodeTextFile(path, { vocab, crlfToLf: true, unknown: 'unk', chunkSize: 4 });
    expect(vocab.decode(result.tokenIds)).toBe('ab\nba\n??');
    expect(result.tokenIds).toBeInstanceOf(Uint8Array);
    expect(() => encodeTextFile(path, { vocab, crlfToLf: true, chunkSize: 4 })).toThrow(
      UnknownCharacterError,
    );
  });

  it('encodes with a wide (Uint16) vocab, built or given, into an array of exactly the ids', () => {
    const cjk = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const wide = `${cjk}\nпривет ${cjk}\n`;
    const path = file('wide.txt', wide);
    const given = CharVocab.fromText(wide);
    for (const options of [{ chunkSize: 7 }, { chunkSize: 7, vocab: given }]) {
      const { tokenIds } = encodeTextFile(path, options);
      expect(tokenIds).toBeInstanceOf(Uint16Array);
      expect(Array.from(tokenIds)).toEqual(Array.from(given.encode(wide)));
      // One id per UTF-16 unit of this text, so the array allocated for the counted units is the result itself.
      expect(tokenIds.buffer.byteLength).toBe(2 * wide.length);
    }
  });

  it('checks the unknown option and reports unknown characters in normalised units for an NFC vocab', () => {
    const path = file('nfc.txt', `${'e\u0301\n'.repeat(10)}e\u0301Z`);
    const vocab = CharVocab.fromText('e\u0301\n', { normalize: 'NFC' });
    let caught: unknown;
    try {
      encodeTextFile(path, { vocab, chunkSize: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownCharacterError);
    expect(caught).toMatchObject({ index: 21, offset: 21 });
    expect(() => encodeTextFile(path, { vocab, unknown: 'unk' })).toThrow(
      'options.unknown must be "error" or "skip" (the vocab has no unk token), got "unk"',
    );
    expect(() => encodeTextFile(path, { unknown: 'ignore' as never })).toThrow(
      'options.unknown must be "error", "skip" or "unk", got "ignore"',
    );
  });

  it('reports invalid bytes, empty files and texts shorter than minLength', () => {
    const bad = Uint8Array.from([0x61, 0x62, 0x63, 0x64, 0x65, 0xff, 0x66]);
    expect(() => encodeTextFile(file('bad.txt', bad), { chunkSize: 4 })).toThrow(InvalidUtf8Error);
    expect(() => encodeTextFile(file('bad.txt', bad), { chunkSize: 4 })).toThrow('byte offset 5 (byte 0xFF)');
    expect(() => encodeTextFile(file('empty.txt', ''))).toThrow(CorpusError);
    expect(() => encodeTextFile(file('bom.txt', '\uFEFF'))).toThrow('the text is empty');
    expect(() => encodeTextFile(file('short.txt', 'abc'), { minLength: 4 })).toThrow(
      'the text has 3 tokens, fewer than the 4 needed (minLength)',
    );
  });
});
