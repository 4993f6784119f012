// Error classes of @charloom/tokenizer: one base class and one class per kind of mistake, each
// carrying the offending field. Leaves out value formatting (describe-value.ts) and any recovery.

import { describeValue } from './describe-value.js';
import { escapeText, formatCodePoint } from './unicode.js';

function causeOption(cause: unknown): { cause?: unknown } {
  return cause === undefined ? {} : { cause };
}

/** Base class of every error this package throws; `instanceof TokenizerError` catches them all. */
export class TokenizerError extends Error {
  override name = 'TokenizerError';

  /**
   * @param message - what went wrong, naming the bad value
   * @param options - `cause`: the underlying error, if any
   */
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, causeOption(options.cause));
  }
}

/** A function or option received a value it does not accept. */
export class InvalidArgumentError extends TokenizerError {
  override name = 'InvalidArgumentError';
  /** The parameter (or option path, e.g. `specialTokens.unk`, `tokenIds[3]`) that was wrong. */
  readonly parameter: string;
  /** The value that was rejected. */
  readonly value: unknown;

  /**
   * Builds the message `<parameter> must be <expected>, got <value>`.
   * @param options - `parameter`, the rejected `value`, the `expected` description, an optional `cause`
   */
  constructor(options: { parameter: string; value: unknown; expected: string; cause?: unknown }) {
    super(`${options.parameter} must be ${options.expected}, got ${describeValue(options.value)}`, {
      cause: options.cause,
    });
    this.parameter = options.parameter;
    this.value = options.value;
  }
}

/**
 * `encode` met a symbol that is not in the vocabulary while the unknown policy was `'error'`.
 * The message reads like `unknown character 'é' (U+00E9) at index 12`; invisible and control
 * characters are escaped (`'\u200D' (U+200D)`).
 */
export class UnknownCharacterError extends TokenizerError {
  override name = 'UnknownCharacterError';
  /** The unknown symbol: one code point in code-point mode, one grapheme cluster in grapheme mode. */
  readonly char: string;
  /** The first (in code-point mode: the only) code point of `char`. */
  readonly codePoint: number;
  /**
   * Position of the symbol among the symbols of the input: code points in code-point mode,
   * grapheme clusters in grapheme mode, counted in the NFC-normalised text when the vocab normalises.
   */
  readonly index: number;
  /** Position of the symbol in UTF-16 code units of the (normalised) input, as `String#slice` counts. */
  readonly offset: number;

  /** @param options - the unknown `char`, its symbol `index`, its UTF-16 `offset`, an optional `cause` */
  constructor(options: { char: string; index: number; offset: number; cause?: unknown }) {
    const codePoints = Array.from(options.char, (c) => formatCodePoint(c.codePointAt(0) ?? 0));
    super(
      `unknown character '${escapeText(options.char)}' (${codePoints.join(' ')}) at index ${options.index}`,
      {
        cause: options.cause,
      },
    );
    this.char = options.char;
    this.codePoint = options.char.codePointAt(0) ?? 0;
    this.index = options.index;
    this.offset = options.offset;
  }
}

/** `fromJSON` received something that is not a valid saved vocabulary. */
export class VocabFormatError extends TokenizerError {
  override name = 'VocabFormatError';
  /** Path of the offending field, e.g. `version`, `symbols[4]`, `specialTokens.unk`; `(root)` for the whole value. */
  readonly field: string;
  /** The value found at `field` (`undefined` when it was missing). */
  readonly value: unknown;

  /**
   * Builds the message `invalid vocab JSON: <field> must be <expected>, got <value>`.
   * @param options - `field`, the bad `value`, the `expected` description, an optional `cause`
   */
  constructor(options: { field: string; value: unknown; expected: string; cause?: unknown }) {
    super(
      `invalid vocab JSON: ${options.field} must be ${options.expected}, got ${describeValue(options.value)}`,
      { cause: options.cause },
    );
    this.field = options.field;
    this.value = options.value;
  }
}
