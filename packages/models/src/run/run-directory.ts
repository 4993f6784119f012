// The run directory's housekeeping: refusing to start over a saved run, clearing it, trimming metrics.jsonl.
// Leaves out the checkpoints' own atomic writes and recovery (src/checkpoint/node).

import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findCommittedDirectory, OLD_MARK, TEMP_MARK } from '../checkpoint/node/directory-swap.js';
import { METRICS_FILE, readMetrics } from '../checkpoint/node/metrics-log.js';
import { InvalidArgumentError } from '../errors.js';

const CHECKPOINT_DIRS = ['last', 'best'];

/** Entries of `outDir` that belong to a previous run: `last`, `best` (and their swap siblings), `metrics.jsonl`. */
async function previousRunEntries(outDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter(
    (name) =>
      name === METRICS_FILE ||
      CHECKPOINT_DIRS.some(
        (dir) => name === dir || name.startsWith(dir + OLD_MARK) || name.startsWith(dir + TEMP_MARK),
      ),
  );
}

/**
 * Makes `outDir` ready for a fresh run. When it holds a checkpoint (`last/` or `best/`, also one left mid-swap by a
 * crash): throws `InvalidArgumentError` naming `outDir`, unless `overwrite`, which deletes the previous run's
 * `last/`, `best/` and `metrics.jsonl` (other files stay). A stray `metrics.jsonl` alone is deleted either way.
 */
export async function prepareFreshRun(outDir: string, overwrite: boolean): Promise<void> {
  if (!overwrite) {
    for (const dir of CHECKPOINT_DIRS) {
      const found = await findCommittedDirectory(join(outDir, dir));
      if (found !== undefined) {
        throw new InvalidArgumentError({
          parameter: 'outDir',
          value: outDir,
          expected:
            `a directory without a checkpoint (it holds ${found}): resume it (resume: true, \`--resume\`), ` +
            'choose another directory, or pass overwrite: true to start over',
        });
      }
    }
  }
  for (const name of await previousRunEntries(outDir)) {
    await rm(join(outDir, name), { recursive: true, force: true });
  }
}

/**
 * Drops the records of `<outDir>/metrics.jsonl` whose `step` is above `step` (written after the checkpoint a run
 * resumes from, by a run that crashed or diverged later; the resumed run writes them again) and lines a crash tore.
 * Rewrites the file atomically only when something is dropped; returns the number of lines dropped.
 */
export async function trimMetrics(outDir: string, step: number): Promise<number> {
  const { records, skipped } = await readMetrics(outDir);
  const kept = records.filter((record) => !(typeof record.step === 'number' && record.step > step));
  const dropped = records.length - kept.length + skipped.length;
  if (dropped === 0) return 0;
  const file = join(outDir, METRICS_FILE);
  const temp = `${file}${TEMP_MARK}${Date.now().toString(16)}`;
  await writeFile(temp, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
  await rename(temp, file);
  return dropped;
}
