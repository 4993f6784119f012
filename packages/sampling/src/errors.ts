// Typed errors of @charloom/sampling: a base class and the specific ones that carry the bad field and value.
// Leaves out error codes and localisation: callers tell errors apart with `instanceof` and read the fields.

function causeOption(cause: unknown): { cause?: unknown } {
  return cause === undefined ? {} : { cause };
}

/** Base class of every error thrown by `@charloom/sampling`. */
export class SamplingError extends Error {
  /**
   * @param message - what went wrong, naming the bad value
   * @param options - `cause`: the underlying error, if any
   */
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, causeOption(options.cause));
    this.name = 'SamplingError';
  }
}

/** Options of `InvalidArgumentError`. */
export interface InvalidArgumentErrorOptions {
  /** The parameter, or a dotted path such as `context.recentTokenIds[3]` when the bad value sits inside one. */
  readonly parameter: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected, phrased to follow "must be" (`an integer >= 1`). */
  readonly expected: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * An argument is out of range or of the wrong type. `parameter` names it (a dotted path such as
 * `context.recentTokenIds[3]` when the bad value sits inside an argument), `value` is the value received,
 * and the message reads `<parameter> must be <expected>, got <value>`.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError({ parameter: 'topK', value: 0, expected: 'an integer >= 1' });
 * ```
 */
export class InvalidArgumentError extends SamplingError {
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

/** Options of `InvalidLogitsError`: those of `InvalidArgumentError` plus the offending `index`. */
export interface InvalidLogitsErrorOptions extends InvalidArgumentErrorOptions {
  /** The offending position, or -1 when the whole array is at fault. */
  readonly index: number;
}

/**
 * Logits that no token can be drawn from: empty, holding NaN, or with every entry -Infinity.
 * `parameter` is `logits` or `logits[i]`; `index` is the offending position, or -1 when the whole array is at fault.
 */
export class InvalidLogitsError extends InvalidArgumentError {
  readonly index: number;
  /** @param options - `parameter`, `value`, `expected` and `cause` as for `InvalidArgumentError`, and `index` */
  constructor(options: InvalidLogitsErrorOptions) {
    super(options);
    this.name = 'InvalidLogitsError';
    this.index = options.index;
  }
}

/** Options of `ModelOutputError`. */
export interface ModelOutputErrorOptions {
  /** What the model got wrong, e.g. `step().logits`. */
  readonly field: string;
  /** What the model returned. */
  readonly value: unknown;
  /** What the contract asks for, phrased to follow "must be". */
  readonly expected: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * A `NextTokenModel` broke its contract (for example `step` returned logits of the wrong length).
 * `field` names what was wrong, `value` is what the model returned; the message reads
 * `model output <field> must be <expected>, got <value>`.
 */
export class ModelOutputError extends SamplingError {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  /** @param options - the `field`, the returned `value`, the `expected` description, an optional `cause` */
  constructor(options: ModelOutputErrorOptions) {
    super(`model output ${options.field} must be ${options.expected}, got ${describeValue(options.value)}`, {
      cause: options.cause,
    });
    this.name = 'ModelOutputError';
    this.field = options.field;
    this.value = options.value;
    this.expected = options.expected;
  }
}

/** Short, printable rendering of a value for error messages (`-0`, `NaN`, `"text"`, `Float32Array(100)`). */
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
