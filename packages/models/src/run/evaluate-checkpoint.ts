// Cross-entropy of a CharLanguageModel (or a checkpoint of one) on token ids, in nats and bits per character.
// Leaves out choosing the split (the caller passes e.g. the val or test part of splitContiguous) and accuracy.

import type { TokenIdArray } from '@charloom/tokenizer';
import { isPlainObject } from '../checkpoint/json-value.js';
import { InvalidArgumentError } from '../errors.js';
import type { CharLanguageModel } from '../lm/char-language-model.js';
import { evaluateNetwork } from '../training/metrics.js';
import { loadCharLanguageModel } from './load-model.js';

/** What an evaluation measures. */
export interface ModelEvaluation {
  /** Mean cross-entropy per predicted character, in nats. */
  readonly nats: number;
  /** `nats / ln 2`. */
  readonly bitsPerChar: number;
  /** Number of characters predicted (the figures average over these). */
  readonly chars: number;
}

/** Options of `evaluateCharLanguageModel` and `evaluateCheckpoint`. */
export interface EvaluateOptions {
  /** Parallel streams the ids are cut into (integer >= 1). Default: the checkpoint's training batch size, else 32. */
  readonly batchSize?: number;
  /** Steps per batch (integer >= 1). Default: the checkpoint's training sequence length, else 64. */
  readonly sequenceLength?: number;
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_SEQUENCE_LENGTH = 64;

function checkedIds(tokenIds: TokenIdArray, vocabSize: number): Int32Array {
  if (
    !(tokenIds instanceof Int32Array || tokenIds instanceof Uint16Array || tokenIds instanceof Uint8Array)
  ) {
    throw new InvalidArgumentError({
      parameter: 'tokenIds',
      value: tokenIds,
      expected: 'an Int32Array, Uint16Array or Uint8Array of token ids',
    });
  }
  if (tokenIds.length < 2) {
    throw new InvalidArgumentError({
      parameter: 'tokenIds.length',
      value: tokenIds.length,
      expected: 'at least 2 (one character predicted from another)',
    });
  }
  for (let k = 0; k < tokenIds.length; k++) {
    const id = tokenIds[k] as number;
    if (id < 0 || id >= vocabSize) {
      throw new InvalidArgumentError({
        parameter: `tokenIds[${k}]`,
        value: id,
        expected: `a token id in [0, ${vocabSize}) (the model's vocabulary)`,
      });
    }
  }
  return tokenIds instanceof Int32Array ? tokenIds : Int32Array.from(tokenIds);
}

function positiveInteger(parameter: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1) {
    throw new InvalidArgumentError({ parameter, value: chosen, expected: 'an integer >= 1' });
  }
  return chosen;
}

/**
 * The model's mean next-character cross-entropy over `tokenIds` (no dropout), as training's validation pass
 * computes it: the ids are cut into `batchSize` equal contiguous streams, each read from a zero state with the state
 * carried across batches of `sequenceLength` steps. Every character is predicted except the first and the fewer
 * than `batchSize` left over at the end; `chars` says how many were.
 * Throws `InvalidArgumentError` for ids outside the vocabulary or fewer than 2 ids.
 */
export async function evaluateCharLanguageModel(
  model: CharLanguageModel,
  tokenIds: TokenIdArray,
  options: EvaluateOptions = {},
): Promise<ModelEvaluation> {
  const ids = checkedIds(tokenIds, model.vocabSize);
  const result = await evaluateNetwork(model.network, ids, {
    batchSize: positiveInteger('batchSize', options.batchSize, DEFAULT_BATCH_SIZE),
    sequenceLength: positiveInteger('sequenceLength', options.sequenceLength, DEFAULT_SEQUENCE_LENGTH),
    maxBatches: 0,
  });
  return { nats: result.loss, bitsPerChar: result.bitsPerChar, chars: result.positions };
}

/**
 * Loads the model of `dir` (see `loadCharLanguageModel`: a checkpoint directory, or a run directory's `best/` or
 * `last/`), evaluates it on `tokenIds` (see `evaluateCharLanguageModel`; the batch size and sequence length default
 * to those the checkpoint was trained with) and frees it.
 *
 * @example
 * ```ts
 * const { nats, bitsPerChar, chars } = await evaluateCheckpoint('runs/moby', splitContiguous(ids).test);
 * ```
 */
export async function evaluateCheckpoint(
  dir: string,
  tokenIds: TokenIdArray,
  options: EvaluateOptions = {},
): Promise<ModelEvaluation> {
  const { model, checkpoint } = await loadCharLanguageModel(dir);
  try {
    const training = isPlainObject(checkpoint.trainingConfig) ? checkpoint.trainingConfig : {};
    const batchSize = typeof training.batchSize === 'number' ? training.batchSize : DEFAULT_BATCH_SIZE;
    const sequenceLength =
      typeof training.sequenceLength === 'number' ? training.sequenceLength : DEFAULT_SEQUENCE_LENGTH;
    return await evaluateCharLanguageModel(model, tokenIds, {
      batchSize: options.batchSize ?? batchSize,
      sequenceLength: options.sequenceLength ?? sequenceLength,
    });
  } finally {
    model.dispose();
  }
}
