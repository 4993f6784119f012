// The option and state checks shared by the two window batchers (reading heads, random windows).
// Leaves out contiguous streams, whose limits depend on how the data is cut into streams.

import type { TokenIdArray } from '@charloom/tokenizer';
import { expectSame, readStateRecord } from './batcher-state.js';
import { InvalidArgumentError } from './errors.js';
import { checkInteger, checkOptions, checkSeed, checkTokenIds } from './validate.js';

/** `batchSize` and `sequenceLength` for windows over `tokenCount` tokens: T in [1, n − 1], batch in [1, n − T]. */
export function checkWindowSizes(
  tokenCount: number,
  record: Record<string, unknown>,
): { batchSize: number; sequenceLength: number } {
  if (tokenCount < 2)
    throw new InvalidArgumentError({
      parameter: 'tokens.length',
      value: tokenCount,
      expected: 'at least 2 (one input and its target)',
    });
  const sequenceLength = checkInteger(record['sequenceLength'], 'options.sequenceLength', 1, tokenCount - 1);
  const windows = tokenCount - sequenceLength;
  const batchSize = record['batchSize'];
  if (typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize > windows) {
    throw new InvalidArgumentError({
      parameter: 'options.batchSize',
      value: batchSize,
      expected: `at most ${windows}, the number of distinct windows of ${sequenceLength} + 1 tokens in ${tokenCount} tokens`,
    });
  }
  return { batchSize: checkInteger(batchSize, 'options.batchSize', 1), sequenceLength };
}

/** The checked options of a seeded window batcher, and its saved state when one was given. */
export interface SeededWindowOptions {
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly seed: number;
  /** The saved state, checked to belong to the same data, sizes and seed; undefined when none was given. */
  readonly state: Record<string, unknown> | undefined;
}

/**
 * Checks the tokens and the options `batchSize`, `sequenceLength`, `seed` and `state` shared by the two window
 * batchers; a state must be of `kind`, have exactly `stateKeys`, and match the token count, sizes and seed.
 */
export function checkSeededWindowOptions(
  tokens: TokenIdArray,
  options: unknown,
  kind: string,
  stateKeys: readonly string[],
): SeededWindowOptions {
  checkTokenIds(tokens, 'tokens');
  const record = checkOptions(options, 'options', ['batchSize', 'sequenceLength', 'seed', 'state']);
  const { batchSize, sequenceLength } = checkWindowSizes(tokens.length, record);
  const seed = checkSeed(record['seed'], 'options.seed');
  if (record['state'] === undefined) return { batchSize, sequenceLength, seed, state: undefined };
  const state = readStateRecord(record['state'], kind, stateKeys);
  expectSame(state, 'tokenCount', tokens.length);
  expectSame(state, 'batchSize', batchSize);
  expectSame(state, 'sequenceLength', sequenceLength);
  expectSame(state, 'seed', seed);
  return { batchSize, sequenceLength, seed, state };
}
