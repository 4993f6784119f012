// Benchmark of @charloom/data: encode throughput on Moby Dick, batches/s of each batcher at 64 × 128 next to
// naive same-run baselines, and peak memory of loading two generated 100 MiB files (fresh processes). One JSON line.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@charloom/sampling';
import { CharVocab } from '@charloom/tokenizer';
import {
  contiguousStreams,
  encodeText,
  paddedSequences,
  randomWindows,
  readingHeads,
  splitContiguous,
} from '../src/index.js';
import { loadCorpus } from '../src/node/index.js';

const BATCH_SIZE = 64;
const SEQUENCE_LENGTH = 128;
const BATCHES = 2000;
/** The naive baseline is ~200x slower; fewer batches keep the bench short. */
const NAIVE_BATCHES = 100;
const RUNS = 5;
const ENCODE_RUNS = 7;
const LARGE_FILE_BYTES = 100 * 2 ** 20;
const MIB = 2 ** 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median rate over RUNS runs (after one warm-up) of `count` calls of `step`, in calls per second. */
function rate(count: number, runs: number, step: () => unknown): number {
  const rates: number[] = [];
  let sink = 0;
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    for (let i = 0; i < count; i++) if (step() !== undefined) sink++;
    const seconds = (performance.now() - started) / 1000;
    if (run > 0) rates.push(count / seconds);
  }
  if (sink < 0) throw new Error('unreachable');
  return median(rates);
}

/** The textbook batcher: nested JS arrays of numbers, copied with Array.from, flattened at the end for a tensor. */
function naiveStreams(tokens: Int32Array, batchSize: number, time: number): () => Int32Array[] {
  const streamLength = Math.floor((tokens.length - 1) / batchSize);
  const batches = Math.floor(streamLength / time);
  let k = 0;
  return () => {
    const inputs: number[][] = [];
    const targets: number[][] = [];
    for (let row = 0; row < batchSize; row++) {
      const start = row * streamLength + k * time;
      inputs.push(Array.from(tokens.subarray(start, start + time)));
      targets.push(Array.from(tokens.subarray(start + 1, start + 1 + time)));
    }
    k = (k + 1) % batches;
    return [Int32Array.from(inputs.flat()), Int32Array.from(targets.flat())];
  };
}

/** The same copies as contiguousStreams into two arrays allocated once: the floor for fresh-array batching. */
function reusedBufferStreams(tokens: Int32Array, batchSize: number, time: number): () => Int32Array {
  const streamLength = Math.floor((tokens.length - 1) / batchSize);
  const batches = Math.floor(streamLength / time);
  const inputs = new Int32Array(batchSize * time);
  const targets = new Int32Array(batchSize * time);
  let k = 0;
  return () => {
    for (let row = 0; row < batchSize; row++) {
      const start = row * streamLength + k * time;
      inputs.set(tokens.subarray(start, start + time), row * time);
      targets.set(tokens.subarray(start + 1, start + 1 + time), row * time);
    }
    k = (k + 1) % batches;
    return inputs;
  };
}

interface ProbeResult {
  mode: string;
  chars: number;
  tokens: number;
  idType: string;
  seconds: number;
  peakRssAboveStartMiB: number;
  sampledPeakRssAboveStartMiB: number;
  rssAfterLoadAboveStartMiB: number | null;
  sampledPeakHeapPlusArrayBuffersAboveStartMiB: number;
  samples: number;
}

/**
 * About 400 K characters of synthetic Russian- and Chinese-looking text: lines of 8–19 words, each 2–8 Cyrillic
 * letters or 1–3 CJK ideographs out of 2,000 (so the vocabulary needs Uint16 ids), ending in `.` or `。`.
 * UTF-8 takes 2 bytes per Cyrillic letter and 3 per ideograph; V8 holds it as a two-byte string.
 */
function nonLatinBlock(): string {
  const rng = createRng(2024);
  const below = (n: number): number => Math.floor(rng.nextFloat() * n);
  const lines: string[] = [];
  let length = 0;
  while (length < 400_000) {
    const words: string[] = [];
    const count = 8 + below(12);
    for (let w = 0; w < count; w++) {
      let word = '';
      if (rng.nextFloat() < 0.5) {
        const letters = 2 + below(7);
        for (let i = 0; i < letters; i++) word += String.fromCharCode(0x430 + below(32));
      } else {
        const ideographs = 1 + below(3);
        for (let i = 0; i < ideographs; i++) word += String.fromCharCode(0x4e00 + below(2000));
      }
      words.push(word);
    }
    const line = `${words.join(' ')}${rng.nextFloat() < 0.5 ? '。' : '.'}`;
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

interface LargeFile {
  name: string;
  fileMiB: number;
  /** UTF-16 code units of the file's text: the block's length times its repeats (no BOM, no CR). */
  chars: number;
  /** The memory budget: the file's bytes + 2 bytes per UTF-16 code unit of its text. */
  budgetMiB: number;
  probes: ProbeResult[];
}

/** Writes `block` repeated to >= 100 MiB, runs each probe mode in a fresh node process, deletes the file. */
function largeFile(name: string, block: string, modes: readonly string[]): LargeFile {
  const directory = mkdtempSync(join(tmpdir(), 'charloom-data-bench-'));
  const path = join(directory, `${name}.txt`);
  try {
    const bytes = new TextEncoder().encode(block);
    const fd = openSync(path, 'w');
    let written = 0;
    let repeats = 0;
    for (; written < LARGE_FILE_BYTES; repeats++) written += writeSync(fd, bytes);
    closeSync(fd);
    const chars = repeats * block.length;
    const probe = join(dirname(fileURLToPath(import.meta.url)), 'large-file-probe.js');
    const probes = modes.map(
      (mode) =>
        JSON.parse(
          execFileSync(process.execPath, ['--expose-gc', probe, mode, path], { encoding: 'utf8' }),
        ) as ProbeResult,
    );
    return {
      name,
      fileMiB: Number((written / MIB).toFixed(1)),
      chars,
      budgetMiB: Math.round((written + 2 * chars) / MIB),
      probes,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Mean `sequenceLength` of the next 200 batches (the padded width of each batch). */
function meanSequenceLength(batcher: { nextBatch(): { sequenceLength: number } }): number {
  let sum = 0;
  for (let i = 0; i < 200; i++) sum += batcher.nextBatch().sequenceLength;
  return Number((sum / 200).toFixed(1));
}

const moby = loadCorpus('moby-dick').text;
const vocab = CharVocab.fromText(moby);
const encodeTextCharsPerSec = moby.length * rate(1, ENCODE_RUNS, () => encodeText(vocab, moby));
const encodeInt32CharsPerSec = moby.length * rate(1, ENCODE_RUNS, () => vocab.encodeInt32(moby));

const ids = vocab.encodeInt32(moby);
const { train } = splitContiguous(ids);
const sizes = { batchSize: BATCH_SIZE, sequenceLength: SEQUENCE_LENGTH };
const streams = contiguousStreams(train, sizes);
const heads = readingHeads(train, { ...sizes, seed: 1 });
const windows = randomWindows(train, { ...sizes, seed: 1 });
// Items of 97–127 tokens cut from the text; with BOS and EOS each gives 98–128 (input, target) positions, so a
// batch of 64 is 64 × 128 unless none of its rows is a longest item (paddedSequenceLength reports the mean width).
const items: Int32Array[] = [];
for (let at = 0, i = 0; at + 127 < train.length && items.length < 4096; i++) {
  const length = 97 + ((i * 7919) % 31);
  items.push(train.subarray(at, at + length));
  at += length;
}
const paddedOptions = { batchSize: BATCH_SIZE, padId: 0, bosId: 1, eosId: 2, seed: 1 };
const padded = paddedSequences(items, paddedOptions);
const bucketed = paddedSequences(items, { ...paddedOptions, bucketing: 8 });
const paddedSequenceLength = {
  paddedSequences: meanSequenceLength(paddedSequences(items, paddedOptions)),
  paddedSequencesBucketed: meanSequenceLength(paddedSequences(items, { ...paddedOptions, bucketing: 8 })),
};

const batchesPerSec = {
  contiguousStreams: rate(BATCHES, RUNS, () => streams.nextBatch()),
  readingHeads: rate(BATCHES, RUNS, () => heads.nextBatch()),
  randomWindows: rate(BATCHES, RUNS, () => windows.nextBatch()),
  paddedSequences: rate(BATCHES, RUNS, () => padded.nextBatch()),
  paddedSequencesBucketed: rate(BATCHES, RUNS, () => bucketed.nextBatch()),
};
const contiguousStreamsUint8 = contiguousStreams(encodeText(vocab, moby), sizes);
const uint8TokensStreamsBatchesPerSec = rate(BATCHES, RUNS, () => contiguousStreamsUint8.nextBatch());
const baselines = {
  naiveNestedArraysBatchesPerSec: rate(NAIVE_BATCHES, RUNS, naiveStreams(train, BATCH_SIZE, SEQUENCE_LENGTH)),
  reusedBuffersBatchesPerSec: rate(BATCHES, RUNS, reusedBufferStreams(train, BATCH_SIZE, SEQUENCE_LENGTH)),
};

const largeFiles = [
  largeFile('latin', moby, ['encode-file', 'read-encode', 'naive']),
  largeFile('cyrillic-cjk', nonLatinBlock(), ['encode-file', 'read-encode']),
];
// The budget: the file's bytes + 2 bytes per character (UTF-16 unit) of its text. encodeTextFile must stay within
// it (peak RSS above the start); readTextFile holds the bytes and the string together and is only reported.
const budgets = largeFiles.flatMap((file) =>
  file.probes.map((probe) => ({
    file: file.name,
    mode: probe.mode,
    peakRssMiB: probe.peakRssAboveStartMiB,
    sampledPeakHeapPlusArrayBuffersMiB: probe.sampledPeakHeapPlusArrayBuffersAboveStartMiB,
    budgetMiB: file.budgetMiB,
    peakRssBytesPerChar: Number(((probe.peakRssAboveStartMiB * MIB) / file.chars).toFixed(2)),
    pass: probe.peakRssAboveStartMiB <= file.budgetMiB,
  })),
);

const targets = { encodeCharsPerSec: 20_000_000, batchesPerSec: 2000 };
const round = (values: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value)]));
console.log(
  JSON.stringify({
    package: '@charloom/data',
    corpus: 'moby-dick',
    chars: moby.length,
    batchSize: BATCH_SIZE,
    sequenceLength: SEQUENCE_LENGTH,
    encodeTextCharsPerSec: Math.round(encodeTextCharsPerSec),
    encodeInt32CharsPerSec: Math.round(encodeInt32CharsPerSec),
    batchesPerSec: round(batchesPerSec),
    paddedSequenceLength,
    uint8TokensStreamsBatchesPerSec: Math.round(uint8TokensStreamsBatchesPerSec),
    baselines: round(baselines),
    largeFiles: largeFiles.map(({ name, fileMiB, chars, budgetMiB }) => ({
      name,
      fileMiB,
      chars,
      budgetMiB,
    })),
    probes: largeFiles.flatMap((file) => file.probes.map((probe) => ({ file: file.name, ...probe }))),
    budgets,
    targets,
    pass:
      encodeTextCharsPerSec >= targets.encodeCharsPerSec &&
      Object.entries(batchesPerSec).every(([, value]) => value >= targets.batchesPerSec) &&
      budgets.filter((budget) => budget.mode === 'encode-file').every((budget) => budget.pass),
    node: process.version,
  }),
);
