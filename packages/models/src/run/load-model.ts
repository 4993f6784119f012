// loadCharLanguageModel: a CharLanguageModel and its vocabulary from a checkpoint directory or a run directory.
// Leaves out resuming training (runTraining reads the training state) and fetching checkpoints over HTTP.

import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CharVocab } from '@charloom/tokenizer';
import { CHECKPOINT_FILES, type Checkpoint } from '../checkpoint/checkpoint-format.js';
import { CheckpointError } from '../checkpoint/errors.js';
import { readCheckpoint } from '../checkpoint/node/read-checkpoint.js';
import {
  CharLanguageModel,
  type CharLanguageModelOptions,
  checkCharLanguageModelConfig,
} from '../lm/char-language-model.js';

/** What `loadCharLanguageModel` returns. The caller owns `model` (call `model.dispose()`). */
export interface LoadedCharLanguageModel {
  readonly model: CharLanguageModel;
  readonly vocab: CharVocab;
  /** Everything the checkpoint holds (configs, data split, metrics, weights, training state). */
  readonly checkpoint: Checkpoint;
  /** The checkpoint directory that was read (`<dir>`, `<dir>/best` or `<dir>/last`). */
  readonly dir: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the checkpoint for `dir`, which may be a checkpoint directory (it holds `config.json`) or a run directory
 * (`runTraining`'s `outDir`), where `best/` is read, or `last/` when there is no `best/`. A checkpoint left
 * mid-swap by a crash is read as `readCheckpoint` recovers it. Returns the checkpoint and the directory read.
 *
 * @throws CheckpointError: `not-found` when `dir` holds neither; missing, truncated or corrupted files and
 *   incompatible versions as `readCheckpoint` reports them, naming the file
 */
export async function readModelCheckpoint(dir: string): Promise<{ checkpoint: Checkpoint; dir: string }> {
  if (await exists(join(dir, CHECKPOINT_FILES.config))) return { checkpoint: await readCheckpoint(dir), dir };
  for (const name of ['best', 'last']) {
    const candidate = join(dir, name);
    try {
      return { checkpoint: await readCheckpoint(candidate), dir: candidate };
    } catch (error) {
      if (!(error instanceof CheckpointError && error.code === 'not-found' && error.path === candidate))
        throw error;
    }
  }
  try {
    return { checkpoint: await readCheckpoint(dir), dir };
  } catch (error) {
    if (error instanceof CheckpointError && (error.code === 'not-found' || error.code === 'missing-file')) {
      throw new CheckpointError({
        code: 'not-found',
        path: dir,
        reason: 'no checkpoint: neither config.json nor best/ or last/ with one',
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Loads a `CharLanguageModel` with its weights and vocabulary from `dir`: a checkpoint directory (it holds
 * `config.json`), or a run directory (`runTraining`'s `outDir`), where `best/` is preferred and `last/` is the
 * fallback. `options` go to the model's constructor (e.g. `{ stepper: 'ops' }`).
 *
 * @throws CheckpointError for a missing directory (code `not-found`), a missing, truncated or corrupted file (naming
 *   it, e.g. `checkpoint runs/x/best: weights.bin: truncated: expected 4096 bytes, got 100`), a newer format version,
 *   or weights and a model config that do not fit a `CharLanguageModel` (code `invalid`)
 *
 * @example
 * ```ts
 * const { model, vocab } = await loadCharLanguageModel('runs/moby');
 * for await (const piece of generateText(model, { promptTokenIds: vocab.encodeInt32('The '), decode: (ids) => vocab.decode(ids) })) {
 *   process.stdout.write(piece);
 * }
 * model.dispose();
 * ```
 */
export async function loadCharLanguageModel(
  dir: string,
  options: CharLanguageModelOptions = {},
): Promise<LoadedCharLanguageModel> {
  const { checkpoint, dir: source } = await readModelCheckpoint(dir);
  const invalid = (file: string, error: unknown): CheckpointError =>
    new CheckpointError({
      code: 'invalid',
      path: source,
      file,
      reason: `does not fit a CharLanguageModel: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  try {
    checkCharLanguageModelConfig(checkpoint.modelConfig);
  } catch (error) {
    throw invalid(CHECKPOINT_FILES.config, error);
  }
  const model = new CharLanguageModel(checkpoint.modelConfig, options);
  try {
    model.setWeights(checkpoint.weights);
  } catch (error) {
    model.dispose();
    throw invalid(CHECKPOINT_FILES.weightsManifest, error);
  }
  return { model, vocab: CharVocab.fromJSON(checkpoint.vocab), checkpoint, dir: source };
}
