// readCheckpoint: reads and checks a checkpoint directory, also while a writer replaces it or after a crash did.
// Leaves out the format's checks themselves (../decode-checkpoint.ts) and changing anything on disk.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint } from '../checkpoint-format.js';
import { decodeCheckpoint } from '../decode-checkpoint.js';
import { CheckpointError, type CheckpointErrorCode } from '../errors.js';
import { findCommittedDirectory } from './directory-swap.js';

/** Errors a read can get from racing a writer's swap (files of two checkpoints mixed, a directory renamed away). */
const RACE_CODES: readonly CheckpointErrorCode[] = ['not-found', 'missing-file', 'truncated', 'corrupted'];
const ATTEMPTS = 3;

function errorCode(error: unknown): string | undefined {
  return (error as { code?: unknown } | null)?.code as string | undefined;
}

function ioError(dir: string, file: string | undefined, error: unknown): CheckpointError {
  const message = error instanceof Error ? error.message : String(error);
  return new CheckpointError({
    code: 'io',
    path: dir,
    file,
    reason: `could not be read: ${message}`,
    cause: error,
  });
}

/**
 * Reads the checkpoint in directory `dir` and checks it completely (see `decodeCheckpoint`). If a save was
 * interrupted between its two renames (`dir` is missing, `<dir>.old-*` holds the previous checkpoint), reads that
 * one; the next `writeCheckpoint` renames it back. Nothing on disk is changed. A read that races a writer's swap
 * (files of two checkpoints, caught by their checksums) is retried, up to 3 attempts in all.
 *
 * @throws CheckpointError: `no checkpoint at <dir>` (code `not-found`); a missing, truncated or corrupted file, an
 *   incompatible version or a bad field, each naming the file and the values involved
 *
 * @example
 * ```ts
 * const { modelConfig, vocab, weights, trainingState } = await readCheckpoint('runs/moby/last');
 * ```
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(dir);
    } catch (error) {
      if (attempt >= ATTEMPTS || !(error instanceof CheckpointError) || !RACE_CODES.includes(error.code))
        throw error;
    }
  }
}

async function readOnce(dir: string): Promise<Checkpoint> {
  let source: string | undefined;
  try {
    source = await findCommittedDirectory(dir);
  } catch (error) {
    throw error instanceof CheckpointError ? error : ioError(dir, undefined, error);
  }
  if (source === undefined)
    throw new CheckpointError({ code: 'not-found', path: dir, reason: 'no such directory' });
  return decodeCheckpoint(
    async (name) => {
      try {
        return await readFile(join(source, name));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return undefined;
        throw ioError(source, name, error);
      }
    },
    { path: source },
  );
}
