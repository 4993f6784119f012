// The saved form of a CharVocab (format 'charloom.char-vocab', version 1) and its strict reader.
// Leaves out building the vocab from the checked data (CharVocab.fromJSON does that).

import {
  checkCanonicalOrder,
  checkSymbolValues,
  type Fail,
  isRecord,
  type Normalization,
  type ResolvedCharVocabConfig,
  resolveCharVocabConfig,
  type SpecialTokens,
  type SymbolMode,
  type UnknownPolicy,
} from './char-vocab-config.js';
import { VocabFormatError } from './errors.js';

/** Format tag of a saved CharVocab. */
export const CHAR_VOCAB_FORMAT = 'charloom.char-vocab';
/** The only CharVocab format version this package reads and writes. */
export const CHAR_VOCAB_VERSION = 1;

/**
 * A CharVocab as plain JSON data. `symbols` holds the ordinary symbols only, in canonical
 * code-point order; ids are: the configured special tokens (pad, bos, eos, unk order), then `symbols`.
 */
export interface CharVocabJSON {
  format: typeof CHAR_VOCAB_FORMAT;
  version: typeof CHAR_VOCAB_VERSION;
  mode: SymbolMode;
  normalize: Normalization;
  specialTokens: SpecialTokens;
  unknown: UnknownPolicy;
  symbols: string[];
}

const FIELDS = ['format', 'version', 'mode', 'normalize', 'specialTokens', 'unknown', 'symbols'] as const;

const fail: Fail = (field, value, expected) => {
  throw new VocabFormatError({ field, value, expected });
};

/** Parses a JSON string into a value, turning a syntax error into a VocabFormatError. */
export function parseJSONText(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new VocabFormatError({ field: '(root)', value: json, expected: 'valid JSON text', cause: error });
  }
}

/**
 * Checks a saved CharVocab (the parsed object, or its JSON text) and returns its configuration and
 * ordinary symbols. Throws VocabFormatError naming the first bad field.
 */
export function readCharVocabJSON(json: unknown): { config: ResolvedCharVocabConfig; symbols: string[] } {
  const data = parseJSONText(json);
  if (!isRecord(data)) return fail('(root)', data, `an object with format '${CHAR_VOCAB_FORMAT}'`);
  if (data['format'] !== CHAR_VOCAB_FORMAT) fail('format', data['format'], `'${CHAR_VOCAB_FORMAT}'`);
  if (data['version'] !== CHAR_VOCAB_VERSION)
    fail('version', data['version'], `${CHAR_VOCAB_VERSION} (the only version this package reads)`);
  for (const key of Object.keys(data)) {
    if (!(FIELDS as readonly string[]).includes(key))
      fail(
        key,
        data[key],
        `absent (a version-${CHAR_VOCAB_VERSION} char vocab has only ${FIELDS.join(', ')})`,
      );
  }
  const config = resolveCharVocabConfig(
    {
      mode: data['mode'],
      normalize: data['normalize'],
      specialTokens: data['specialTokens'],
      unknown: data['unknown'],
    },
    fail,
    false,
  );
  const symbols = data['symbols'];
  if (!Array.isArray(symbols)) return fail('symbols', symbols, 'an array of strings');
  checkSymbolValues(symbols, config, 'symbols', fail);
  checkCanonicalOrder(symbols, 'symbols', fail);
  return { config, symbols: [...symbols] };
}
