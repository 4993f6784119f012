// CheckpointError: a checkpoint is missing, truncated, corrupted, of an incompatible version, or cannot be written.
// Leaves out bad arguments to encodeCheckpoint (those are InvalidArgumentError from ../errors.ts).

import { ModelsError } from '../errors.js';

/** What kind of problem a {@link CheckpointError} reports, for callers that branch on it. */
export type CheckpointErrorCode =
  /** No checkpoint directory (and nothing to recover) at `path`. */
  | 'not-found'
  /** A file listed in `config.json` (or `config.json` itself) is absent. */
  | 'missing-file'
  /** A file is shorter than `config.json` records, or `weights.bin` is shorter than its manifest describes. */
  | 'truncated'
  /** A file's length or SHA-256 differs from what `config.json` records (other than being shorter). */
  | 'corrupted'
  /** The format version is newer than this build reads. */
  | 'incompatible-version'
  /** A file parses but a field is wrong (format name, model config, manifest entry, ...). */
  | 'invalid'
  /** The file system refused a read or write. */
  | 'io';

/** What a {@link CheckpointError} is built from. */
export interface CheckpointErrorDetails {
  readonly code: CheckpointErrorCode;
  /** What is wrong, as one line that names the bad value (`expected 4096 bytes, got 100`). */
  readonly reason: string;
  /** The checkpoint directory, when the checkpoint came from one. */
  readonly path?: string | undefined;
  /** The file inside the checkpoint the problem is in (`weights.bin`), if any. */
  readonly file?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A checkpoint could not be read or written. The message is one line: `no checkpoint at <dir>` for a missing
 * directory, otherwise `checkpoint <dir>: <file>: <reason>` (the parts that are known).
 *
 * @example
 * ```ts
 * try { await readCheckpoint('runs/moby/last'); }
 * catch (error) { if (error instanceof CheckpointError && error.code === 'not-found') startFresh(); else throw error; }
 * ```
 */
export class CheckpointError extends ModelsError {
  readonly code: CheckpointErrorCode;
  readonly reason: string;
  readonly path: string | undefined;
  readonly file: string | undefined;
  /** @param details - `code`, `reason`, and the `path`/`file` it concerns */
  constructor(details: CheckpointErrorDetails) {
    super(checkpointErrorMessage(details), { cause: details.cause });
    this.name = 'CheckpointError';
    this.code = details.code;
    this.reason = details.reason;
    this.path = details.path;
    this.file = details.file;
  }
}

function checkpointErrorMessage({ code, reason, path, file }: CheckpointErrorDetails): string {
  if (code === 'not-found' && path !== undefined && file === undefined) return `no checkpoint at ${path}`;
  const where = [path === undefined ? 'checkpoint' : `checkpoint ${path}`, file].filter(
    (part): part is string => part !== undefined,
  );
  return `${where.join(': ')}: ${reason}`;
}
