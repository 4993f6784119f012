// Typed errors of @charloom/data: a base class, bad arguments, and corpus problems (file, bytes, length).
// Leaves out error codes beyond `reason` and any recovery: callers tell errors apart with `instanceof`.

function causeOption(cause: unknown): { cause?: unknown } {
  return cause === undefined ? {} : { cause };
}

/** Base class of every error thrown by `@charloom/data`; `instanceof DataError` catches them all. */
export class DataError extends Error {
  /**
   * @param message - what went wrong, naming the bad value
   * @param options - `cause`: the underlying error, if any
   */
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, causeOption(options.cause));
    this.name = 'DataError';
  }
}

/** Options of `InvalidArgumentError`. */
export interface InvalidArgumentErrorOptions {
  /** The parameter, or a path such as `options.batchSize` or `options.state.positions[3]`. */
  readonly parameter: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected, phrased to follow "must be" (`an integer >= 1`); strings in it are double-quoted. */
  readonly expected: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * An argument or option is out of range or of the wrong type. `parameter` names it (a path such as
 * `options.batchSize` or `options.state.positions[3]` when the value sits inside an argument), `value` is what was
 * received, and the message reads `<parameter> must be <expected>, got <value>`.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError({ parameter: 'options.batchSize', value: 0, expected: 'an integer >= 1' });
 * ```
 */
export class InvalidArgumentError extends DataError {
  readonly parameter: string;
  readonly value: unknown;
  readonly expected: string;
  /** @param options - `parameter`, the rejected `value`, the `expected` description, an optional `cause` */
  constructor(options: InvalidArgumentErrorOptions) {
    super(`${options.parameter} must be ${options.expected}, got ${describeValue(options.value)}`, {
      cause: options.cause,
    });
    this.name = 'InvalidArgumentError';
    this.parameter = options.parameter;
    this.value = options.value;
    this.expected = options.expected;
  }
}

/** Why a corpus could not be loaded. */
export type CorpusErrorReason =
  | 'unknown-corpus'
  | 'not-found'
  | 'unreadable'
  | 'invalid-utf8'
  | 'empty'
  | 'too-short'
  | 'too-large'
  | 'bad-format';

/** Options of `CorpusError`. */
export interface CorpusErrorOptions {
  /** The corpus name or file path as given. */
  readonly source: string;
  readonly reason: CorpusErrorReason;
  /** The whole message, conventionally `<source>: <what is wrong>`. */
  readonly message: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * A corpus could not be loaded: an unknown name, a missing or unreadable file, bytes that are not UTF-8,
 * an empty text, one shorter than the caller asked for, or a bundled data file in an unexpected shape.
 * `source` is the corpus name or file path as given; `reason` says which of those it was.
 *
 * @example
 * ```ts
 * throw new CorpusError({ source: path, reason: 'empty', message: `${path}: the file is empty` });
 * ```
 */
export class CorpusError extends DataError {
  readonly source: string;
  readonly reason: CorpusErrorReason;
  /** @param options - `source`, `reason`, the full `message`, an optional `cause` */
  constructor(options: CorpusErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'CorpusError';
    this.source = options.source;
    this.reason = options.reason;
  }
}

/** Options of `InvalidUtf8Error`. */
export interface InvalidUtf8ErrorOptions {
  /** The file path (or the name given to `decodeUtf8`). */
  readonly source: string;
  /** Offset from 0 (a BOM counted) of the first byte of the first ill-formed sequence. */
  readonly byteOffset: number;
  /** That byte, or -1 when the bytes end inside a sequence that started at `byteOffset`. */
  readonly byteValue: number;
  /** The underlying error (the decoder's), if any. */
  readonly cause?: unknown;
}

/**
 * Bytes that are not valid UTF-8. `byteOffset` is the offset (from 0, counting a BOM if there is one) of the
 * first byte of the first ill-formed sequence, the byte where a strict decoder first fails; `byteValue` is
 * that byte, or -1 when the bytes end in the middle of a sequence that started at `byteOffset`. The message reads
 * `<source>: invalid UTF-8 at byte offset <byteOffset> (byte 0xE2)`.
 */
export class InvalidUtf8Error extends CorpusError {
  readonly byteOffset: number;
  readonly byteValue: number;
  /** @param options - `source`, `byteOffset`, `byteValue`, an optional `cause` */
  constructor(options: InvalidUtf8ErrorOptions) {
    const { source, byteOffset, byteValue } = options;
    const what =
      byteValue < 0
        ? 'a multi-byte sequence cut off by the end of the data'
        : `byte 0x${byteValue.toString(16).toUpperCase().padStart(2, '0')}`;
    super({
      source,
      reason: 'invalid-utf8',
      message: `${source}: invalid UTF-8 at byte offset ${byteOffset} (${what})`,
      cause: options.cause,
    });
    this.name = 'InvalidUtf8Error';
    this.byteOffset = byteOffset;
    this.byteValue = byteValue;
  }
}

/**
 * Short, printable rendering of a value for error messages (`-0`, `NaN`, `"text"`, `Int32Array(100)`).
 * A copy of `@charloom/sampling`'s (see the README: each package keeps its errors dependency-free).
 */
function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const length = (value as { length?: unknown }).length;
    return `${value.constructor.name}(${typeof length === 'number' ? length : value.byteLength})`;
  }
  return 'an object';
}
