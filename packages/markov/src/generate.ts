// Text generation from a Markov model through the shared `generate()` loop of @charloom/sampling.
// Adds what is particular to n-grams: a random seen context as the default prime, and backoff reporting.

import { createRng, DEFAULT_GENERATION_CONFIG, type GenerationConfig, generate } from '@charloom/sampling';
import { checkOptions, InvalidArgumentError } from './errors.js';
import type { MarkovModel } from './markov-model.js';
import type { Smoothing } from './smoothing.js';

/** Options for {@link generateMarkov} and {@link sampleMarkov}. */
export interface MarkovGenerateOptions extends Partial<Omit<GenerationConfig, 'maxLength'>> {
  /** Text to start from. Default: a context of length `order` seen in training, drawn with the seed. */
  readonly prime?: string;
  /** Number of characters to generate after the prime (default 200, as `GenerationConfig.maxLength`). */
  readonly length?: number;
  /**
   * `'none'` (default) draws from the raw counts of the longest context seen in training, backing off to a shorter
   * one when needed; `'witten-bell'`/`'kneser-ney'` draw from the smoothed distribution, which can produce
   * n-grams never seen in training.
   */
  readonly smoothing?: Smoothing;
  /** Stops generation early. */
  readonly signal?: AbortSignal;
}

/** One generated character and how it was predicted. */
export interface MarkovToken {
  /** The character (a vocabulary symbol). */
  readonly text: string;
  readonly tokenId: number;
  /** Context length the distribution it was drawn from used. */
  readonly contextLength: number;
  /** True when that context was shorter than the history allowed (the longer one never occurred in training). */
  readonly backedOff: boolean;
}

/** A finished sample. */
export interface MarkovSample {
  /** The prime the sample started from (given or drawn). */
  readonly prime: string;
  /** The generated characters, without the prime. */
  readonly text: string;
  /** Indices into `text` of the characters predicted from a backed-off (shorter) context. */
  readonly backoffs: readonly number[];
}

/** Stream of the seed that draws a default prime: far from the row streams `generate()` uses (0…batch−1). */
const PRIME_STREAM = 1024;

const OPTION_KEYS = [
  ...Object.keys(DEFAULT_GENERATION_CONFIG).filter((key) => key !== 'maxLength'),
  'prime',
  'length',
  'smoothing',
  'signal',
];

/** Resolve the prime: the given text, or a seen context drawn with a generator derived from the seed. */
function primeTokens(model: MarkovModel, options: MarkovGenerateOptions): Int32Array {
  checkOptions('options', options, OPTION_KEYS);
  if (options.prime !== undefined) {
    if (typeof options.prime !== 'string' || options.prime.length === 0) {
      throw new InvalidArgumentError({
        parameter: 'prime',
        value: options.prime,
        expected: 'a non-empty string',
      });
    }
    return model.vocab.encodeInt32(options.prime);
  }
  const rng = createRng(options.seed ?? DEFAULT_GENERATION_CONFIG.seed, PRIME_STREAM);
  return model.randomSeenContext(() => rng.nextFloat());
}

/** The shared generation loop set up for a Markov model, and how long a history each step could have used. */
function markovSteps(model: MarkovModel, options: MarkovGenerateOptions, promptTokenIds: Int32Array) {
  const { prime: _prime, length, smoothing = 'none', signal, ...config } = options;
  if (length !== undefined && (!Number.isInteger(length) || length < 0)) {
    throw new InvalidArgumentError({ parameter: 'length', value: length, expected: 'an integer >= 0' });
  }
  const steps =
    length === 0
      ? []
      : generate(model.asNextTokenModel(smoothing), {
          promptTokenIds,
          config,
          ...(length === undefined ? {} : { maxLength: length }),
          ...(signal === undefined ? {} : { signal }),
        });
  return {
    steps,
    available: (index: number) => Math.min(model.order, promptTokenIds.length + index),
  };
}

/**
 * Stream characters from `model`, one per iteration, each drawn through `@charloom/sampling` (temperature, top-k,
 * top-p, repetition penalty and seed apply to the model's logits).
 */
export async function* generateMarkov(
  model: MarkovModel,
  options: MarkovGenerateOptions = {},
): AsyncGenerator<MarkovToken, void, undefined> {
  const { steps, available } = markovSteps(model, options, primeTokens(model, options));
  for await (const step of steps) {
    const tokenId = step.tokenIds[0]!;
    const contextLength = step.state.usedOrder[0]!;
    yield {
      text: model.vocab.symbolOf(tokenId),
      tokenId,
      contextLength,
      backedOff: contextLength < available(step.index),
    };
  }
}

/** Generate a whole sample and report where it backed off. */
export async function sampleMarkov(
  model: MarkovModel,
  options: MarkovGenerateOptions = {},
): Promise<MarkovSample> {
  const promptTokenIds = primeTokens(model, options);
  const { steps, available } = markovSteps(model, options, promptTokenIds);
  const tokenIds: number[] = [];
  const backoffs: number[] = [];
  for await (const step of steps) {
    if (step.state.usedOrder[0]! < available(step.index)) backoffs.push(tokenIds.length);
    tokenIds.push(step.tokenIds[0]!);
  }
  return { prime: model.vocab.decode(promptTokenIds), text: model.vocab.decode(tokenIds), backoffs };
}
