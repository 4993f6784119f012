import { existsSync } from 'node:fs';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors.js';
import type { CheckpointParts } from '../checkpoint-format.js';
import { encodeCheckpoint, jsonBytes } from '../encode-checkpoint.js';
import { CheckpointError } from '../errors.js';
import { bitsOf, sampleParts } from '../test-support.js';
import { CheckpointStore } from './checkpoint-store.js';
import { recoverDirectory, replaceDirectory, type SwapStep } from './directory-swap.js';
import { appendMetrics, readMetrics } from './metrics-log.js';
import { readCheckpoint } from './read-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'charloom-checkpoint-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readError(dir: string): Promise<CheckpointError> {
  const error = await readCheckpoint(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as Error).message).not.toContain('\n');
  return error as CheckpointError;
}

/** The seed a checkpoint was written with: tells the old checkpoint from the new one. */
async function seedAt(dir: string): Promise<number> {
  return (await readCheckpoint(dir)).modelConfig.seed;
}

/** Runs the real swap with a simulated crash (a throw) right after `step`. */
async function crashAfter(dir: string, parts: CheckpointParts, step: SwapStep): Promise<void> {
  const crash = new Error(`simulated crash after ${step}`);
  const files = encodeCheckpoint(parts);
  await expect(
    replaceDirectory(dir, files, 'config.json', {
      onStep: (reached) => {
        if (reached === step) throw crash;
      },
    }),
  ).rejects.toBe(crash);
}

describe('writeCheckpoint / readCheckpoint', () => {
  it('round-trips every part through a directory, leaving no temp or old siblings', async () => {
    const dir = join(root, 'run', 'last');
    const parts = sampleParts(5);
    await writeCheckpoint(dir, parts);
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'training-state.bin',
      'training-state.json',
      'weights.bin',
      'weights_manifest.json',
    ]);
    expect(await readdir(join(root, 'run'))).toEqual(['last']);
    const checkpoint = await readCheckpoint(dir);
    expect(checkpoint.metrics).toEqual(parts.metrics);
    expect(checkpoint.trainingState?.json).toEqual(parts.trainingState?.json);
    checkpoint.weights.forEach((weight, i) => {
      expect(bitsOf(weight.values)).toEqual(bitsOf(parts.weights[i]!.values));
    });
    expect(new Uint8Array(await readFile(join(dir, 'weights.bin')))).toEqual(
      encodeCheckpoint(parts).get('weights.bin'),
    );
  });

  it('replaces an existing checkpoint', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await writeCheckpoint(dir, sampleParts(2));
    expect(await seedAt(dir)).toBe(2);
    expect(await readdir(root)).toEqual(['last']);
  });

  it('says "no checkpoint at <dir>" for a missing directory (and a missing parent)', async () => {
    for (const dir of [join(root, 'nothing'), join(root, 'no', 'parent')]) {
      const error = await readError(dir);
      expect(error).toMatchObject({ code: 'not-found', path: dir });
      expect(error.message).toBe(`no checkpoint at ${dir}`);
    }
    await writeFile(join(root, 'file'), 'x');
    expect((await readError(join(root, 'file'))).message).toBe(`no checkpoint at ${join(root, 'file')}`);
  });

  it('names a missing file, a truncated file, a corrupted file and a newer version on disk', async () => {
    const dir = join(root, 'last');
    const parts = sampleParts();
    const weightsBytes = encodeCheckpoint(parts).get('weights.bin')!.length;

    await writeCheckpoint(dir, parts);
    await rm(join(dir, 'weights_manifest.json'));
    expect((await readError(dir)).message).toBe(
      `checkpoint ${dir}: weights_manifest.json: missing (config.json lists it)`,
    );

    await writeCheckpoint(dir, parts);
    await truncate(join(dir, 'weights.bin'), 100);
    const truncated = await readError(dir);
    expect(truncated).toMatchObject({ code: 'truncated', file: 'weights.bin', path: dir });
    expect(truncated.message).toBe(
      `checkpoint ${dir}: weights.bin: truncated: expected ${weightsBytes} bytes (as config.json records), got 100`,
    );

    await writeCheckpoint(dir, parts);
    const state = await readFile(join(dir, 'training-state.json'));
    state[state.length - 3] = 0x20;
    await writeFile(join(dir, 'training-state.json'), state);
    expect((await readError(dir)).message).toContain(
      `checkpoint ${dir}: training-state.json: checksum mismatch`,
    );

    await writeCheckpoint(dir, parts);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'config.json'), jsonBytes({ ...config, version: 3 }));
    const newer = await readError(dir);
    expect(newer.code).toBe('incompatible-version');
    expect(newer.message).toContain('format version 3 is newer than this build of @charloom/models reads');
  });

  it('leaves the old checkpoint intact when encoding fails (a weights array of the wrong length)', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    const bad = sampleParts(2);
    const weights = bad.weights.map((weight, i) =>
      i === 1 ? { ...weight, values: new Float32Array(5) } : weight,
    );
    await expect(writeCheckpoint(dir, { ...bad, weights })).rejects.toThrow(InvalidArgumentError);
    expect(await seedAt(dir)).toBe(1);
    expect(await readdir(root)).toEqual(['last']);
  });

  it('leaves the old checkpoint intact and removes the temp directory when writing a file fails', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    const files = new Map([...encodeCheckpoint(sampleParts(2)), ['no-such-subdir/file', new Uint8Array(1)]]);
    await expect(replaceDirectory(dir, files, 'config.json')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await seedAt(dir)).toBe(1);
    expect(await readdir(root)).toEqual(['last']);
  });

  it('wraps file-system failures in CheckpointError (code io)', async () => {
    await writeFile(join(root, 'blocker'), 'a file where a directory should be');
    const error = await writeCheckpoint(join(root, 'blocker', 'last'), sampleParts()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe('io');
    expect((error as Error).message).toContain(
      `checkpoint ${join(root, 'blocker', 'last')}: could not be written:`,
    );
  });
});

describe('crash safety of the directory swap', () => {
  it('a crash after the temp directory is written but before the swap keeps the old checkpoint', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await crashAfter(dir, sampleParts(2), 'temp-written');
    expect((await readdir(root)).filter((name) => name.startsWith('last.tmp-'))).toHaveLength(1);
    expect(await seedAt(dir)).toBe(1);
    await writeCheckpoint(dir, sampleParts(3));
    expect(await seedAt(dir)).toBe(3);
    expect(await readdir(root)).toEqual(['last']);
  });

  it('a crash between the two renames: readCheckpoint reads the old checkpoint, the next write renames it back', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await crashAfter(dir, sampleParts(2), 'old-moved-aside');
    const left = (await readdir(root)).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toMatch(/^last\.old-[0-9a-f]{12}$/);
    expect(left[1]).toMatch(/^last\.tmp-[0-9a-f]{12}$/);
    expect(existsSync(dir)).toBe(false);
    expect(await seedAt(dir)).toBe(1);
    expect((await readdir(root)).sort()).toEqual(left);
    expect(await recoverDirectory(dir)).toBe(true);
    expect(await seedAt(dir)).toBe(1);
    expect(await recoverDirectory(dir)).toBe(false);
  });

  it('a crash between the two renames: the next write recovers first, then replaces', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await crashAfter(dir, sampleParts(2), 'old-moved-aside');
    await writeCheckpoint(dir, sampleParts(3));
    expect(await seedAt(dir)).toBe(3);
    expect(await readdir(root)).toEqual(['last']);
  });

  it('a crash after the new directory is in place (old not yet removed) reads the new one', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await crashAfter(dir, sampleParts(2), 'new-in-place');
    expect(await seedAt(dir)).toBe(2);
    await writeCheckpoint(dir, sampleParts(3));
    expect(await readdir(root)).toEqual(['last']);
  });

  it('a first save that crashes before its rename leaves no checkpoint, and says so', async () => {
    const dir = join(root, 'last');
    await crashAfter(dir, sampleParts(1), 'temp-written');
    expect((await readError(dir)).code).toBe('not-found');
  });

  it('refuses to guess between several interrupted saves', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(1));
    await rename(dir, `${dir}.old-aaaaaaaaaaaa`);
    await mkdir(`${dir}.old-bbbbbbbbbbbb`);
    expect(await recoverDirectory(dir).catch((error: unknown) => (error as Error).message)).toContain(
      'several interrupted saves left',
    );
    expect((await readError(dir)).code).toBe('invalid');
  });
});

describe('readers racing a writer', () => {
  it('every read during a series of swaps returns a complete checkpoint, old or new', async () => {
    const dir = join(root, 'last');
    await writeCheckpoint(dir, sampleParts(0));
    let writing = true;
    const seen: number[] = [];
    const reader = async () => {
      while (writing) seen.push(await seedAt(dir));
    };
    const writer = async () => {
      for (let seed = 1; seed <= 8; seed++) await writeCheckpoint(dir, sampleParts(seed));
      writing = false;
    };
    await Promise.all([writer(), reader(), reader()]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((seed) => seed >= 0 && seed <= 8)).toBe(true);
    expect(await seedAt(dir)).toBe(8);
    expect(await readdir(root)).toEqual(['last']);
  });
});

describe('CheckpointStore', () => {
  it('keeps last/ and best/ apart', async () => {
    const store = new CheckpointStore(join(root, 'run'));
    await expect(store.loadLast()).rejects.toMatchObject({ code: 'not-found' });
    await store.saveLast(sampleParts(1));
    await store.saveBest(sampleParts(2));
    await store.saveLast(sampleParts(3));
    expect((await store.loadLast()).modelConfig.seed).toBe(3);
    expect((await store.loadBest()).modelConfig.seed).toBe(2);
    await store.appendMetrics({ step: 1, trainLoss: 1.5 });
    expect((await store.readMetrics()).records).toEqual([{ step: 1, trainLoss: 1.5 }]);
    expect((await readdir(join(root, 'run'))).sort()).toEqual(['best', 'last', 'metrics.jsonl']);
  });
});

describe('metrics.jsonl', () => {
  it('appends one line per record and reads them back in order', async () => {
    const records = [
      { step: 10, elapsed: 1.5, trainLoss: 2.5, valLoss: null, charsPerSec: 5000, learningRate: 0.002 },
      { step: 20, elapsed: 3, trainLoss: 2.1, valLoss: 2.2, charsPerSec: 5100, learningRate: 0.002 },
    ];
    for (const record of records) await appendMetrics(join(root, 'run'), record);
    expect(await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).toBe(
      records.map((record) => `${JSON.stringify(record)}\n`).join(''),
    );
    expect(await readMetrics(join(root, 'run'))).toEqual({ records, skipped: [], warnings: [] });
  });

  it('skips a torn last line and says so; a later append starts on a fresh line', async () => {
    await appendMetrics(root, { step: 1 });
    await appendMetrics(root, { step: 2 });
    await appendFile(join(root, 'metrics.jsonl'), '{"step":3,"trainLo');
    const torn = await readMetrics(root);
    expect(torn.records).toEqual([{ step: 1 }, { step: 2 }]);
    expect(torn.skipped).toEqual([
      {
        lineNumber: 3,
        text: '{"step":3,"trainLo',
        reason: 'not valid JSON (no final newline: a write cut short)',
      },
    ]);
    expect(torn.warnings).toEqual([
      `${join(root, 'metrics.jsonl')} line 3 skipped: not valid JSON (no final newline: a write cut short)`,
    ]);
    await appendMetrics(root, { step: 4 });
    const after = await readMetrics(root);
    expect(after.records).toEqual([{ step: 1 }, { step: 2 }, { step: 4 }]);
    expect(after.skipped).toEqual([{ lineNumber: 3, text: '{"step":3,"trainLo', reason: 'not valid JSON' }]);
  });

  it('reads a missing log as empty and rejects records that are not JSON objects', async () => {
    expect(await readMetrics(join(root, 'none'))).toEqual({ records: [], skipped: [], warnings: [] });
    await expect(appendMetrics(root, { loss: Number.POSITIVE_INFINITY })).rejects.toThrow(
      'record.loss must be a finite number (JSON has no NaN or Infinity), got Infinity',
    );
    await expect(appendMetrics(root, [1] as never)).rejects.toThrow(InvalidArgumentError);
    expect(existsSync(join(root, 'metrics.jsonl'))).toBe(false);
  });
});
