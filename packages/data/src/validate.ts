// Argument checks shared by the package: integers in range, seeds, option objects without unknown keys, token arrays.
// Leaves out the checks of one concept (split fractions, saved batcher states), which live beside their code.

import type { TokenIdArray } from '@charloom/tokenizer';
import { InvalidArgumentError } from './errors.js';

/** `value` as an options record; throws for a non-object or for a key not in `allowed`. */
export function checkOptions(
  value: unknown,
  parameter: string,
  allowed: readonly string[],
): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({ parameter, value, expected: 'an object' });
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.${key}`,
        value: (value as Record<string, unknown>)[key],
        expected: `absent (known options: ${allowed.join(', ')})`,
      });
    }
  }
  return value as Record<string, unknown>;
}

/** An integer in [min, max]; `max` defaults to `Number.MAX_SAFE_INTEGER`. */
export function checkInteger(
  value: unknown,
  parameter: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const expected =
      max === Number.MAX_SAFE_INTEGER
        ? `an integer >= ${min}`
        : min === max
          ? `${min}`
          : `an integer in [${min}, ${max}]`;
    throw new InvalidArgumentError({ parameter, value, expected });
  }
  return value;
}

/** A finite number in [min, max]. */
export function checkNumber(value: unknown, parameter: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number >= ${min}`
          : `a number in [${min}, ${max}]`;
    throw new InvalidArgumentError({ parameter, value, expected: range });
  }
  return value;
}

/** A boolean, or `fallback` when the value is undefined. */
export function checkBoolean(value: unknown, parameter: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError({ parameter, value, expected: 'a boolean' });
  return value;
}

/** A seed for `createRng`: any finite integer (it is taken modulo 2^32 there). */
export function checkSeed(value: unknown, parameter: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError({ parameter, value, expected: 'a finite integer' });
  }
  return value;
}

/** One of the token id arrays the tokenizer produces (`CharVocab.encode`'s smallest type, or `encodeInt32`). */
export function checkTokenIds(value: unknown, parameter: string): TokenIdArray {
  if (value instanceof Int32Array || value instanceof Uint16Array || value instanceof Uint8Array)
    return value;
  throw new InvalidArgumentError({
    parameter,
    value,
    expected: 'an Int32Array, Uint16Array or Uint8Array of token ids',
  });
}
