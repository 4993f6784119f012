// Typed errors of @charloom/sampling: a base class and the specific ones that carry the bad field and value.
// Leaves out error codes and localisation: callers tell errors apart with `instanceof` and read the fields.

/** Base class of every error thrown by `@charloom/sampling`. */
export class SamplingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SamplingError';
  }
}

/**
 * An argument is out of range or of the wrong type. `parameter` names it (a dotted path such as
 * `context.recentTokenIds[3]` when the bad value sits inside an argument), `value` is the value received,
 * and the message reads `<parameter> must be <expected>, got <value>`.
 */
export class InvalidArgumentError extends SamplingError {
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

/**
 * Logits that no token can be drawn from: empty, holding NaN, or with every entry -Infinity.
 * `parameter` is `logits` or `logits[i]`; `index` is the offending position, or -1 when the whole array is at fault.
 */
export class InvalidLogitsError extends InvalidArgumentError {
  readonly index: number;
  constructor(parameter: string, value: unknown, expected: string, index: number) {
    super(parameter, value, expected);
    this.name = 'InvalidLogitsError';
    this.index = index;
  }
}

/**
 * A `NextTokenModel` broke its contract (for example `step` returned logits of the wrong length).
 * `field` names what was wrong, `value` is what the model returned.
 */
export class ModelOutputError extends SamplingError {
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, value: unknown, expected: string) {
    super(`model output ${field} must be ${expected}, got ${describeValue(value)}`);
    this.name = 'ModelOutputError';
    this.field = field;
    this.value = value;
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
