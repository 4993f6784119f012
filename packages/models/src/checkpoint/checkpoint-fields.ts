// Checks of the fixed-schema parts of a checkpoint (model config, metrics summary, named arrays), shared by the
// encoder (bad arguments) and the decoder (bad files) through a `fail` callback. Leaves out the caller's JSON parts.

import type { CheckpointMetrics, CheckpointModelConfig, NamedFloat32Array } from './checkpoint-format.js';
import { checkJsonObject, type Fail, isPlainObject } from './json-value.js';

const CELLS = ['lstm', 'gru', 'rnn'] as const;

function checkIntegerField(
  record: Record<string, unknown>,
  field: string,
  key: string,
  min: number,
  fail: Fail,
) {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    fail(`${field}.${key}`, value, `an integer >= ${min}`);
}

/** Checks a model config: the seven required fields, and JSON data in any others. */
export function checkModelConfig(value: unknown, field: string, fail: Fail): CheckpointModelConfig {
  if (!isPlainObject(value)) return fail(field, value, 'an object with cell, vocabSize, hiddenSize, ...');
  if (!(CELLS as readonly unknown[]).includes(value['cell']))
    fail(`${field}.cell`, value['cell'], `one of ${CELLS.map((cell) => `'${cell}'`).join(', ')}`);
  checkIntegerField(value, field, 'vocabSize', 1, fail);
  checkIntegerField(value, field, 'hiddenSize', 1, fail);
  checkIntegerField(value, field, 'numLayers', 1, fail);
  checkIntegerField(value, field, 'embeddingSize', 0, fail);
  const dropout = value['dropout'];
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
    fail(`${field}.dropout`, dropout, 'a number in [0, 1)');
  if (typeof value['seed'] !== 'number' || !Number.isSafeInteger(value['seed']))
    fail(`${field}.seed`, value['seed'], 'an integer');
  return checkJsonObject(value, field, fail) as unknown as CheckpointModelConfig;
}

/** Checks a metrics summary: bestValLoss (finite number or null), steps, trainingSeconds, and JSON in the rest. */
export function checkMetrics(value: unknown, field: string, fail: Fail): CheckpointMetrics {
  if (!isPlainObject(value)) return fail(field, value, 'an object with bestValLoss, steps, trainingSeconds');
  const best = value['bestValLoss'];
  if (best !== null && (typeof best !== 'number' || !Number.isFinite(best)))
    fail(`${field}.bestValLoss`, best, 'a finite number or null');
  checkIntegerField(value, field, 'steps', 0, fail);
  const seconds = value['trainingSeconds'];
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
    fail(`${field}.trainingSeconds`, seconds, 'a finite number >= 0');
  return checkJsonObject(value, field, fail) as unknown as CheckpointMetrics;
}

/** Checks a shape: an array of positive integers (`[]` for a scalar); returns the number of elements. */
export function checkShape(value: unknown, field: string, fail: Fail): number {
  if (!Array.isArray(value)) return fail(field, value, 'an array of positive integers');
  let size = 1;
  for (const dimension of value) {
    if (typeof dimension !== 'number' || !Number.isSafeInteger(dimension) || dimension < 1)
      fail(field, value, 'an array of positive integers');
    size *= dimension;
  }
  if (!Number.isSafeInteger(size)) fail(field, value, 'a shape with fewer than 2^53 elements');
  return size;
}

/** Checks a name: a non-empty string not seen before in `names` (which it is added to). */
export function checkUniqueName(value: unknown, field: string, names: Set<string>, fail: Fail): string {
  if (typeof value !== 'string' || value.length === 0) return fail(field, value, 'a non-empty string');
  if (names.has(value)) fail(field, value, 'a name not used by another array (names must be unique)');
  names.add(value);
  return value;
}

/** Checks named arrays: unique names, positive shapes, Float32Array values of the shape's size. */
export function checkNamedArrays(value: unknown, field: string, fail: Fail): NamedFloat32Array[] {
  if (!Array.isArray(value)) return fail(field, value, 'an array of { name, shape, values }');
  const names = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!isPlainObject(item)) return fail(at, item, 'an object { name, shape, values }');
    const name = checkUniqueName(item['name'], `${at}.name`, names, fail);
    const size = checkShape(item['shape'], `${at}.shape`, fail);
    const values = item['values'];
    if (!(values instanceof Float32Array) || values.length !== size)
      fail(
        `${at}.values`,
        values,
        `a Float32Array of length ${size} (shape [${(item['shape'] as number[]).join(',')}] of '${name}')`,
      );
    return { name, shape: item['shape'] as number[], values: values as Float32Array };
  });
}
