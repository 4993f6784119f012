// encodeTextFile: a UTF-8 file straight to token ids, streamed in chunks so the text is never held whole.
// Leaves out returning the text (use readTextFile when you need it); Node only.

import { statSync } from 'node:fs';
import { CharVocab, type CharVocabOptions, type UnknownPolicy } from '@charloom/tokenizer';
import { ChunkedEncoder, cutsAnywhere, safeSegments } from '../encode-text.js';
import { CorpusError, InvalidArgumentError } from '../errors.js';
import { checkBoolean, checkInteger, checkOptions, type TokenIds } from '../validate.js';
import { DEFAULT_READ_CHUNK, readTextPieces } from './read-text-file.js';

/** Options of `encodeTextFile`. */
export interface EncodeTextFileOptions {
  /** Vocabulary to encode with; default: built from the file itself (a first pass over it). */
  vocab?: CharVocab;
  /** Options of the vocabulary built from the file (ignored when `vocab` is given). */
  vocabOptions?: CharVocabOptions;
  /** Unknown-character policy override for a given `vocab`. */
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
  readonly tokenIds: TokenIds;
  readonly path: string;
  /** Size of the file in bytes. */
  readonly byteLength: number;
}

/**
 * Reads a UTF-8 file in chunks (`readTextPieces`: strict UTF-8 with byte offsets in errors, BOM dropped,
 * optional CR LF → LF) and encodes it without ever holding its text: a first pass builds the vocabulary (unless
 * `vocab` is given), a second encodes into one id array sized by the file's byte count (an upper bound on the
 * number of symbols), returned as a view when at least 7/8 full, else trimmed. Peak memory is that array — one
 * byte per byte of the file for a vocab of at most 256 ids — plus a few chunks.
 * @throws CorpusError (`not-found`, `unreadable`, `empty`, `too-short`), InvalidUtf8Error,
 *   UnknownCharacterError (with a given vocab), InvalidArgumentError for bad options
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
    throw new InvalidArgumentError('options.vocab', given, 'a CharVocab');
  }
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const chunkSize =
    record['chunkSize'] === undefined
      ? DEFAULT_READ_CHUNK
      : checkInteger(record['chunkSize'], 'options.chunkSize', 4);
  const minLength =
    record['minLength'] === undefined ? undefined : checkInteger(record['minLength'], 'options.minLength', 0);
  const pieces = readTextPieces(path, { crlfToLf, chunkSize });
  const vocabOptions = record['vocabOptions'] as CharVocabOptions | undefined;
  const vocab =
    given ?? CharVocab.fromText(safeSegments(pieces, cutsAnywhere(vocabOptions ?? {})), vocabOptions);
  let byteLength: number;
  try {
    byteLength = statSync(path).size;
  } catch (error) {
    throw new CorpusError(path, 'unreadable', `${path}: cannot stat`, { cause: error });
  }
  const encoder = new ChunkedEncoder(vocab, byteLength, record['unknown'] as UnknownPolicy | undefined);
  for (const piece of pieces) encoder.push(piece);
  const tokenIds = encoder.finish();
  if (tokenIds.length === 0) throw new CorpusError(path, 'empty', `${path}: the text is empty`);
  if (minLength !== undefined && tokenIds.length < minLength) {
    throw new CorpusError(
      path,
      'too-short',
      `${path}: the text has ${tokenIds.length} tokens, fewer than the ${minLength} needed (minLength)`,
    );
  }
  return { vocab, tokenIds, path, byteLength };
}
