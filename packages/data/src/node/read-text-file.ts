// Reading UTF-8 text files strictly: whole (readTextFile) or as decoded pieces (readTextPieces), with BOM and CRLF rules.
// Leaves out other encodings and tokenising (encode-text-file.ts); Node only (node:fs).

import { constants as bufferConstants } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { countCodePoints } from '@charloom/tokenizer';
import { CorpusError, InvalidUtf8Error } from '../errors.js';
import { type Utf8Problem, Utf8Validator } from '../utf8.js';
import { checkBoolean, checkInteger, checkOptions } from '../validate.js';

/** Options of `readTextFile`. */
export interface ReadTextFileOptions {
  /** Turn every CR LF pair into LF (default false: line ends are kept as stored). */
  crlfToLf?: boolean;
  /** Throw `CorpusError` (reason `'too-short'`) when the text has fewer code points than this. */
  minLength?: number;
}

/** Options of `readTextPieces`. */
export interface ReadTextPiecesOptions {
  /** Turn every CR LF pair into LF (default false). */
  crlfToLf?: boolean;
  /** Bytes read per `readSync` call (default 64 KiB; integer >= 4). */
  chunkSize?: number;
}

/**
 * Bytes per read of `readTextPieces` and `encodeTextFile`: 64 KiB. Small pieces die young and are collected at
 * once; with 4 MiB pieces (decoded into external strings) about 90 MiB more garbage piled up between collections
 * while encoding a 100 MiB file (peak 196 MiB against 143 MiB above the start, measured with encodeTextFile).
 */
export const DEFAULT_READ_CHUNK = 64 << 10;
const CR = 0x0d;
const LF = 0x0a;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}

/** Opens a file for reading, turning the usual failures into `CorpusError`s. */
function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new CorpusError({
        source: path,
        reason: 'not-found',
        message: `${path}: no such file`,
        cause: error,
      });
    }
    throw new CorpusError({
      source: path,
      reason: 'unreadable',
      message: `${path}: cannot open (${errorCode(error) ?? String(error)})`,
      cause: error,
    });
  }
}

function fileSize(fd: number, path: string): number {
  const stats = fstatSync(fd);
  if (!stats.isFile())
    throw new CorpusError({ source: path, reason: 'unreadable', message: `${path}: not a regular file` });
  return stats.size;
}

function readChunk(fd: number, buffer: Uint8Array, length: number, position: number, path: string): number {
  try {
    return readSync(fd, buffer, 0, length, position);
  } catch (error) {
    throw new CorpusError({
      source: path,
      reason: 'unreadable',
      message: `${path}: read failed (${errorCode(error) ?? String(error)})`,
      cause: error,
    });
  }
}

/**
 * The error for a file that a strict decoder rejected: the file is read again from the start in chunks with
 * `Utf8Validator` to find the first ill-formed sequence (only ever after a failure, so the fast path stays native).
 */
function utf8Failure(path: string, cause: unknown): CorpusError {
  const fd = openFile(path);
  let problem: Utf8Problem | undefined;
  try {
    const buffer = new Uint8Array(DEFAULT_READ_CHUNK);
    const validator = new Utf8Validator();
    for (let position = 0; problem === undefined; ) {
      const read = readChunk(fd, buffer, buffer.length, position, path);
      if (read === 0) {
        problem = validator.end();
        break;
      }
      position += read;
      problem = validator.push(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  if (problem === undefined) {
    return new CorpusError({
      source: path,
      reason: 'invalid-utf8',
      message: `${path}: the UTF-8 decoder failed`,
      cause,
    });
  }
  return new InvalidUtf8Error({
    source: path,
    byteOffset: problem.byteOffset,
    byteValue: problem.byteValue,
    cause,
  });
}

/** Removes, in place, every CR of `bytes[0, length)` that is followed by LF; returns the new length. */
export function compactCrlf(bytes: Uint8Array, length: number): number {
  const view = bytes.subarray(0, length);
  let read = view.indexOf(CR);
  if (read < 0) return length;
  let write = read;
  // Invariant: view[read] is a CR and view[0, read) has been moved to view[0, write).
  while (read < length) {
    const from = read + 1 < length && view[read + 1] === LF ? read + 1 : read;
    const nextCr = view.indexOf(CR, read + 1);
    const end = nextCr < 0 ? length : nextCr;
    view.copyWithin(write, from, end);
    write += end - from;
    read = end;
  }
  return write;
}

/**
 * Throws `CorpusError` 'empty' / 'too-short' for a text shorter than needed; `minLength` and the message count
 * code points. Counts only when it matters: a text of at least 2 · minLength UTF-16 units is long enough.
 */
export function checkLength(text: string, source: string, minLength: number | undefined): void {
  if (text.length === 0)
    throw new CorpusError({ source, reason: 'empty', message: `${source}: the text is empty` });
  if (minLength === undefined || text.length >= 2 * minLength) return;
  const codePoints = countCodePoints(text, text.length);
  if (codePoints < minLength) {
    throw new CorpusError({
      source,
      reason: 'too-short',
      message: `${source}: the text has ${codePoints} code point${codePoints === 1 ? '' : 's'}, fewer than the ${minLength} needed (minLength)`,
    });
  }
}

/**
 * Reads a UTF-8 text file strictly: the first ill-formed byte throws `InvalidUtf8Error` naming its byte offset in
 * the file; a BOM is dropped; with `crlfToLf` every CR LF becomes LF. An empty text (an empty file, or only a
 * BOM) throws `CorpusError` 'empty'; fewer code points than `minLength` throws 'too-short'.
 *
 * Memory: the file is read with `readSync` into one buffer of its size, CR LF pairs are removed from that buffer
 * in place, and the buffer is decoded by one native `TextDecoder` call. So the peak holds the file's bytes and the
 * string together (1 byte per UTF-16 unit when every unit is below U+0100, else 2): for Cyrillic or CJK text that
 * is 4–5 bytes per character before any encoding, above the "file bytes + 2 bytes per character" that
 * `encodeTextFile` keeps to. Decoding chunk by chunk and joining the pieces would be worse (two copies of the
 * string at the join). For files of 100 MB and more, or whenever only token ids are needed, use `encodeTextFile`.
 * @throws CorpusError (`not-found`, `unreadable`, `empty`, `too-short`, `too-large`), InvalidUtf8Error
 */
export function readTextFile(path: string, options?: ReadTextFileOptions): string {
  const record = checkOptions(options, 'options', ['crlfToLf', 'minLength']);
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const minLength =
    record['minLength'] === undefined ? undefined : checkInteger(record['minLength'], 'options.minLength', 0);
  const fd = openFile(path);
  let bytes: Uint8Array;
  let length = 0;
  try {
    const size = fileSize(fd, path);
    if (size === 0)
      throw new CorpusError({ source: path, reason: 'empty', message: `${path}: the file is empty` });
    if (size > bufferConstants.MAX_LENGTH) {
      throw new CorpusError({
        source: path,
        reason: 'too-large',
        message: `${path}: ${size} bytes is too large to read as one text; use encodeTextFile`,
      });
    }
    bytes = new Uint8Array(size);
    while (length < size) {
      const read = readChunk(fd, bytes.subarray(length), size - length, length, path);
      if (read === 0) break;
      length += read;
    }
  } finally {
    closeSync(fd);
  }
  if (crlfToLf) length = compactCrlf(bytes, length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length));
  } catch (error) {
    if (errorCode(error) === 'ERR_STRING_TOO_LONG' || error instanceof RangeError) {
      throw new CorpusError({
        source: path,
        reason: 'too-large',
        message: `${path}: too large to hold as one string; use encodeTextFile`,
        cause: error,
      });
    }
    throw utf8Failure(path, error);
  }
  checkLength(text, path, minLength);
  return text;
}

/**
 * Reads a UTF-8 text file as a sequence of decoded pieces (one per `chunkSize` bytes read; a piece never splits a
 * code point), with the same strict rules as `readTextFile`: BOM dropped, optional CR LF → LF (a CR at the end of
 * a piece is held back until the next one shows whether an LF follows), ill-formed bytes throw
 * `InvalidUtf8Error` with the byte offset. Holds one chunk at a time. Iterating it again reads the file again.
 * @throws CorpusError (`not-found`, `unreadable`, `empty`), InvalidUtf8Error — when iterated
 */
export function readTextPieces(path: string, options?: ReadTextPiecesOptions): Iterable<string> {
  const record = checkOptions(options, 'options', ['crlfToLf', 'chunkSize']);
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const chunkSize =
    record['chunkSize'] === undefined
      ? DEFAULT_READ_CHUNK
      : checkInteger(record['chunkSize'], 'options.chunkSize', 4);
  return {
    *[Symbol.iterator](): Generator<string, void, undefined> {
      const fd = openFile(path);
      try {
        if (fileSize(fd, path) === 0)
          throw new CorpusError({ source: path, reason: 'empty', message: `${path}: the file is empty` });
        const buffer = new Uint8Array(chunkSize);
        const decoder = new TextDecoder('utf-8', { fatal: true });
        let position = 0;
        let heldCr = false;
        const finishPiece = (decoded: string, last: boolean): string => {
          let piece = heldCr ? `\r${decoded}` : decoded;
          heldCr = false;
          if (!crlfToLf) return piece;
          if (!last && piece.endsWith('\r')) {
            heldCr = true;
            piece = piece.slice(0, -1);
          }
          return piece.includes('\r\n') ? piece.replaceAll('\r\n', '\n') : piece;
        };
        for (;;) {
          const read = readChunk(fd, buffer, chunkSize, position, path);
          if (read === 0) break;
          position += read;
          let decoded: string;
          try {
            decoded = decoder.decode(buffer.subarray(0, read), { stream: true });
          } catch (error) {
            throw utf8Failure(path, error);
          }
          const piece = finishPiece(decoded, false);
          if (piece.length > 0) yield piece;
        }
        let tail: string;
        try {
          tail = decoder.decode();
        } catch (error) {
          throw utf8Failure(path, error);
        }
        const piece = finishPiece(tail, true);
        if (piece.length > 0) yield piece;
      } finally {
        closeSync(fd);
      }
    },
  };
}
