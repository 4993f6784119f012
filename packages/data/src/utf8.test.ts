// Strict UTF-8: the validator agrees with TextDecoder on what is valid, and names the byte where decoding fails.

import { createRng } from '@charloom/sampling';
import { describe, expect, it } from 'vitest';
import { InvalidUtf8Error } from './errors.js';
import { decodeUtf8, findInvalidUtf8, Utf8Validator } from './utf8.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const loose = new TextDecoder('utf-8', { ignoreBOM: true });

function isValid(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('findInvalidUtf8', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1, 0x80],
    ['an overlong two-byte form', [0xc0, 0x80], 0, 0xc0],
    ['an overlong three-byte form', [0x61, 0xe0, 0x80, 0x80], 1, 0xe0],
    ['a surrogate', [0xed, 0xa0, 0x80], 0, 0xed],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, 0xf4],
    ['0xFF', [0x41, 0x42, 0xff], 2, 0xff],
    ['a lead byte followed by ASCII', [0xe2, 0x82, 0x41], 0, 0xe2],
    ['a sequence cut off by the end', [0x41, 0xe2, 0x82], 1, -1],
  ])('reports %s', (_, bytes, byteOffset, byteValue) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toEqual({ byteOffset, byteValue });
  });

  it('accepts every valid form, a BOM included', () => {
    const bytes = new TextEncoder().encode('\uFEFFaé€😀\u{10FFFF}\u0000');
    expect(findInvalidUtf8(bytes)).toBeUndefined();
  });

  it('agrees with TextDecoder on random bytes, and everything before the offset decodes', () => {
    const rng = createRng(3);
    const pool = [
      0x41, 0x0a, 0x80, 0xbf, 0xa0, 0x9f, 0x90, 0x8f, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
      0xc0,
    ];
    let invalid = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = Uint8Array.from(
        { length: 1 + (rng.nextUint32() % 12) },
        () => pool[rng.nextUint32() % pool.length]!,
      );
      const problem = findInvalidUtf8(bytes);
      expect(problem === undefined).toBe(isValid(bytes));
      if (problem === undefined) continue;
      invalid++;
      const prefix = bytes.subarray(0, problem.byteOffset);
      expect(isValid(prefix)).toBe(true);
      // The replacement character a lenient decoder writes comes right after the valid prefix.
      expect(loose.decode(bytes).indexOf('\uFFFD')).toBe(strict.decode(prefix).length);
    }
    expect(invalid).toBeGreaterThan(1000);
  });

  it('gives the same answer when the bytes arrive in pieces', () => {
    const bytes = Uint8Array.from([0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x28]);
    const whole = findInvalidUtf8(bytes);
    expect(whole).toEqual({ byteOffset: 8, byteValue: 0xe2 });
    for (let cut = 0; cut <= bytes.length; cut++) {
      const validator = new Utf8Validator();
      const found =
        validator.push(bytes.subarray(0, cut)) ?? validator.push(bytes.subarray(cut)) ?? validator.end();
      expect(found).toEqual(whole);
    }
  });
});

describe('Utf8Validator', () => {
  it('keeps reporting the first problem once found, for later pieces and at the end', () => {
    const validator = new Utf8Validator();
    const first = { byteOffset: 1, byteValue: 0xff };
    expect(validator.push(Uint8Array.from([0x61, 0xff, 0xe2]))).toEqual(first);
    expect(validator.push(Uint8Array.from([0x61, 0x80]))).toEqual(first);
    expect(validator.push(Uint8Array.from([0x61]))).toEqual(first);
    expect(validator.end()).toEqual(first);
  });
});

describe('decodeUtf8', () => {
  it('drops a BOM and optionally turns CR LF into LF', () => {
    const bytes = new TextEncoder().encode('\uFEFFone\r\ntwo\r');
    expect(decodeUtf8(bytes)).toBe('one\r\ntwo\r');
    expect(decodeUtf8(bytes, { crlfToLf: true })).toBe('one\ntwo\r');
  });

  it('throws InvalidUtf8Error naming the source and the byte offset', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x62, 0xc3, 0x28]);
    expect(() => decodeUtf8(bytes, { source: 'upload.txt' })).toThrow(
      'upload.txt: invalid UTF-8 at byte offset 5 (byte 0xC3)',
    );
    let caught: unknown;
    try {
      decodeUtf8(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidUtf8Error);
    expect(caught).toMatchObject({ byteOffset: 5, byteValue: 0xc3, reason: 'invalid-utf8', source: 'bytes' });
  });
});
