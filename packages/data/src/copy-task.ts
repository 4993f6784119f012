// copyTask: random symbol strings whose target is the same string (or reversed), encoded for a seq2seq model.
// Leaves out the delimiter-in-one-stream layout of the NTM paper: source and target are separate arrays here.

import { createRng } from '@charloom/sampling';
import { InvalidArgumentError } from './errors.js';
import { RNG_STREAMS, randomBelow } from './random.js';
import { encodeSeq2Seq, type Seq2SeqExample, type Seq2SeqTask, taskVocab } from './seq2seq.js';
import { checkBoolean, checkInteger, checkOptions, checkSeed } from './validate.js';

/** Options of `copyTask`. */
export interface CopyTaskOptions {
  /** The symbols, one per code point, all distinct (e.g. `'abcdefgh'`). */
  alphabet: string;
  /** Shortest input (integer >= 1). */
  minLength: number;
  /** Longest input (integer >= minLength). */
  maxLength: number;
  /** Number of examples (integer >= 1). */
  count: number;
  /** Target is the input reversed (default false: the input itself). */
  reverse?: boolean;
  /** Seed (`createRng(seed, RNG_STREAMS.copyTask)`). */
  seed: number;
}

/**
 * The copy task: each example's input is `length` symbols drawn uniformly from `alphabet`, with `length`
 * uniform in [minLength, maxLength]; its target is the same string, or the string reversed with `reverse: true`.
 * Returns the strings and the padded arrays of `Seq2SeqTask` (source length maxLength + 1, target length
 * maxLength + 1). Random choices, in order per example: the length, then each symbol, all unbiased draws from
 * `createRng(seed, RNG_STREAMS.copyTask)`.
 * @throws InvalidArgumentError for an empty alphabet or one with a repeated symbol, lengths or count that are
 *   not integers in range, or a bad seed
 */
export function copyTask(options: CopyTaskOptions): Seq2SeqTask {
  const record = checkOptions(options, 'options', [
    'alphabet',
    'minLength',
    'maxLength',
    'count',
    'reverse',
    'seed',
  ]);
  const alphabet = record['alphabet'];
  if (typeof alphabet !== 'string' || alphabet.length === 0) {
    throw new InvalidArgumentError({
      parameter: 'options.alphabet',
      value: alphabet,
      expected: 'a non-empty string of distinct symbols',
    });
  }
  const symbols = Array.from(alphabet);
  const repeated = symbols.find((symbol, i) => symbols.indexOf(symbol) !== i);
  if (repeated !== undefined) {
    throw new InvalidArgumentError({
      parameter: 'options.alphabet',
      value: alphabet,
      expected: `a string of distinct symbols (${JSON.stringify(repeated)} repeats)`,
    });
  }
  const minLength = checkInteger(record['minLength'], 'options.minLength', 1);
  const maxLength = checkInteger(record['maxLength'], 'options.maxLength', minLength);
  const count = checkInteger(record['count'], 'options.count', 1);
  const reverse = checkBoolean(record['reverse'], 'options.reverse', false);
  const rng = createRng(checkSeed(record['seed'], 'options.seed'), RNG_STREAMS.copyTask);
  const examples: Seq2SeqExample[] = [];
  for (let i = 0; i < count; i++) {
    const length = minLength + randomBelow(rng, maxLength - minLength + 1);
    const chars: string[] = [];
    for (let j = 0; j < length; j++) chars.push(symbols[randomBelow(rng, symbols.length)]!);
    const input = chars.join('');
    examples.push({ input, target: reverse ? chars.reverse().join('') : input });
  }
  return encodeSeq2Seq({
    examples,
    vocab: taskVocab(symbols),
    sourceLength: maxLength + 1,
    targetLength: maxLength + 1,
  });
}
