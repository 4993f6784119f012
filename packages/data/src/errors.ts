// Typed errors of @charloom/data: a base class, bad arguments, and corpus problems (file, bytes, length).
// Leaves out error codes beyond `reason` and any recovery: callers tell errors apart with `instanceof`.

/** Base class of every error thrown by `@charloom/data`; `instanceof DataError` catches them all. */
export class DataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
  }
}

/**
 * An argument or option is out of range or of the wrong type. `parameter` names it (a path such as
 * `options.batchSize` or `state.positions[3]` when the value sits inside an argument), `value` is what was
 * received, and the message reads `<parameter> must be <expected>, got <value>`.
 */
export class InvalidArgumentError extends DataError {
  readonly parameter: string;
  readonly value: unknown;
  readonly expected: string;
  constructor(parameter: string, value: unknown, expected: string, options?: { cause?: unknown }) {
    super(`${parameter} must be ${expected}, got ${describeValue(value)}`, options);
    this.name = 'InvalidArgumentError';
    this.parameter = parameter;
    this.value = value;
    this.expected = expected;
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

/**
 * A corpus could not be loaded: an unknown name, a missing or unreadable file, bytes that are not UTF-8,
 * an empty text, one shorter than the caller asked for, or a bundled data file in an unexpected shape.
 * `source` is the corpus name or file path as given; `reason` says which of those it was.
 */
export class CorpusError extends DataError {
  readonly source: string;
  readonly reason: CorpusErrorReason;
  constructor(source: string, reason: CorpusErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CorpusError';
    this.source = source;
    this.reason = reason;
  }
}

/**
 * Bytes that are not valid UTF-8. `byteOffset` is the offset (from 0, counting a BOM if there is one) of the
 * first byte of the first ill-formed sequence, the byte where a strict decoder first fails; `byteValue` is
 * that byte, or -1 when the bytes end in the middle of a sequence that started at `byteOffset`.
 */
export class InvalidUtf8Error extends CorpusError {
  readonly byteOffset: number;
  readonly byteValue: number;
  constructor(source: string, byteOffset: number, byteValue: number) {
    const what =
      byteValue < 0
        ? 'a multi-byte sequence cut off by the end of the data'
        : `byte 0x${byteValue.toString(16).toUpperCase().padStart(2, '0')}`;
    super(source, 'invalid-utf8', `${source}: invalid UTF-8 at byte offset ${byteOffset} (${what})`);
    this.name = 'InvalidUtf8Error';
    this.byteOffset = byteOffset;
    this.byteValue = byteValue;
  }
}

/** Short, printable rendering of a value for error messages (`-0`, `NaN`, `"text"`, `Int32Array(100)`). */
export function describeValue(value: unknown): string {
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
