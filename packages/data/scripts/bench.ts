// Benchmark of @charloom/data: encode throughput on Moby Dick, batches/s of each batcher at 64 × 128 next to
// naive same-run baselines, and peak memory of loading a generated 100 MiB file (fresh processes). One JSON line.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  stringBytesPerChar: number;
  seconds: number;
  peakRssAboveStartMiB: number;
  rssAfterLoadAboveStartMiB: number | null;
  heapUsedPlusArrayBuffersMiB: number;
}

/** Writes Moby Dick repeated to >= 100 MiB, runs each probe mode in a fresh node process, deletes the file. */
function largeFile(text: string): { fileMiB: number; probes: ProbeResult[] } {
  const directory = mkdtempSync(join(tmpdir(), 'charloom-data-bench-'));
  const path = join(directory, 'large.txt');
  try {
    const bytes = new TextEncoder().encode(text);
    const fd = openSync(path, 'w');
    let written = 0;
    while (written < LARGE_FILE_BYTES) written += writeSync(fd, bytes);
    closeSync(fd);
    const probe = join(dirname(fileURLToPath(import.meta.url)), 'large-file-probe.js');
    const probes = ['encode-file', 'read-encode', 'naive'].map(
      (mode) =>
        JSON.parse(execFileSync(process.execPath, [probe, mode, path], { encoding: 'utf8' })) as ProbeResult,
    );
    return { fileMiB: Number((written / MIB).toFixed(1)), probes };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
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
// Items of 96–126 tokens cut from the text; with BOS and EOS each gives 97–127 positions, so batches pad to <= 128.
const items: Int32Array[] = [];
for (let at = 0, i = 0; at + 126 < train.length && items.length < 4096; i++) {
  const length = 96 + ((i * 7919) % 31);
  items.push(train.subarray(at, at + length));
  at += length;
}
const padded = paddedSequences(items, { batchSize: BATCH_SIZE, padId: 0, bosId: 1, eosId: 2, seed: 1 });
const bucketed = paddedSequences(items, {
  batchSize: BATCH_SIZE,
  padId: 0,
  bosId: 1,
  eosId: 2,
  seed: 1,
  bucketing: 8,
});

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

const large = largeFile(moby);
const budgets = large.probes.map((probe) => {
  const chars = probe.tokens;
  // "The text plus ~2 bytes per character": the string as V8 holds it (1 or 2 bytes per char) + 2 bytes per char.
  const budgetMiB = Math.round((chars * (probe.stringBytesPerChar + 2)) / MIB);
  return {
    mode: probe.mode,
    peakMiB: probe.peakRssAboveStartMiB,
    budgetMiB,
    pass: probe.peakRssAboveStartMiB <= budgetMiB,
  };
});

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
    uint8TokensStreamsBatchesPerSec: Math.round(uint8TokensStreamsBatchesPerSec),
    baselines: round(baselines),
    largeFile: { fileMiB: large.fileMiB, probes: large.probes, budgets },
    targets,
    pass:
      encodeTextCharsPerSec >= targets.encodeCharsPerSec &&
      Object.entries(batchesPerSec).every(([, value]) => value >= targets.batchesPerSec) &&
      budgets.filter((budget) => budget.mode !== 'naive').every((budget) => budget.pass),
    node: process.version,
  }),
);
