// Text generation from a Markov model through the shared `generate()` loop of @charloom/sampling.
// Adds what is particular to n-grams: a random seen context as the default prime, and backoff reporting.

import { createRng, type GenerationConfig, generate } from '@charloom/sampling';
import { InvalidArgumentError } from './errors.js';
import type { MarkovModel } from './markov-model.js';
import type { Smoothing } from './smoothing.js';

/** Options for {@link generateMarkov} and {@link sampleMarkov}. */
export interface MarkovGenerateOptions extends Partial<GenerationConfig> {
  /** Text to start from. Default: a context of length `order` seen in training, drawn with the seed. */
  readonly prime?: string;
  /** Number of characters to generate after the prime (default: `maxLength`, whose default is 200). */
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

/** Resolve the prime: the given text, or a seen context drawn with a generator derived from the seed. */
function primeTokens(model: MarkovModel, options: MarkovGenerateOptions): Int32Array {
  if (options.prime !== undefined) {
    if (typeof options.prime !== 'string' || options.prime.length === 0) {
      throw new InvalidArgumentError('prime', options.prime, 'a non-empty string');
    }
    return model.vocab.encodeInt32(options.prime);
  }
  const rng = createRng(((options.seed ?? 0) ^ 0x5bd1e995) >>> 0);
  return model.randomSeenContext(() => rng.nextFloat());
}

/** The shared generation loop set up for a Markov model, and how long a history each step could have used. */
function markovSteps(model: MarkovModel, options: MarkovGenerateOptions, promptTokenIds: Int32Array) {
  const { prime: _prime, length, smoothing = 'none', signal, ...config } = options;
  const maxLength = length ?? config.maxLength;
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 0)) {
    throw new InvalidArgumentError('length', maxLength, 'an integer >= 0');
  }
  if (promptTokenIds.length === 0)
    throw new InvalidArgumentError('model', 'empty', 'trained on a non-empty text');
  const steps = generate(model.asNextTokenModel(smoothing), {
    promptTokenIds,
    config,
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(signal === undefined ? {} : { signal }),
  });
  return {
    steps: maxLength === 0 ? [] : steps,
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
