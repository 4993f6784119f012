// encodeTextFile: a UTF-8 file straight to token ids, streamed in chunks so the text is not held whole.
// Leaves out returning the text (use readTextFile when you need it); Node only.

import { statSync } from 'node:fs';
import { CharVocab, type CharVocabOptions, type TokenIdArray, type UnknownPolicy } from '@charloom/tokenizer';
import { ChunkedEncoder, checkUnknown, cutsAnywhere, safeSegments } from '../encode-text.js';
import { CorpusError, InvalidArgumentError } from '../errors.js';
import { checkBoolean, checkInteger, checkOptions } from '../validate.js';
import { DEFAULT_READ_CHUNK, readTextPieces } from './read-text-file.js';

/** Options of `encodeTextFile`. */
export interface EncodeTextFileOptions {
  /** Vocabulary to encode with; default: built from the file itself (a first pass over it). */
  vocab?: CharVocab;
  /** Options of the vocabulary built from the file (ignored when `vocab` is given). */
  vocabOptions?: CharVocabOptions;
  /** Unknown-character policy override (`'error'`, `'skip'`, `'unk'`), useful with a given `vocab`. */
  unknown?: UnknownPolicy;
  /** Turn every CR LF pair into LF (default false). */
  crlfToLf?: boolean;
  /** Throw `CorpusError` 'too-short' when the file gives fewer tokens than this. */
  minLength?: number;
  /** Bytes read per chunk (default 64 KiB, `DEFAULT_READ_CHUNK`). */
  chunkSize?: number;
}

/** A file's token ids and the vocabulary that made them. */
export interface EncodedTextFile {
  readonly vocab: CharVocab;
  /** Ids in the smallest type for `vocab.size` (Uint8Array up to 256 ids). */
  readonly tokenIds: TokenIdArray;
  readonly path: string;
  /** Size of the file in bytes. */
  readonly byteLength: number;
}

/** Yields the segments unchanged and adds their lengths (UTF-16 code units) to `total.units`. */
function* counted(segments: Iterable<string>, total: { units: number }): Generator<string, void, undefined> {
  for (const segment of segments) {
    total.units += segment.length;
    yield segment;
  }
}

/**
 * Reads a UTF-8 file in chunks (`readTextPieces`: strict UTF-8 with byte offsets in errors, BOM dropped,
 * optional CR LF → LF) and encodes it in two streamed passes, without holding its text: the first builds the
 * vocabulary (unless `vocab` is given) and counts the text's UTF-16 code units, the second encodes into one id
 * array of the smallest type allocated for that many ids (with a given vocab of at most 256 ids there is no
 * counting pass and the array gets one byte per byte of the file; with a larger given vocab a counting pass
 * replaces the vocabulary pass). The result is a view when at least 7/8 full, else trimmed.
 *
 * Memory: the id array, one 64 KiB read buffer, its decoded piece and the garbage of recent pieces. The bench
 * checks that the peak above the process's start stays within the budget of the file's bytes plus 2 bytes per
 * UTF-16 code unit of its text, on a 101 MiB Latin file and a 101 MiB Cyrillic and CJK one. This is the route for
 * large files: `readTextFile` and `loadCorpus` hold the bytes and the decoded string together. Exception: grapheme
 * and NFC vocabularies are cut only after a line feed (no cluster or composition spans one), so the text between
 * two line feeds is held whole — a file without line feeds is held whole, as one string, in both passes.
 * @throws CorpusError (`not-found`, `unreadable`, `empty`, `too-short`), InvalidUtf8Error,
 *   UnknownCharacterError (with a given vocab), InvalidArgumentError for bad options (an `unknown` that is not
 *   `'error'`, `'skip'` or `'unk'`, or `'unk'` for a vocab without an unk token)
 */
export function encodeTextFile(path: string, options?: EncodeTextFileOptions): EncodedTextFile {
  const record = checkOptions(options, 'options', [
    'vocab',
    'vocabOptions',
    'unknown',
    'crlfToLf',
    'minLength',
    'chunkSize',
  ]);
  const given = record['vocab'];
  if (given !== undefined && !(given instanceof CharVocab)) {
    throw new InvalidArgumentError({ parameter: 'options.vocab', value: given, expected: 'a CharVocab' });
  }
  checkUnknown(record['unknown'], 'options.unknown', given);
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const chunkSize =
    record['chunkSize'] === undefined
      ? DEFAULT_READ_CHUNK
      : checkInteger(record['chunkSize'], 'options.chunkSize', 4);
  const minLength =
    record['minLength'] === undefined ? undefined : checkInteger(record['minLength'], 'options.minLength', 0);
  const pieces = readTextPieces(path, { crlfToLf, chunkSize });
  let byteLength: number;
  try {
    byteLength = statSync(path).size;
  } catch (error) {
    throw new CorpusError({
      source: path,
      reason: 'unreadable',
      message: `${path}: cannot stat`,
      cause: error,
    });
  }
  const total = { units: 0 };
  let vocab: CharVocab;
  let capacity: number;
  if (given === undefined) {
    const vocabOptions = record['vocabOptions'] as CharVocabOptions | undefined;
    vocab = CharVocab.fromText(
      counted(safeSegments(pieces, cutsAnywhere(vocabOptions ?? {})), total),
      vocabOptions,
    );
    capacity = total.units;
  } else if (given.size <= 0x100) {
    vocab = given;
    capacity = byteLength;
  } else {
    vocab = given;
    for (const piece of pieces) total.units += piece.length;
    capacity = total.units;
  }
  const unknown = checkUnknown(record['unknown'], 'options.unknown', vocab);
  const encoder = new ChunkedEncoder({ vocab, capacity, unknown });
  for (const piece of pieces) encoder.push(piece);
  const tokenIds = encoder.finish();
  if (tokenIds.length === 0)
    throw new CorpusError({ source: path, reason: 'empty', message: `${path}: the text is empty` });
  if (minLength !== undefined && tokenIds.length < minLength) {
    throw new CorpusError({
      source: path,
      reason: 'too-short',
      message: `${path}: the text has ${tokenIds.length} tokens, fewer than the ${minLength} needed (minLength)`,
    });
  }
  return { vocab, tokenIds, path, byteLength };
}
