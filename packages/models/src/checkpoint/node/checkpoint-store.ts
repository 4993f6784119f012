// CheckpointStore: a training run's directory with `last/` and `best/` checkpoints and its `metrics.jsonl`.
// Leaves out deciding when a checkpoint is "best" (the training engine compares validation losses).

import { join } from 'node:path';
import type { Checkpoint, CheckpointParts } from '../checkpoint-format.js';
import type { JsonObject } from '../json-value.js';
import { appendMetrics, type MetricsLog, readMetrics } from './metrics-log.js';
import { readCheckpoint } from './read-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

/**
 * The checkpoints of one training run under `rootDir`: `last/` (the latest save, to resume from) and `best/` (the
 * lowest validation loss so far), each written atomically, plus `metrics.jsonl`.
 *
 * @example
 * ```ts
 * const store = new CheckpointStore('runs/moby');
 * await store.saveLast(parts);
 * if (improved) await store.saveBest(parts);
 * const resume = await store.loadLast();
 * ```
 */
export class CheckpointStore {
  readonly rootDir: string;
  /** `<rootDir>/last` */
  readonly lastDir: string;
  /** `<rootDir>/best` */
  readonly bestDir: string;

  /** @param rootDir - the run's directory (created on the first save) */
  constructor(rootDir: string) {
    this.rootDir = rootDir;
    this.lastDir = join(rootDir, 'last');
    this.bestDir = join(rootDir, 'best');
  }

  /** Replaces `last/` atomically (see `writeCheckpoint`). */
  saveLast(parts: CheckpointParts): Promise<void> {
    return writeCheckpoint(this.lastDir, parts);
  }

  /** Replaces `best/` atomically (see `writeCheckpoint`). */
  saveBest(parts: CheckpointParts): Promise<void> {
    return writeCheckpoint(this.bestDir, parts);
  }

  /** Reads `last/`; throws CheckpointError (code `not-found` when there is none). */
  loadLast(): Promise<Checkpoint> {
    return readCheckpoint(this.lastDir);
  }

  /** Reads `best/`; throws CheckpointError (code `not-found` when there is none). */
  loadBest(): Promise<Checkpoint> {
    return readCheckpoint(this.bestDir);
  }

  /** Appends one record to `<rootDir>/metrics.jsonl` (see `appendMetrics`). */
  appendMetrics(record: JsonObject): Promise<void> {
    return appendMetrics(this.rootDir, record);
  }

  /** Reads `<rootDir>/metrics.jsonl`, skipping torn lines and saying so (see `readMetrics`). */
  readMetrics(): Promise<MetricsLog> {
    return readMetrics(this.rootDir);
  }
}
