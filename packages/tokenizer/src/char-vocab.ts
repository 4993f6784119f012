// CharVocab: a deterministic character vocabulary (sorted code points or grapheme clusters) with a
// fast encode/decode. Leaves out word-level vocabularies (word-vocab.ts) and the JSON checks (char-vocab-json.ts).

import {
  type CharVocabOptions,
  checkSymbolValues,
  type Fail,
  isRecord,
  type Normalization,
  type ResolvedCharVocabConfig,
  resolveCharVocabConfig,
  resolveUnknownPolicy,
  SPECIAL_TOKEN_KINDS,
  type SpecialTokens,
  type SymbolMode,
  type UnknownPolicy,
} from './char-vocab-config.js';
import {
  CHAR_VOCAB_FORMAT,
  CHAR_VOCAB_VERSION,
  type CharVocabJSON,
  readCharVocabJSON,
} from './char-vocab-json.js';
import { InvalidArgumentError, UnknownCharacterError } from './errors.js';
import { forEachGrapheme } from './graphemes.js';
import { compareCodePoints, countCodePoints } from './unicode.js';

/** Token ids from `encode`: the smallest unsigned type that holds every id, or Int32Array. */
export type TokenIdArray = Uint8Array | Uint16Array | Int32Array;

/** Ids of the configured special tokens. */
export interface SpecialIds {
  pad?: number;
  bos?: number;
  eos?: number;
  unk?: number;
}

/** Options of `encode` and `encodeInt32`. */
export interface EncodeOptions {
  /** Overrides the vocab's unknown policy for this call. */
  unknown?: UnknownPolicy;
}

/** Options of `decode`. */
export interface DecodeOptions {
  /** Leave special tokens out of the text (default false: they are written as their strings). */
  skipSpecial?: boolean;
}

/** One symbol of a text that the vocabulary lacks. */
export interface MissingSymbol {
  /** The symbol (a code point, or a grapheme cluster in grapheme mode). */
  char: string;
  /** Its first code point. */
  codePoint: number;
  /** How often it occurs in the text. */
  count: number;
}

/** What `coverage` reports about a text. */
export interface CoverageReport {
  /** Symbols in the (normalised) text. */
  totalSymbols: number;
  /** Of those, how many the vocabulary lacks. */
  unknownSymbols: number;
  /** The distinct missing symbols, by count (descending), then code-point order. */
  missing: MissingSymbol[];
}

const failArgument: Fail = (parameter, value, expected) => {
  throw new InvalidArgumentError({ parameter, value, expected });
};

const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;
const BMP_SIZE = 0x10000;
/** Code units per String.fromCharCode call in decode (well below engines' argument limits). */
const DECODE_CHUNK = 8192;

const OPTION_KEYS = ['mode', 'normalize', 'specialTokens', 'unknown'];

function resolveOptions(options: unknown): ResolvedCharVocabConfig {
  const record = options ?? {};
  if (!isRecord(record)) return failArgument('options', options, 'an object');
  for (const key of Object.keys(record)) {
    if (!OPTION_KEYS.includes(key)) {
      failArgument(
        `options.${key}`,
        record[key],
        `absent (unknown option; known: ${OPTION_KEYS.join(', ')})`,
      );
    }
  }
  return resolveCharVocabConfig(
    {
      mode: record['mode'],
      normalize: record['normalize'],
      specialTokens: record['specialTokens'],
      unknown: record['unknown'],
    },
    failArgument,
    true,
  );
}

function textsOf(text: unknown, parameter: string): Iterable<unknown> {
  if (typeof text === 'string') return [text];
  if (typeof text === 'object' && text !== null && Symbol.iterator in text) return text as Iterable<unknown>;
  return failArgument(parameter, text, 'a string or an iterable of strings');
}

function normalizeText(text: string, normalize: Normalization): string {
  return normalize === 'NFC' ? text.normalize('NFC') : text;
}

/** The distinct code points of the texts, sorted, each as a string. Runs in one pass over a BMP table. */
function collectCodePoints(texts: Iterable<unknown>, normalize: Normalization): string[] {
  const seen = new Uint8Array(BMP_SIZE);
  const astral = new Set<number>();
  let position = 0;
  for (const raw of texts) {
    if (typeof raw !== 'string') failArgument(`text[${position}]`, raw, 'a string');
    const text = normalizeText(raw, normalize);
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= HIGH_SURROGATE_FIRST && c <= HIGH_SURROGATE_LAST && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= LOW_SURROGATE_FIRST && d <= LOW_SURROGATE_LAST) {
          astral.add(((c - HIGH_SURROGATE_FIRST) << 10) + (d - LOW_SURROGATE_FIRST) + BMP_SIZE);
          i++;
          continue;
        }
      }
      seen[c] = 1;
    }
    position++;
  }
  const symbols: string[] = [];
  for (let c = 0; c < BMP_SIZE; c++) if (seen[c] === 1) symbols.push(String.fromCharCode(c));
  for (const codePoint of [...astral].sort((a, b) => a - b)) symbols.push(String.fromCodePoint(codePoint));
  return symbols;
}

function graphemeSegmenter(): Intl.Segmenter {
  return new Intl.Segmenter(undefined, { granularity: 'grapheme' });
}

/** The distinct grapheme clusters of the texts, sorted by code points. */
function collectGraphemes(texts: Iterable<unknown>, normalize: Normalization): string[] {
  const segmenter = graphemeSegmenter();
  const seen = new Set<string>();
  let position = 0;
  for (const raw of texts) {
    if (typeof raw !== 'string') failArgument(`text[${position}]`, raw, 'a string');
    forEachGrapheme(normalizeText(raw, normalize), segmenter, (segment) => seen.add(segment));
    position++;
  }
  return [...seen].sort(compareCodePoints);
}

/**
 * A character vocabulary: the sorted set of symbols (Unicode code points, or grapheme clusters in
 * grapheme mode) of a text, after optional special tokens. The same set of symbols always gives the
 * same ids, whatever order the text had. Build with `fromText`, `fromSymbols` or `fromJSON`.
 */
export class CharVocab {
  /** Number of ids: special tokens plus ordinary symbols (the model's `vocabSize`). */
  readonly size: number;
  /** Symbol of each id: the special token strings first, then the ordinary symbols in code-point order. */
  readonly symbols: readonly string[];
  /** Ids of the configured special tokens. */
  readonly specialIds: Readonly<SpecialIds>;
  /** The special token strings. */
  readonly specialTokens: Readonly<SpecialTokens>;
  /** What one symbol is. */
  readonly mode: SymbolMode;
  /** Normalisation applied at build and at encode. */
  readonly normalize: Normalization;
  /** Default unknown policy of `encode`. */
  readonly unknown: UnknownPolicy;

  readonly #config: ResolvedCharVocabConfig;
  readonly #specialCount: number;
  readonly #idBySymbol: Map<string, number>;
  /** Code-point mode: id of each BMP code point, -1 where absent. */
  readonly #bmpIds: Int32Array;
  /** Code-point mode: ids of astral code points; grapheme mode unused. */
  readonly #astralIds: Map<number, number>;
  /** Grapheme mode: ids of ordinary grapheme clusters. */
  readonly #graphemeIds: Map<string, number>;
  /** UTF-16 code units of every symbol, back to back; id i owns units[unitStarts[i] .. unitStarts[i + 1]). */
  readonly #units: Uint16Array;
  readonly #unitStarts: Int32Array;
  #segmenter: Intl.Segmenter | undefined;

  private constructor(config: ResolvedCharVocabConfig, ordinarySymbols: readonly string[]) {
    const symbols: string[] = [];
    const specialIds: SpecialIds = {};
    for (const kind of SPECIAL_TOKEN_KINDS) {
      const token = config.specialTokens[kind];
      if (token === undefined) continue;
      specialIds[kind] = symbols.length;
      symbols.push(token);
    }
    this.#specialCount = symbols.length;
    for (const symbol of ordinarySymbols) symbols.push(symbol);

    this.#config = config;
    this.mode = config.mode;
    this.normalize = config.normalize;
    this.unknown = config.unknown;
    this.specialTokens = Object.freeze({ ...config.specialTokens });
    this.specialIds = Object.freeze(specialIds);
    this.symbols = Object.freeze(symbols);
    this.size = symbols.length;
    this.#idBySymbol = new Map(symbols.map((symbol, id) => [symbol, id]));

    this.#unitStarts = new Int32Array(symbols.length + 1);
    for (let id = 0; id < symbols.length; id++)
      this.#unitStarts[id + 1] = this.#unitStarts[id]! + symbols[id]!.length;
    this.#units = new Uint16Array(this.#unitStarts[symbols.length]!);
    for (let id = 0; id < symbols.length; id++) {
      const symbol = symbols[id]!;
      for (let j = 0; j < symbol.length; j++) this.#units[this.#unitStarts[id]! + j] = symbol.charCodeAt(j);
    }

    this.#astralIds = new Map();
    this.#graphemeIds = new Map();
    this.#bmpIds = new Int32Array(config.mode === 'codepoint' ? BMP_SIZE : 0).fill(-1);
    for (let id = this.#specialCount; id < symbols.length; id++) {
      const symbol = symbols[id]!;
      if (config.mode === 'grapheme') {
        this.#graphemeIds.set(symbol, id);
        continue;
      }
      const codePoint = symbol.codePointAt(0)!;
      if (codePoint < BMP_SIZE) this.#bmpIds[codePoint] = id;
      else this.#astralIds.set(codePoint, id);
    }
  }

  /**
   * Builds the vocabulary of a text, or of many texts (e.g. a list of names): the sorted set of
   * its symbols. Text order never matters. Code-point mode runs in one pass over a lookup table.
   * @throws InvalidArgumentError for bad options, a non-string text, or a special token that is also a symbol of the text
   */
  static fromText(text: string | Iterable<string>, options?: CharVocabOptions): CharVocab {
    const config = resolveOptions(options);
    const texts = textsOf(text, 'text');
    const symbols =
      config.mode === 'codepoint'
        ? collectCodePoints(texts, config.normalize)
        : collectGraphemes(texts, config.normalize);
    checkSymbolValues(symbols, config, 'symbols', failArgument);
    return new CharVocab(config, symbols);
  }

  /**
   * Builds a vocabulary from its ordinary symbols, given in any order; duplicates are merged.
   * @throws InvalidArgumentError for an empty or non-string symbol, a symbol of several code points
   *   in code-point mode, a symbol not in NFC in code-point mode with NFC, or one equal to a special token
   */
  static fromSymbols(symbols: Iterable<string>, options?: CharVocabOptions): CharVocab {
    const config = resolveOptions(options);
    if (
      typeof symbols === 'string' ||
      typeof symbols !== 'object' ||
      symbols === null ||
      !(Symbol.iterator in symbols)
    )
      return failArgument('symbols', symbols, 'an iterable of strings (not one string)');
    const list: unknown[] = [...symbols];
    checkSymbolValues(list, config, 'symbols', failArgument);
    return new CharVocab(config, [...new Set(list)].sort(compareCodePoints));
  }

  /**
   * Rebuilds a vocabulary saved with `toJSON`, from the parsed object or the JSON text. Ids are
   * exactly those of the saved vocab.
   * @throws VocabFormatError naming the field, for anything that is not a canonical version-1 char vocab
   */
  static fromJSON(json: unknown): CharVocab {
    const { config, symbols } = readCharVocabJSON(json);
    return new CharVocab(config, symbols);
  }

  /** Id of a symbol or special token string, or undefined when it has none. */
  idOf(symbol: string): number | undefined {
    return this.#idBySymbol.get(symbol);
  }

  /**
   * Symbol (or special token string) of an id.
   * @throws InvalidArgumentError when `id` is not an integer in [0, size)
   */
  symbolOf(id: number): string {
    const symbol = Number.isInteger(id) ? this.symbols[id] : undefined;
    if (symbol === undefined) return failArgument('id', id, `an integer in [0, ${this.size})`);
    return symbol;
  }

  /**
   * Encodes text symbol by symbol into ids, in the smallest array type that holds every id of the
   * vocab: Uint8Array (size <= 256), Uint16Array (size <= 65536), else Int32Array. Special token
   * strings inside the text are not recognised: they are encoded character by character.
   * @throws UnknownCharacterError for a symbol not in the vocab under the 'error' policy
   * @throws InvalidArgumentError for a bad text or policy
   */
  encode(text: string, options?: EncodeOptions): TokenIdArray {
    const ids = this.#encode(text, options);
    if (this.size <= 0x100) return new Uint8Array(ids);
    if (this.size <= BMP_SIZE) return new Uint16Array(ids);
    return ids.length === ids.buffer.byteLength / 4 ? ids : ids.slice();
  }

  /** Like `encode`, but always an Int32Array (what tensor code wants). */
  encodeInt32(text: string, options?: EncodeOptions): Int32Array {
    const ids = this.#encode(text, options);
    return ids.length === ids.buffer.byteLength / 4 ? ids : ids.slice();
  }

  /**
   * Turns ids back into text. Special tokens are written as their strings unless `skipSpecial`.
   * Without normalisation `decode(encode(s)) === s` for every text the vocab covers; with NFC it
   * equals `s.normalize('NFC')`.
   * @throws InvalidArgumentError naming the bad id and its position
   */
  decode(tokenIds: ArrayLike<number>, options?: DecodeOptions): string {
    if (typeof tokenIds !== 'object' || tokenIds === null || typeof tokenIds.length !== 'number')
      return failArgument('tokenIds', tokenIds, 'an array or typed array of ids');
    const firstKept = options?.skipSpecial === true ? this.#specialCount : 0;
    const starts = this.#unitStarts;
    const units = this.#units;
    const size = this.size;
    const n = tokenIds.length;
    let length = 0;
    for (let i = 0; i < n; i++) {
      const id = tokenIds[i]!;
      if ((id | 0) !== id || id < 0 || id >= size)
        failArgument(`tokenIds[${i}]`, id, `an integer id in [0, ${size})`);
      if (id >= firstKept) length += starts[id + 1]! - starts[id]!;
    }
    // [length] UTF-16 code units of the text, turned into a string a chunk at a time.
    const out = new Uint16Array(length);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const id = tokenIds[i]!;
      if (id < firstKept) continue;
      for (let j = starts[id]!, end = starts[id + 1]!; j < end; j++) out[k++] = units[j]!;
    }
    const parts: string[] = [];
    for (let start = 0; start < length; start += DECODE_CHUNK)
      parts.push(
        String.fromCharCode.apply(null, out.subarray(start, start + DECODE_CHUNK) as unknown as number[]),
      );
    return parts.join('');
  }

  /**
   * Which symbols of a text the vocabulary lacks, with counts. Uses the vocab's mode and normalisation.
   * @throws InvalidArgumentError when `text` is not a string
   */
  coverage(text: string): CoverageReport {
    if (typeof text !== 'string') return failArgument('text', text, 'a string');
    const counts = new Map<string, number>();
    let totalSymbols = 0;
    let unknownSymbols = 0;
    const normalized = normalizeText(text, this.normalize);
    const visit = (symbol: string, known: boolean): void => {
      totalSymbols++;
      if (known) return;
      unknownSymbols++;
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    };
    if (this.mode === 'grapheme') {
      forEachGrapheme(normalized, this.#graphemeSegmenter(), (segment) =>
        visit(segment, this.#graphemeIds.has(segment)),
      );
    } else {
      for (const symbol of normalized) {
        const codePoint = symbol.codePointAt(0)!;
        visit(symbol, codePoint < BMP_SIZE ? this.#bmpIds[codePoint]! >= 0 : this.#astralIds.has(codePoint));
      }
    }
    const missing = [...counts].map(([char, count]) => ({ char, codePoint: char.codePointAt(0)!, count }));
    missing.sort((a, b) => b.count - a.count || compareCodePoints(a.char, b.char));
    return { totalSymbols, unknownSymbols, missing };
  }

  /** The vocab as plain JSON data (format 'charloom.char-vocab', version 1); see CharVocabJSON. */
  toJSON(): CharVocabJSON {
    return {
      format: CHAR_VOCAB_FORMAT,
      version: CHAR_VOCAB_VERSION,
      mode: this.mode,
      normalize: this.normalize,
      specialTokens: { ...this.specialTokens },
      unknown: this.unknown,
      symbols: this.symbols.slice(this.#specialCount),
    };
  }

  #graphemeSegmenter(): Intl.Segmenter {
    this.#segmenter ??= graphemeSegmenter();
    return this.#segmenter;
  }

  /** Ids into an Int32Array that may be longer than the result (the returned view has the right length). */
  #encode(text: string, options: EncodeOptions | undefined): Int32Array {
    if (typeof text !== 'string') return failArgument('text', text, 'a string');
    const policy =
      options?.unknown === undefined
        ? this.unknown
        : resolveUnknownPolicy(options.unknown, this.#config, failArgument);
    const normalized = normalizeText(text, this.normalize);
    const unkId = policy === 'unk' ? this.specialIds.unk! : -1;
    return this.mode === 'codepoint'
      ? this.#encodeCodePoints(normalized, unkId, policy === 'skip')
      : this.#encodeGraphemes(normalized, unkId, policy === 'skip');
  }

  #encodeCodePoints(text: string, unkId: number, skip: boolean): Int32Array {
    const n = text.length;
    const out = new Int32Array(n);
    const bmpIds = this.#bmpIds;
    const astralIds = this.#astralIds;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const start = i;
      const c = text.charCodeAt(i);
      let id = bmpIds[c]!;
      if (c >= HIGH_SURROGATE_FIRST && c <= HIGH_SURROGATE_LAST && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= LOW_SURROGATE_FIRST && d <= LOW_SURROGATE_LAST) {
          id = astralIds.get(((c - HIGH_SURROGATE_FIRST) << 10) + (d - LOW_SURROGATE_FIRST) + BMP_SIZE) ?? -1;
          i++;
        }
      }
      if (id < 0) {
        if (unkId >= 0) id = unkId;
        else if (skip) continue;
        else
          throw new UnknownCharacterError({
            char: String.fromCodePoint(text.codePointAt(start)!),
            index: countCodePoints(text, start),
            offset: start,
          });
      }
      out[count++] = id;
    }
    return count === n ? out : out.subarray(0, count);
  }

  #encodeGraphemes(text: string, unkId: number, skip: boolean): Int32Array {
    const out = new Int32Array(text.length);
    const ids = this.#graphemeIds;
    let count = 0;
    let index = 0;
    forEachGrapheme(text, this.#graphemeSegmenter(), (segment, offset) => {
      let id = ids.get(segment) ?? -1;
      if (id < 0) {
        if (unkId >= 0) id = unkId;
        else if (!skip) throw new UnknownCharacterError({ char: segment, index, offset });
      }
      if (id >= 0) out[count++] = id;
      index++;
    });
    return out.subarray(0, count);
  }
}
