// The generation config: one plain, frozen, validated data object with defaults, and its factory.
// Leaves out parsing (the CLI turns flags and files into numbers) and the sampler built from it (sampler.ts).

import { InvalidArgumentError } from './errors.js';

/** How tokens are drawn. Plain data: print it, save it with a checkpoint, pass it to `createSampler`. */
export interface GenerationConfig {
  /** Finite, >= 0. Divides the logits; 0 means greedy decoding (argmax). */
  readonly temperature: number;
  /** Integer >= 0. Keep only the k most likely tokens; 0 turns top-k off. */
  readonly topK: number;
  /** 0 < topP <= 1. Keep the smallest most-likely set with mass >= topP; 1 turns top-p off. */
  readonly topP: number;
  /** Finite, >= 1. Divide the weight of recently seen tokens by this; 1 turns the penalty off. */
  readonly repetitionPenalty: number;
  /** Integer >= 1. How many of the most recent tokens (prompt included) the penalty looks at. */
  readonly repetitionWindow: number;
  /** Any finite integer, taken modulo 2^32: seeds the xoshiro128** generator. */
  readonly seed: number;
  /** Integer >= 1. Maximum number of new tokens per row (the prompt does not count). */
  readonly maxLength: number;
}

/** Defaults: plain multinomial sampling at temperature 1, no top-k/top-p/penalty, seed 0, 200 new tokens. */
export const DEFAULT_GENERATION_CONFIG: GenerationConfig = Object.freeze({
  temperature: 1,
  topK: 0,
  topP: 1,
  repetitionPenalty: 1,
  repetitionWindow: 64,
  seed: 0,
  maxLength: 200,
});

type Check = (value: number) => boolean;

const FIELDS: Readonly<Record<keyof GenerationConfig, readonly [Check, string]>> = {
  temperature: [(v) => Number.isFinite(v) && v >= 0, 'a finite number >= 0'],
  topK: [(v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0 (0 = off)'],
  topP: [(v) => v > 0 && v <= 1, 'a number with 0 < topP <= 1 (1 = off)'],
  repetitionPenalty: [(v) => Number.isFinite(v) && v >= 1, 'a finite number >= 1 (1 = off)'],
  repetitionWindow: [(v) => Number.isSafeInteger(v) && v >= 1, 'an integer >= 1'],
  seed: [(v) => Number.isInteger(v), 'a finite integer'],
  maxLength: [(v) => Number.isSafeInteger(v) && v >= 1, 'an integer >= 1'],
};

const KEYS = Object.keys(FIELDS) as (keyof GenerationConfig)[];

function isKey(key: string): key is keyof GenerationConfig {
  return Object.hasOwn(FIELDS, key);
}

/**
 * `DEFAULT_GENERATION_CONFIG` with `overrides` applied, validated and frozen. Every field is checked (a
 * number of the right range, see `GenerationConfig`); unknown keys, non-number values and a non-object
 * `overrides` throw `InvalidArgumentError` naming the key and the value. A key whose value is `undefined`
 * counts as absent. A complete config is accepted too, so this also re-validates a config read from disk.
 *
 * @example
 * ```ts
 * const config = createGenerationConfig({ temperature: 0.8, topK: 40, seed: 7 });
 * ```
 */
export function createGenerationConfig(overrides: Partial<GenerationConfig> = {}): GenerationConfig {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new InvalidArgumentError({
      parameter: 'overrides',
      value: overrides,
      expected: 'a plain object of GenerationConfig fields',
    });
  }
  const config: Record<string, number> = { ...DEFAULT_GENERATION_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (!isKey(key)) {
      throw new InvalidArgumentError({
        parameter: key,
        value,
        expected: `a known GenerationConfig key (one of ${KEYS.join(', ')})`,
      });
    }
    if (value === undefined) continue;
    const [check, expected] = FIELDS[key];
    if (typeof value !== 'number' || !check(value)) {
      throw new InvalidArgumentError({
        parameter: key,
        value,
        expected: typeof value === 'number' ? expected : `a number, ${expected}`,
      });
    }
    config[key] = value;
  }
  return Object.freeze(config) as unknown as GenerationConfig;
}
