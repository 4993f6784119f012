// Chunked encoding of long texts with a CharVocab: the same ids as `vocab.encode`, without its Int32Array of the
// whole text. Leaves out reading files (`encodeTextFile` in @charloom/data/node feeds this from disk).

import { CharVocab, type TokenIdArray, UnknownCharacterError, type UnknownPolicy } from '@charloom/tokenizer';
import { InvalidArgumentError } from './errors.js';
import { checkInteger, checkOptions } from './validate.js';

/** Options of `encodeText`. */
export interface EncodeTextOptions {
  /** Overrides the vocab's unknown-character policy (as `vocab.encode(text, { unknown })` does). */
  unknown?: UnknownPolicy;
  /** Most UTF-16 code units handed to `vocab.encode` at a time (default 65,536; integer >= 2). */
  chunkSize?: number;
}

/**
 * Default segment size of `encodeText` and `encodeTextFile`: 64 Ki code units, so each `vocab.encode` call's
 * scratch arrays (an Int32Array of the segment, then the result) stay under 320 KiB and die young. With 1 Mi-unit
 * segments the garbage they leave between collections raised the peak of encoding a 100 MiB file by ~80 MiB.
 */
const DEFAULT_ENCODE_CHUNK = 1 << 16;

/** The smallest id array for a vocabulary of `size` ids (what `CharVocab.encode` returns). */
function idArrayFor(size: number, length: number): TokenIdArray {
  if (size <= 0x100) return new Uint8Array(length);
  if (size <= 0x10000) return new Uint16Array(length);
  return new Int32Array(length);
}

const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;

/** True when a vocab's text may be cut anywhere outside a surrogate pair: code-point mode without normalisation. */
export function cutsAnywhere(settings: { readonly mode?: string; readonly normalize?: string }): boolean {
  return (settings.mode ?? 'codepoint') === 'codepoint' && (settings.normalize ?? 'none') === 'none';
}

/**
 * Re-cuts a text that arrives in pieces into segments that a vocab can encode one by one with the same result as
 * the whole: with `anywhere`, only a trailing high surrogate is held back; otherwise a segment ends just after a
 * line feed (no grapheme cluster and no NFC composition spans an LF), so text is held back until the next LF.
 */
class SafeCutter {
  readonly #anywhere: boolean;
  #carry = '';

  constructor(anywhere: boolean) {
    this.#anywhere = anywhere;
  }

  /** The next piece in; out comes the segment that is safe to encode now (possibly empty). */
  push(piece: string): string {
    if (piece.length === 0) return '';
    let cut: number;
    if (this.#anywhere) {
      const last = piece.charCodeAt(piece.length - 1);
      cut = last >= HIGH_SURROGATE_FIRST && last <= HIGH_SURROGATE_LAST ? piece.length - 1 : piece.length;
    } else {
      cut = piece.lastIndexOf('\n') + 1;
    }
    if (cut === 0) {
      this.#carry += piece;
      return '';
    }
    const segment = this.#carry + piece.slice(0, cut);
    this.#carry = piece.slice(cut);
    return segment;
  }

  /** What is still held back, once the last piece is in. */
  finish(): string {
    const rest = this.#carry;
    this.#carry = '';
    return rest;
  }
}

/** Cuts pieces of text into segments that are safe to encode separately (see `SafeCutter`). */
export function* safeSegments(
  pieces: Iterable<string>,
  anywhere: boolean,
): Generator<string, void, undefined> {
  const cutter = new SafeCutter(anywhere);
  for (const piece of pieces) {
    const segment = cutter.push(piece);
    if (segment.length > 0) yield segment;
  }
  const rest = cutter.finish();
  if (rest.length > 0) yield rest;
}

/** Options of `ChunkedEncoder`. */
export interface ChunkedEncoderOptions {
  readonly vocab: CharVocab;
  /**
   * Ids to allocate for: an upper bound on the symbol count (the text's code units, or a file's bytes) so the
   * array is allocated once. NFC can lengthen a text; the array then grows (doubling), which stays correct.
   */
  readonly capacity: number;
  /** Unknown-character policy override, already checked (`checkUnknown`). */
  readonly unknown?: UnknownPolicy | undefined;
  /** Most code units per `vocab.encode` call where the vocab can be cut anywhere (default `DEFAULT_ENCODE_CHUNK`). */
  readonly segmentSize?: number;
}

/**
 * Encodes a text that arrives in pieces into one array of the smallest id type; pieces are re-cut with
 * `SafeCutter`. Internal: `encodeText` and `encodeTextFile` drive it.
 */
export class ChunkedEncoder {
  readonly #vocab: CharVocab;
  readonly #unknown: UnknownPolicy | undefined;
  readonly #cutter: SafeCutter;
  readonly #anywhere: boolean;
  readonly #normalize: boolean;
  readonly #segmentSize: number;
  #out: TokenIdArray;
  #count = 0;
  /** Code units encoded so far, counted after normalisation (the units `vocab.encode` reports offsets in). */
  #unitsBefore = 0;

  constructor(options: ChunkedEncoderOptions) {
    this.#vocab = options.vocab;
    this.#unknown = options.unknown;
    this.#anywhere = cutsAnywhere(options.vocab);
    this.#normalize = options.vocab.normalize !== 'none';
    this.#segmentSize = options.segmentSize ?? DEFAULT_ENCODE_CHUNK;
    this.#cutter = new SafeCutter(this.#anywhere);
    this.#out = idArrayFor(options.vocab.size, options.capacity);
  }

  /** Adds the next piece of text. */
  push(piece: string): void {
    const segment = this.#cutter.push(piece);
    if (segment.length > 0) this.#encodeSegments(segment);
  }

  /**
   * Encodes what is held back and returns the ids. When fewer ids than the capacity were written, the result is a
   * `subarray` view if it fills at least 7/8 of the array, else a trimmed copy.
   */
  finish(): TokenIdArray {
    const rest = this.#cutter.finish();
    if (rest.length > 0) this.#encodeSegments(rest);
    const out = this.#out;
    if (this.#count === out.length) return out;
    return this.#count * 8 >= out.length * 7 ? out.subarray(0, this.#count) : out.slice(0, this.#count);
  }

  /** Encodes a safe segment, in slices of at most `segmentSize` units (never splitting a pair) when allowed. */
  #encodeSegments(segment: string): void {
    const size = this.#segmentSize;
    if (!this.#anywhere || segment.length <= size) {
      this.#encode(segment);
      return;
    }
    for (let start = 0; start < segment.length; ) {
      let end = Math.min(start + size, segment.length);
      const last = segment.charCodeAt(end - 1);
      if (end < segment.length && last >= HIGH_SURROGATE_FIRST && last <= HIGH_SURROGATE_LAST) end--;
      this.#encode(segment.slice(start, end));
      start = end;
    }
  }

  #encode(segment: string): void {
    // A segment ends after an LF, where NFC of the pieces equals NFC of the whole, so normalising here gives the
    // units of the normalised whole text; `vocab.encode` normalises again, which leaves NFC text unchanged.
    const text = this.#normalize ? segment.normalize('NFC') : segment;
    let ids: TokenIdArray;
    try {
      ids =
        this.#unknown === undefined
          ? this.#vocab.encode(text)
          : this.#vocab.encode(text, { unknown: this.#unknown });
    } catch (error) {
      // Under the 'error' policy every symbol before this segment gave exactly one id, so the count is the index.
      if (error instanceof UnknownCharacterError) {
        throw new UnknownCharacterError({
          char: error.char,
          index: this.#count + error.index,
          offset: this.#unitsBefore + error.offset,
          cause: error,
        });
      }
      throw error;
    }
    if (this.#count + ids.length > this.#out.length) {
      const grown = idArrayFor(this.#vocab.size, Math.max(this.#count + ids.length, this.#out.length * 2));
      grown.set(this.#out.subarray(0, this.#count));
      this.#out = grown;
    }
    this.#out.set(ids, this.#count);
    this.#count += ids.length;
    this.#unitsBefore += text.length;
  }
}

const UNKNOWN_POLICIES: readonly UnknownPolicy[] = ['error', 'skip', 'unk'];

/**
 * An `unknown` option: undefined, or a policy the vocab can apply (`'unk'` needs an unk token). Without a vocab
 * (not built yet) only the value itself is checked.
 */
export function checkUnknown(
  value: unknown,
  parameter: string,
  vocab?: CharVocab,
): UnknownPolicy | undefined {
  if (value === undefined) return undefined;
  if (!UNKNOWN_POLICIES.includes(value as UnknownPolicy)) {
    throw new InvalidArgumentError({ parameter, value, expected: '"error", "skip" or "unk"' });
  }
  if (value === 'unk' && vocab !== undefined && vocab.specialTokens.unk === undefined) {
    throw new InvalidArgumentError({
      parameter,
      value,
      expected: '"error" or "skip" (the vocab has no unk token)',
    });
  }
  return value as UnknownPolicy;
}

/**
 * Encodes `text` with `vocab` into the same ids as `vocab.encode(text)`, in the same smallest array type
 * (`Uint8Array` for a vocab of at most 256 ids, `Uint16Array` up to 65,536, else `Int32Array`), but a piece at
 * a time, so the memory it needs beyond the text is the result plus about 4 bytes per `chunkSize` code units —
 * not the 4 bytes per character of `encodeInt32`. Grapheme and NFC vocabs are cut only after a line feed, so for
 * them a text without line feeds is encoded in one call. An `UnknownCharacterError` reports `index` (symbols) and
 * `offset` (UTF-16 code units) in the whole text, as `vocab.encode` does: for an NFC vocab both count the
 * normalised text.
 * @throws InvalidArgumentError for a vocab that is not a CharVocab, a non-string text or bad options (an
 *   `unknown` that is not `'error'`, `'skip'` or `'unk'`, or `'unk'` for a vocab without an unk token)
 * @throws UnknownCharacterError as `vocab.encode` does
 */
export function encodeText(vocab: CharVocab, text: string, options?: EncodeTextOptions): TokenIdArray {
  if (!(vocab instanceof CharVocab))
    throw new InvalidArgumentError({ parameter: 'vocab', value: vocab, expected: 'a CharVocab' });
  if (typeof text !== 'string')
    throw new InvalidArgumentError({ parameter: 'text', value: text, expected: 'a string' });
  const record = checkOptions(options, 'options', ['unknown', 'chunkSize']);
  const unknown = checkUnknown(record['unknown'], 'options.unknown', vocab);
  const chunkSize =
    record['chunkSize'] === undefined
      ? DEFAULT_ENCODE_CHUNK
      : checkInteger(record['chunkSize'], 'options.chunkSize', 2);
  const encoder = new ChunkedEncoder({ vocab, capacity: text.length, unknown, segmentSize: chunkSize });
  for (let start = 0; start < text.length; start += chunkSize)
    encoder.push(text.slice(start, start + chunkSize));
  return encoder.finish();
}
