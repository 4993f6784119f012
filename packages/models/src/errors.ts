// Typed errors of @charloom/models: a base class, invalid arguments (field + value) and unusable backends.
// Errors of the packages it builds on (tokenizer, sampling, data) pass through as they are.

function causeOption(cause: unknown): { cause?: unknown } {
  return cause === undefined ? {} : { cause };
}

/** Base class of every error thrown by `@charloom/models`. */
export class ModelsError extends Error {
  /**
   * @param message - what went wrong, naming the bad value
   * @param options - `cause`: the underlying error, if any
   */
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, causeOption(options.cause));
    this.name = 'ModelsError';
  }
}

/** Options of `InvalidArgumentError`. */
export interface InvalidArgumentErrorOptions {
  /** The parameter, or a dotted path such as `initialState[1][0]` when the bad value sits inside one. */
  readonly parameter: string;
  /** The value received (a shape array for tensors). */
  readonly value: unknown;
  /** What was expected, phrased to follow "must be" (`an integer >= 1`). */
  readonly expected: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * An argument is out of range, of the wrong type or of the wrong shape. The message reads
 * `<parameter> must be <expected>, got <value>`.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError({ parameter: 'hiddenSize', value: 0, expected: 'an integer >= 1' });
 * ```
 */
export class InvalidArgumentError extends ModelsError {
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

/** Short, printable rendering of a value for error messages (`[3,2,5]` for shapes, `"lstmx"` for strings). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return `[${value.join(',')}]`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const length = (value as { length?: unknown }).length;
    return `${value.constructor.name}(${typeof length === 'number' ? length : value.byteLength})`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throws `InvalidArgumentError` unless `value` is an integer >= `min`. */
export function checkInteger(parameter: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError({ parameter, value, expected: `an integer >= ${min}` });
  }
  return value;
}

/** What a {@link BackendError} is built from. */
export interface BackendErrorDetails {
  /** The backend asked for, as `initBackend` names it (`'wasm'`, `'node'`, ...). */
  readonly backend: string;
  /** Why it could not be used, e.g. `not installed` or `WebGPU is not available in this browser`. */
  readonly reason: string;
  readonly cause?: unknown;
}

/** A TensorFlow.js backend asked for explicitly could not be loaded or initialised; names the backend and why. */
export class BackendError extends ModelsError {
  readonly backend: string;
  readonly reason: string;
  constructor({ backend, reason, cause }: BackendErrorDetails) {
    super(`backend '${backend}' could not be used: ${reason}`, { cause });
    this.name = 'BackendError';
    this.backend = backend;
    this.reason = reason;
  }
}
