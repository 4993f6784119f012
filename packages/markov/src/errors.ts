// Typed errors of @charloom/markov: a base class and the specific ones that carry the bad field.
// Errors from the tokenizer (unknown characters) and sampling (bad generation config) pass through as they are.

/** Base class of every error thrown by `@charloom/markov`. */
export class MarkovError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarkovError';
  }
}

/** What an {@link InvalidArgumentError} is built from. */
export interface InvalidArgumentDetails {
  /** The parameter or option, e.g. `order` or `tokenIds[3]`. */
  readonly parameter: string;
  readonly value: unknown;
  /** What would have been accepted, e.g. `an integer in [0, 32]`. */
  readonly expected: string;
  readonly cause?: unknown;
}

/** An argument is out of range or of the wrong type; names the parameter and the value. */
export class InvalidArgumentError extends MarkovError {
  readonly parameter: string;
  readonly value: unknown;
  readonly expected: string;
  constructor({ parameter, value, expected, cause }: InvalidArgumentDetails) {
    super(
      `${parameter} must be ${expected}, got ${describe(value)}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'InvalidArgumentError';
    this.parameter = parameter;
    this.value = value;
    this.expected = expected;
  }
}

/** Throws unless `options` is a plain object whose keys are all in `allowed`. */
export function checkOptions(parameter: string, options: unknown, allowed: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({ parameter, value: options, expected: 'an options object' });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.${key}`,
        value: (options as Record<string, unknown>)[key],
        expected: `absent (unknown option; known: ${allowed.join(', ')})`,
      });
    }
  }
}

/** Saved model bytes are truncated, corrupted, of another format or of an unsupported version. */
export class ModelFormatError extends MarkovError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`invalid Markov model file: ${field}: ${message}`, options);
    this.name = 'ModelFormatError';
    this.field = field;
  }
}

/** Short, printable rendering of a bad value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
