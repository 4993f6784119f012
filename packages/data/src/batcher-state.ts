// Reading a saved batcher state back: kind, version, the options it was made with, and its position fields.
// Leaves out what a position means (each batcher checks its own ranges).

import { InvalidArgumentError } from './errors.js';

/** Version of every saved batcher state. */
export const BATCHER_STATE_VERSION = 1;

/** The state as a record with exactly `keys`, of the right `kind` and version. */
export function readStateRecord(
  value: unknown,
  kind: string,
  keys: readonly string[],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({
      parameter: 'options.state',
      value,
      expected: `a saved ${kind} state (an object)`,
    });
  }
  const record = value as Record<string, unknown>;
  if (record['kind'] !== kind)
    throw new InvalidArgumentError({
      parameter: 'options.state.kind',
      value: record['kind'],
      expected: JSON.stringify(kind),
    });
  if (record['version'] !== BATCHER_STATE_VERSION) {
    throw new InvalidArgumentError({
      parameter: 'options.state.version',
      value: record['version'],
      expected: `${BATCHER_STATE_VERSION}`,
    });
  }
  const allowed = ['kind', 'version', ...keys];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key))
      throw new InvalidArgumentError({
        parameter: `options.state.${key}`,
        value: record[key],
        expected: 'absent',
      });
  }
  return record;
}

/** Throws unless the state field equals what this batcher was built with. */
export function expectSame(record: Record<string, unknown>, field: string, expected: unknown): void {
  if (record[field] !== expected) {
    throw new InvalidArgumentError({
      parameter: `options.state.${field}`,
      value: record[field],
      expected: `${JSON.stringify(expected)} (the state must come from a batcher with the same data and options)`,
    });
  }
}

/** An array of `length` integers in [min, max], as a plain number array. */
export function readIntegerArray(
  record: Record<string, unknown>,
  field: string,
  { length, min, max }: { length: number; min: number; max: number },
): number[] {
  const value = record[field];
  if (!Array.isArray(value) || value.length !== length) {
    throw new InvalidArgumentError({
      parameter: `options.state.${field}`,
      value,
      expected: `an array of ${length} integers`,
    });
  }
  for (let i = 0; i < length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'number' || !Number.isInteger(item) || item < min || item > max) {
      throw new InvalidArgumentError({
        parameter: `options.state.${field}[${i}]`,
        value: item,
        expected: `an integer in [${min}, ${max}]`,
      });
    }
  }
  return value.slice() as number[];
}
