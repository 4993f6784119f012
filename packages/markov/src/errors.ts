// Typed errors of @charloom/markov: a base class and the specific ones that carry the bad field.
// Errors from the tokenizer (unknown characters) and sampling (bad generation config) pass through as they are.

/** Base class of every error thrown by `@charloom/markov`. */
export class MarkovError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarkovError';
  }
}

/** An argument is out of range or of the wrong type; names the parameter and the value. */
export class InvalidArgumentError extends MarkovError {
  readonly parameter: string;
  readonly value: unknown;
  constructor(parameter: string, value: unknown, expected: string) {
    super(`${parameter} must be ${expected}, got ${describe(value)}`);
    this.name = 'InvalidArgumentError';
    this.parameter = parameter;
    this.value = value;
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
