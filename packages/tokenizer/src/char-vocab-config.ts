// Options of CharVocab and the checks shared by its factories and fromJSON (one rule set, two error types).
// Leaves out building the lookup tables (char-vocab.ts) and the JSON envelope (char-vocab-json.ts).

import { compareCodePoints, escapeText } from './unicode.js';

/** What `encode` does with a symbol that is not in the vocabulary. */
export type UnknownPolicy = 'error' | 'unk' | 'skip';

/** What one symbol is: a Unicode code point, or an extended grapheme cluster (`Intl.Segmenter`). */
export type SymbolMode = 'codepoint' | 'grapheme';

/** Normalisation applied to text before building and before encoding. */
export type Normalization = 'none' | 'NFC';

/** Reserved token strings; the configured ones get the first ids, in the order pad, bos, eos, unk. */
export interface SpecialTokens {
  pad?: string;
  bos?: string;
  eos?: string;
  unk?: string;
}

/** Options of `CharVocab.fromText` and `CharVocab.fromSymbols`. */
export interface CharVocabOptions {
  /** `'codepoint'` (default): one symbol per code point; `'grapheme'`: one per grapheme cluster. */
  mode?: SymbolMode;
  /** `'none'` (default) or `'NFC'`: normalise text at build and at encode. */
  normalize?: Normalization;
  /** Reserved tokens, e.g. `{ pad: '<pad>', unk: '<unk>' }`. None by default. */
  specialTokens?: SpecialTokens;
  /** Default unknown policy of `encode` (default `'error'`); `'unk'` requires `specialTokens.unk`. */
  unknown?: UnknownPolicy;
}

/** The special token kinds in id order. */
export const SPECIAL_TOKEN_KINDS = ['pad', 'bos', 'eos', 'unk'] as const;

/** One special token kind. */
export type SpecialTokenKind = (typeof SPECIAL_TOKEN_KINDS)[number];

/** Options after validation, with defaults applied. */
export interface ResolvedCharVocabConfig {
  readonly mode: SymbolMode;
  readonly normalize: Normalization;
  readonly specialTokens: Readonly<SpecialTokens>;
  readonly unknown: UnknownPolicy;
}

/** Throws the caller's error type for a bad field; never returns. */
export type Fail = (field: string, value: unknown, expected: string) => never;

const MODES: readonly SymbolMode[] = ['codepoint', 'grapheme'];
const NORMALIZATIONS: readonly Normalization[] = ['none', 'NFC'];
const UNKNOWN_POLICIES: readonly UnknownPolicy[] = ['error', 'unk', 'skip'];

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  fail: Fail,
  fallback: T | undefined,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, value, `one of ${allowed.map((option) => `'${option}'`).join(', ')}`);
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveSpecialTokens(value: unknown, fail: Fail, optional: boolean): SpecialTokens {
  if (value === undefined && optional) return {};
  if (!isRecord(value))
    return fail('specialTokens', value, 'an object such as { pad: "<pad>", unk: "<unk>" }');
  const tokens: SpecialTokens = {};
  const seen = new Map<string, SpecialTokenKind>();
  for (const key of Object.keys(value)) {
    if (!(SPECIAL_TOKEN_KINDS as readonly string[]).includes(key))
      fail(`specialTokens.${key}`, value[key], 'absent (the special tokens are pad, bos, eos, unk)');
  }
  for (const kind of SPECIAL_TOKEN_KINDS) {
    const token = value[kind];
    if (token === undefined) continue;
    if (typeof token !== 'string' || token.length === 0)
      fail(`specialTokens.${kind}`, token, 'a non-empty string');
    const other = seen.get(token);
    if (other !== undefined) fail(`specialTokens.${kind}`, token, `different from specialTokens.${other}`);
    seen.set(token, kind);
    tokens[kind] = token;
  }
  return tokens;
}

/**
 * Validates mode, normalize, specialTokens and unknown. With `withDefaults`, missing values take
 * their defaults (the options path); without, every field must be present (the JSON path).
 */
export function resolveCharVocabConfig(
  input: { mode: unknown; normalize: unknown; specialTokens: unknown; unknown: unknown },
  fail: Fail,
  withDefaults: boolean,
): ResolvedCharVocabConfig {
  const mode = oneOf(input.mode, MODES, 'mode', fail, withDefaults ? 'codepoint' : undefined);
  const normalize = oneOf(
    input.normalize,
    NORMALIZATIONS,
    'normalize',
    fail,
    withDefaults ? 'none' : undefined,
  );
  const specialTokens = resolveSpecialTokens(input.specialTokens, fail, withDefaults);
  const unknown = oneOf(input.unknown, UNKNOWN_POLICIES, 'unknown', fail, withDefaults ? 'error' : undefined);
  if (unknown === 'unk' && specialTokens.unk === undefined)
    fail('unknown', unknown, "'error' or 'skip' when specialTokens.unk is not set");
  return { mode, normalize, specialTokens, unknown };
}

/** Validates a per-call unknown policy override (`encode(text, { unknown })`). */
export function resolveUnknownPolicy(
  value: unknown,
  config: ResolvedCharVocabConfig,
  fail: Fail,
): UnknownPolicy {
  const policy = oneOf(value, UNKNOWN_POLICIES, 'unknown', fail, config.unknown);
  if (policy === 'unk' && config.specialTokens.unk === undefined)
    fail('unknown', policy, "'error' or 'skip' for a vocab without specialTokens.unk");
  return policy;
}

function isSingleCodePoint(symbol: string): boolean {
  const codePoint = symbol.codePointAt(0) ?? 0;
  return symbol.length === (codePoint > 0xffff ? 2 : 1);
}

/**
 * Checks ordinary symbols one by one: non-empty strings, exactly one code point in code-point mode,
 * unchanged by NFC when normalising, and never equal to a special token.
 * @param field - prefix for messages, e.g. `symbols`
 */
export function checkSymbolValues(
  symbols: readonly unknown[],
  config: ResolvedCharVocabConfig,
  field: string,
  fail: Fail,
): asserts symbols is readonly string[] {
  const specials = new Map<string, SpecialTokenKind>();
  for (const kind of SPECIAL_TOKEN_KINDS) {
    const token = config.specialTokens[kind];
    if (token !== undefined) specials.set(token, kind);
  }
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i];
    if (typeof symbol !== 'string' || symbol.length === 0)
      fail(`${field}[${i}]`, symbol, 'a non-empty string');
    if (config.mode === 'codepoint' && !isSingleCodePoint(symbol))
      fail(`${field}[${i}]`, symbol, "a single code point in 'codepoint' mode");
    // NFC is stable across Unicode versions, so unlike cluster boundaries it is checked in both modes.
    if (config.normalize === 'NFC' && symbol.normalize('NFC') !== symbol)
      fail(`${field}[${i}]`, symbol, "in NFC (unchanged by normalisation) when normalize is 'NFC'");
    const kind = specials.get(symbol);
    if (kind !== undefined)
      fail(
        `specialTokens.${kind}`,
        symbol,
        `different from every ordinary symbol (it equals ${field}[${i}])`,
      );
  }
}

/** Checks that symbols are unique and strictly increasing in code-point order (the canonical order). */
export function checkCanonicalOrder(symbols: readonly string[], field: string, fail: Fail): void {
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i]!;
    const earlier = firstIndex.get(symbol);
    if (earlier !== undefined) fail(`${field}[${i}]`, symbol, `unique (it repeats ${field}[${earlier}])`);
    firstIndex.set(symbol, i);
  }
  for (let i = 1; i < symbols.length; i++) {
    const previous = symbols[i - 1]!;
    if (compareCodePoints(previous, symbols[i]!) > 0)
      fail(
        `${field}[${i}]`,
        symbols[i],
        `after ${field}[${i - 1}] ('${escapeText(previous)}') in code-point order (a saved vocab must be canonical)`,
      );
  }
}
