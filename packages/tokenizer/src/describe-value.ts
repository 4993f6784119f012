// describeValue: a short, readable rendering of any value for error messages.
// Leaves out full serialisation: long strings are cut and objects are named, not printed.

import { escapeText } from './unicode.js';

const MAX_STRING_LENGTH = 40;

/** Renders `value` for an error message: strings quoted and escaped, arrays and objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const chars = Array.from(value);
    const shown = chars.length > MAX_STRING_LENGTH ? `${chars.slice(0, MAX_STRING_LENGTH).join('')}…` : value;
    return `'${escapeText(shown)}'`;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'undefined':
      return 'undefined (missing)';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}
