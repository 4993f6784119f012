// readTextFile / readTextPieces on real files: strict UTF-8 with byte offsets, BOM, CR LF, empty and short texts.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusError, InvalidUtf8Error } from '../errors.js';
import { compactCrlf, readTextFile, readTextPieces } from './read-text-file.js';

let directory = '';
const encoder = new TextEncoder();

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? encoder.encode(content) : content);
  return path;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'charloom-data-read-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('readTextFile', () => {
  it('reads UTF-8, drops a BOM and keeps line ends unless asked', () => {
    const path = file('bom.txt', '\uFEFFCall me Ishmael.\r\nSome years ago—\r\n😀\r');
    expect(readTextFile(path)).toBe('Call me Ishmael.\r\nSome years ago—\r\n😀\r');
    expect(readTextFile(path, { crlfToLf: true })).toBe('Call me Ishmael.\nSome years ago—\n😀\r');
  });

  it('names the byte offset of the first invalid byte, BOM included, even after CR LF removal', () => {
    const bytes = Uint8Array.from([
      0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x0d, 0x0a, 0x62, 0xe2, 0x82, 0x28, 0x63,
    ]);
    const path = file('bad.txt', bytes);
    for (const crlfToLf of [false, true]) {
      const error = caught(() => readTextFile(path, { crlfToLf }));
      expect(error).toBeInstanceOf(InvalidUtf8Error);
      expect((error as InvalidUtf8Error).byteOffset).toBe(9);
      expect((error as InvalidUtf8Error).message).toBe(`${path}: invalid UTF-8 at byte offset 9 (byte 0xE2)`);
    }
  });

  it('reports a file that ends inside a multi-byte sequence', () => {
    const path = file('cut.txt', Uint8Array.from([0x61, 0x62, 0xf0, 0x9f, 0x98]));
    expect(() => readTextFile(path)).toThrow('invalid UTF-8 at byte offset 2 (a multi-byte sequence cut off');
  });

  it('rejects an empty file, a file holding only a BOM, and a text shorter than minLength', () => {
    expect((caught(() => readTextFile(file('empty.txt', ''))) as CorpusError).reason).toBe('empty');
    expect((caught(() => readTextFile(file('only-bom.txt', '\uFEFF'))) as CorpusError).reason).toBe('empty');
    const short = file('short.txt', '😀😀😀');
    expect(readTextFile(short, { minLength: 3 })).toBe('😀😀😀');
    const error = caught(() => readTextFile(short, { minLength: 4 })) as CorpusError;
    expect(error.reason).toBe('too-short');
    expect(error.message).toBe(`${short}: the text has 3 code points, fewer than the 4 needed (minLength)`);
    const one = file('one.txt', '😀');
    expect(() => readTextFile(one, { minLength: 2 })).toThrow(
      `${one}: the text has 1 code point, fewer than the 2 needed (minLength)`,
    );
  });

  it('reports a missing file and a directory as corpus errors', () => {
    const missing = join(directory, 'missing.txt');
    expect(caught(() => readTextFile(missing))).toMatchObject({ reason: 'not-found', source: missing });
    const sub = join(directory, 'sub');
    mkdirSync(sub);
    expect(caught(() => readTextFile(sub))).toMatchObject({ reason: 'unreadable' });
  });
});

describe('compactCrlf', () => {
  it('removes exactly the CRs that precede an LF', () => {
    const text = '\r\r\na\r\nb\rc\n\r\r\n\r';
    const bytes = encoder.encode(text);
    const length = compactCrlf(bytes, bytes.length);
    expect(new TextDecoder().decode(bytes.subarray(0, length))).toBe(text.replaceAll('\r\n', '\n'));
  });
});

describe('readTextPieces', () => {
  it('yields pieces that join to the text for every chunk size, with CR LF pairs split across chunks', () => {
    const text = 'ab\r\ncd\r\n\r\n€😀\rx\r\n';
    const path = file('pieces.txt', `\uFEFF${text}`);
    for (const chunkSize of [4, 5, 6, 7, 64]) {
      expect([...readTextPieces(path, { chunkSize })].join('')).toBe(text);
      expect([...readTextPieces(path, { chunkSize, crlfToLf: true })].join('')).toBe(
        text.replaceAll('\r\n', '\n'),
      );
    }
  });

  it('reports the byte offset of an invalid byte in any chunk', () => {
    const bytes = new Uint8Array(40).fill(0x61);
    bytes[29] = 0xc3;
    bytes[30] = 0x41;
    const path = file('late-bad.txt', bytes);
    for (const chunkSize of [4, 7, 29, 30, 64]) {
      const error = caught(() => [...readTextPieces(path, { chunkSize })]);
      expect(error).toBeInstanceOf(InvalidUtf8Error);
      expect((error as InvalidUtf8Error).byteOffset).toBe(29);
    }
  });
});
