// writeCheckpoint: encodes a checkpoint and puts it in a directory atomically (temp sibling, fsync, renames).
// Leaves out the format itself (../encode-checkpoint.ts) and which checkpoints to keep (checkpoint-store.ts).

import { CHECKPOINT_FILES, type CheckpointParts } from '../checkpoint-format.js';
import { encodeCheckpoint } from '../encode-checkpoint.js';
import { CheckpointError } from '../errors.js';
import { replaceDirectory } from './directory-swap.js';

/**
 * Writes a checkpoint to directory `dir`, replacing any checkpoint there, so that a crash at any moment leaves
 * either the old complete checkpoint or the new complete one (see `replaceDirectory` for the rename sequence;
 * `readCheckpoint` finishes a swap interrupted between its two renames). Everything is encoded and checked before
 * the disk is touched, so a bad part never disturbs the checkpoint already there. `config.json` is written last.
 *
 * @throws InvalidArgumentError for a bad part (nothing written); CheckpointError (code `io`) when the file system fails
 *
 * @example
 * ```ts
 * await writeCheckpoint('runs/moby/last', { modelConfig, vocab: vocab.toJSON(), weights, trainingState });
 * ```
 */
export async function writeCheckpoint(dir: string, parts: CheckpointParts): Promise<void> {
  const files = encodeCheckpoint(parts);
  try {
    await replaceDirectory(dir, files, CHECKPOINT_FILES.config);
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CheckpointError({
      code: 'io',
      path: dir,
      reason: `could not be written: ${message}`,
      cause: error,
    });
  }
}
