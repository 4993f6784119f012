// Strict UTF-8: decoding that fails on the first ill-formed byte and says where, for in-memory bytes and streams.
// Leaves out other encodings and any repair: invalid bytes are an error, never a silent U+FFFD.

import { CorpusError, InvalidUtf8Error } from './errors.js';

/** Where the first ill-formed sequence starts, and its first byte (-1 when the data ended inside a sequence). */
export interface Utf8Problem {
  readonly byteOffset: number;
  readonly byteValue: number;
}

/**
 * A streaming UTF-8 validator following the WHATWG decoder's rules (the ones `TextDecoder` applies): overlong
 * forms, surrogates (ED A0..BF) and code points above U+10FFFF are ill-formed. Feed consecutive pieces to `push`
 * and call `end` after the last; both return the first problem of the data so far, or `undefined`. Once a problem
 * is found it is remembered: later pieces are not examined and every later `push` and `end` returns it again.
 * The offset reported is that of the first byte of the ill-formed sequence (the lead byte when a continuation
 * byte is wrong or missing). Internal: `findInvalidUtf8` and `readTextFile` use it to locate a decoder failure.
 */
export class Utf8Validator {
  #offset = 0;
  #needed = 0;
  #seen = 0;
  #lower = 0x80;
  #upper = 0xbf;
  #start = 0;
  #lead = 0;
  #problem: Utf8Problem | undefined;

  /** Validates the next piece; returns the first problem found in the data so far, or undefined. */
  push(bytes: Uint8Array): Utf8Problem | undefined {
    if (this.#problem !== undefined) return this.#problem;
    this.#problem = this.#scan(bytes);
    return this.#problem;
  }

  /** Call after the last piece: the first problem, or a sequence cut off by the end of the data. */
  end(): Utf8Problem | undefined {
    this.#problem ??= this.#needed === 0 ? undefined : { byteOffset: this.#start, byteValue: -1 };
    return this.#problem;
  }

  #scan(bytes: Uint8Array): Utf8Problem | undefined {
    const base = this.#offset;
    const n = bytes.length;
    this.#offset += n;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (this.#needed === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) this.#needed = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) this.#lower = 0xa0;
          else if (b === 0xed) this.#upper = 0x9f;
          this.#needed = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) this.#lower = 0x90;
          else if (b === 0xf4) this.#upper = 0x8f;
          this.#needed = 3;
        } else return { byteOffset: base + i, byteValue: b };
        this.#start = base + i;
        this.#lead = b;
        continue;
      }
      if (b < this.#lower || b > this.#upper) return { byteOffset: this.#start, byteValue: this.#lead };
      this.#lower = 0x80;
      this.#upper = 0xbf;
      if (++this.#seen === this.#needed) {
        this.#needed = 0;
        this.#seen = 0;
      }
    }
    return undefined;
  }
}

/** The first ill-formed sequence of `bytes`, or undefined when they are valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | undefined {
  const validator = new Utf8Validator();
  return validator.push(bytes) ?? validator.end();
}

/** Options of `decodeUtf8`. */
export interface DecodeUtf8Options {
  /** Named in error messages (a file name, say); default `'bytes'`. */
  source?: string;
  /** Turn every CR LF pair into LF (default false: the text is returned as stored). */
  crlfToLf?: boolean;
}

/**
 * Decodes UTF-8 bytes strictly: a leading BOM (EF BB BF) is dropped, and the first ill-formed byte throws
 * `InvalidUtf8Error` with its byte offset (counted from 0 in `bytes`, the BOM included). Decoding itself is one
 * native `TextDecoder('utf-8', { fatal: true })` call; the offset is found by `Utf8Validator` only on failure.
 * Browser-safe. For files, `readTextFile` from `@charloom/data/node` reads and decodes with the same rules.
 * @throws InvalidUtf8Error for bytes that are not UTF-8
 */
export function decodeUtf8(bytes: Uint8Array, options: DecodeUtf8Options = {}): string {
  const source = options.source ?? 'bytes';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw utf8ErrorFor(bytes, source, error);
  }
  return options.crlfToLf === true && text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
}

/** The error to throw after `TextDecoder` rejected `bytes`: an `InvalidUtf8Error` naming the offset. */
function utf8ErrorFor(bytes: Uint8Array, source: string, cause: unknown): CorpusError {
  const problem = findInvalidUtf8(bytes);
  if (problem === undefined) {
    return new CorpusError({
      source,
      reason: 'invalid-utf8',
      message: `${source}: the UTF-8 decoder failed`,
      cause,
    });
  }
  return new InvalidUtf8Error({
    source,
    byteOffset: problem.byteOffset,
    byteValue: problem.byteValue,
    cause,
  });
}
