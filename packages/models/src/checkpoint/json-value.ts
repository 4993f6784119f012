// JSON values as a type, and a check that a value survives JSON.stringify/JSON.parse unchanged.
// Leaves out schemas: what the caller's training config, data description and resume state contain is theirs.

/** A value that JSON text can hold exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the caller-defined parts of a checkpoint: training config, data description). */
export type JsonObject = { [key: string]: JsonValue };

/** Reports a bad field: the dotted `field`, the bad `value`, and what was `expected` (phrased after "must be"). */
export type Fail = (field: string, value: unknown, expected: string) => never;

/** True for a plain object (`{}` literal or `Object.create(null)`), not an array, class instance or typed array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks that `value` is JSON data that round-trips exactly: null, booleans, finite numbers, strings, arrays and
 * plain objects, without cycles, NaN or class instances. Object properties whose value is `undefined` are allowed and
 * left out of the JSON text, as JSON.stringify does. Calls `fail` with the dotted path of the first offending part.
 */
export function checkJsonValue(
  value: unknown,
  field: string,
  fail: Fail,
  seen = new Set<object>(),
): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(field, value, 'a finite number (JSON has no NaN or Infinity)');
    return value;
  }
  if (typeof value !== 'object')
    return fail(field, value, 'JSON data (null, boolean, number, string, array, object)');
  if (seen.has(value)) return fail(field, value, 'JSON data without cycles');
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) fail(`${field}[${i}]`, undefined, 'JSON data (arrays without holes)');
      checkJsonValue(value[i], `${field}[${i}]`, fail, seen);
    }
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) checkJsonValue(item, `${field}.${key}`, fail, seen);
    }
  } else {
    fail(field, value, 'JSON data (a plain object or array, not a class instance or typed array)');
  }
  seen.delete(value);
  return value as JsonValue;
}

/** Checks that `value` is a plain object of JSON data (see {@link checkJsonValue}). */
export function checkJsonObject(value: unknown, field: string, fail: Fail): JsonObject {
  if (!isPlainObject(value)) return fail(field, value, 'a JSON object');
  return checkJsonValue(value, field, fail) as JsonObject;
}
