// metrics.jsonl: one JSON object per line, appended as training goes; a reader that skips a line a crash cut short.
// Leaves out what a record contains (the training engine decides: step, elapsed, losses, chars/s, learning rate).

import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../errors.js';
import { checkJsonObject, isPlainObject, type JsonObject } from '../json-value.js';

/** File name of the metrics log inside a run's root directory. */
export const METRICS_FILE = 'metrics.jsonl';

/** A line of `metrics.jsonl` that {@link readMetrics} skipped. */
export interface SkippedMetricsLine {
  /** 1-based line number. */
  readonly lineNumber: number;
  readonly text: string;
  readonly reason: string;
}

/** What {@link readMetrics} returns. */
export interface MetricsLog {
  readonly records: JsonObject[];
  readonly skipped: SkippedMetricsLine[];
  /** One line per skipped line, ready to print: `metrics.jsonl line 7 skipped: ...`. */
  readonly warnings: string[];
}

/**
 * Appends `record` as one line of JSON to `<rootDir>/metrics.jsonl` (creating both if needed), with one write call.
 * If the file does not end with a newline (a previous write was cut short by a crash), a newline is written first
 * so the torn line stays on a line of its own. Lines are not fsynced: a crash may lose the last few.
 *
 * @throws InvalidArgumentError when `record` is not a plain object of JSON data
 */
export async function appendMetrics(rootDir: string, record: JsonObject): Promise<void> {
  const checked = checkJsonObject(record, 'record', (field, value, expected) => {
    throw new InvalidArgumentError({ parameter: field, value, expected });
  });
  await mkdir(rootDir, { recursive: true });
  const handle = await open(join(rootDir, METRICS_FILE), 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = new Uint8Array(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(`${prefix}${JSON.stringify(checked)}\n`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads `<rootDir>/metrics.jsonl`: every line that is a JSON object, in order. Lines that are not (a line torn by a
 * crash, typically the last) are skipped and reported in `skipped` and `warnings`. A missing file reads as empty.
 */
export async function readMetrics(rootDir: string): Promise<MetricsLog> {
  let text: string;
  try {
    text = await readFile(join(rootDir, METRICS_FILE), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { records: [], skipped: [], warnings: [] };
    throw error;
  }
  const lines = text.split('\n');
  const records: JsonObject[] = [];
  const skipped: SkippedMetricsLine[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const torn = index === lines.length - 1 ? ' (no final newline: a write cut short)' : '';
    try {
      const value = JSON.parse(line) as unknown;
      if (isPlainObject(value)) records.push(value as JsonObject);
      else skipped.push({ lineNumber: index + 1, text: line, reason: `not a JSON object${torn}` });
    } catch {
      skipped.push({ lineNumber: index + 1, text: line, reason: `not valid JSON${torn}` });
    }
  });
  const warnings = skipped.map(
    ({ lineNumber, reason }) => `${join(rootDir, METRICS_FILE)} line ${lineNumber} skipped: ${reason}`,
  );
  return { records, skipped, warnings };
}
