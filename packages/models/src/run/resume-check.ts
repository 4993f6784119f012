// Checks that a resumed run continues the saved one: model config, vocabulary, corpus and batch-fixing settings.
// Leaves out the snapshot's own consistency (train() checks it against its options) and reading the checkpoint.

import type { Checkpoint } from '../checkpoint/checkpoint-format.js';
import { isPlainObject, type JsonObject } from '../checkpoint/json-value.js';
import { InvalidArgumentError } from '../errors.js';

/** The training fields that fix the batch sequence, the dropout masks and the optimizer's slots. */
export const RESUME_FIXED_TRAINING_FIELDS = ['batching', 'batchSize', 'sequenceLength', 'seed'] as const;

/** What the resumed run would write into its checkpoints, to compare with the saved one. */
export interface ResumeTarget {
  readonly modelConfig: JsonObject;
  readonly vocab: unknown;
  readonly data: JsonObject;
  readonly trainingConfig: JsonObject;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function mismatch(parameter: string, value: unknown, saved: unknown, dir: string): InvalidArgumentError {
  return new InvalidArgumentError({
    parameter,
    value,
    expected: `${JSON.stringify(saved)} to resume ${dir} (the saved value; resume with it or start a new run)`,
  });
}

/**
 * Throws `InvalidArgumentError` naming the first field where `target` differs from the checkpoint `saved` (read
 * from `dir`): `model.<key>`, `corpus.vocab`, `corpus.length`, `corpus.boundaries`, `corpus.tokenIds` (content
 * hash), `training.<field>` for the fields of `RESUME_FIXED_TRAINING_FIELDS` and `training.optimizer.name`.
 * Returns warnings for what may differ but is worth saying: the corpus name and the backend.
 */
export function checkResumeTarget(saved: Checkpoint, target: ResumeTarget, dir: string): string[] {
  const savedModel = saved.modelConfig as unknown as JsonObject;
  const keys = new Set([...Object.keys(savedModel), ...Object.keys(target.modelConfig)]);
  for (const key of keys) {
    if (!same(target.modelConfig[key], savedModel[key])) {
      throw mismatch(`model.${key}`, target.modelConfig[key], savedModel[key], dir);
    }
  }
  if (!same(target.vocab, saved.vocab)) {
    throw new InvalidArgumentError({
      parameter: 'corpus.vocab',
      value: target.vocab,
      expected: `the vocabulary saved in ${dir} (the same symbols and settings)`,
    });
  }
  const data = isPlainObject(saved.data) ? saved.data : {};
  for (const [field, key] of [
    ['corpus.length', 'length'],
    ['corpus.boundaries', 'boundaries'],
    ['corpus.fractions', 'fractions'],
  ] as const) {
    if (!same(target.data[key], data[key])) throw mismatch(field, target.data[key], data[key], dir);
  }
  if (!same(target.data.tokenSha256, data.tokenSha256)) {
    throw new InvalidArgumentError({
      parameter: 'corpus.tokenIds',
      value: `a corpus with SHA-256 ${String(target.data.tokenSha256)}`,
      expected: `the corpus saved with ${dir} (SHA-256 ${String(data.tokenSha256)}): the same text, encoded alike`,
    });
  }
  const training = isPlainObject(saved.trainingConfig) ? saved.trainingConfig : {};
  for (const field of RESUME_FIXED_TRAINING_FIELDS) {
    if (!same(target.trainingConfig[field], training[field])) {
      throw mismatch(`training.${field}`, target.trainingConfig[field], training[field], dir);
    }
  }
  const optimizerName = (config: JsonObject): unknown =>
    isPlainObject(config.optimizer) ? config.optimizer.name : undefined;
  if (!same(optimizerName(target.trainingConfig), optimizerName(training))) {
    throw mismatch(
      'training.optimizer.name',
      optimizerName(target.trainingConfig),
      optimizerName(training),
      dir,
    );
  }
  const warnings: string[] = [];
  if (target.data.corpus !== data.corpus) {
    warnings.push(
      `resuming ${dir} on corpus ${JSON.stringify(target.data.corpus)}, saved as ${JSON.stringify(data.corpus)} ` +
        '(the same tokens: the content hash matches)',
    );
  }
  if (training.backend !== undefined && target.trainingConfig.backend !== training.backend) {
    warnings.push(
      `resuming ${dir} on backend ${JSON.stringify(target.trainingConfig.backend)}, trained so far on ` +
        `${JSON.stringify(training.backend)}: losses will not repeat an uninterrupted run bit for bit`,
    );
  }
  return warnings;
}
