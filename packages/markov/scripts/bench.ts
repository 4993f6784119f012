// Benchmark of @charloom/markov on Moby Dick: order-6 build time, memory and generation speed, next to a naive
// Map-of-Maps implementation (top order only) measured in the same run. Prints one JSON line.

import { MarkovModel, sampleMarkov } from '../src/index.js';
import { readMobyDick, splitMobyDick } from './moby-dick.js';

const ORDER = 6;
const GENERATE_CHARS = 300_000;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, (performance.now() - started) / 1000];
}

/** The textbook generator: a Map from each context string to a Map of next-character counts. */
function naiveBuild(text: string, order: number): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (let i = order; i < text.length; i++) {
    const context = text.slice(i - order, i);
    let counts = table.get(context);
    if (counts === undefined) {
      counts = new Map();
      table.set(context, counts);
    }
    const next = text[i]!;
    counts.set(next, (counts.get(next) ?? 0) + 1);
  }
  return table;
}

function naiveGenerate(table: Map<string, Map<string, number>>, prime: string, length: number): string {
  let state = 0x9e3779b9;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const out: string[] = [];
  let context = prime;
  for (let i = 0; i < length; i++) {
    const counts = table.get(context);
    if (counts === undefined) break;
    let total = 0;
    for (const count of counts.values()) total += count;
    let r = random() * total;
    for (const [char, count] of counts) {
      r -= count;
      if (r < 0) {
        out.push(char);
        context = context.slice(1) + char;
        break;
      }
    }
  }
  return prime + out.join('');
}

const text = readMobyDick();
const corpus = splitMobyDick(text);
const ids = corpus.vocab.encodeInt32(text);

const buildTimes: number[] = [];
let model: MarkovModel | undefined;
for (let run = 0; run < RUNS; run++) {
  const [built, seconds] = time(() => MarkovModel.fromTokenIds(ids, { order: ORDER, vocab: corpus.vocab }));
  buildTimes.push(seconds);
  model = built;
}
const generateTimes: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const sample = await sampleMarkov(model!, { length: GENERATE_CHARS, seed: run, prime: 'Call m' });
  generateTimes.push((performance.now() - started) / 1000);
  if (sample.text.length !== GENERATE_CHARS) throw new Error('sample ended early');
}

/**
 * Bytes the JS heap and array buffers grew by while `run`'s result is alive (needs --expose-gc). V8 frees
 * array buffers lazily, so it collects, waits and collects again before reading.
 */
async function retainedBytes<T>(run: () => T): Promise<[T, number]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the bench with node --expose-gc');
  const settle = async () => {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 500));
    gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const before = await settle();
  const result = run();
  return [result, (await settle()) - before];
}

const [, modelRetained] = await retainedBytes(() =>
  MarkovModel.fromTokenIds(ids, { order: ORDER, vocab: corpus.vocab }),
);
const [, naiveRetained] = await retainedBytes(() => naiveBuild(text, ORDER));

const naiveBuildTimes: number[] = [];
let naive: Map<string, Map<string, number>> | undefined;
for (let run = 0; run < RUNS; run++) {
  const [table, seconds] = time(() => naiveBuild(text, ORDER));
  naiveBuildTimes.push(seconds);
  naive = table;
}
const naiveGenerateTimes: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const [, seconds] = time(() => naiveGenerate(naive!, 'Call m', GENERATE_CHARS));
  naiveGenerateTimes.push(seconds);
}

const buildOrder6Seconds = median(buildTimes);
const generateCharsPerSec = GENERATE_CHARS / median(generateTimes);
const targets = { buildOrder6SecondsMax: 2, generateCharsPerSecMin: 300_000 };
console.log(
  JSON.stringify({
    package: '@charloom/markov',
    corpus: 'moby-dick',
    chars: ids.length,
    order: ORDER,
    contexts: model!.size.contexts,
    entries: model!.size.entries,
    modelMiB: Number((model!.size.bytes / 2 ** 20).toFixed(1)),
    modelRetainedMiB: Number((modelRetained / 2 ** 20).toFixed(1)),
    buildOrder6Seconds: Number(buildOrder6Seconds.toFixed(3)),
    generateCharsPerSec: Math.round(generateCharsPerSec),
    baselineNaiveMapBuildSeconds: Number(median(naiveBuildTimes).toFixed(3)),
    baselineNaiveMapRetainedMiB: Number((naiveRetained / 2 ** 20).toFixed(1)),
    baselineNaiveMapGenerateCharsPerSec: Math.round(GENERATE_CHARS / median(naiveGenerateTimes)),
    targets,
    pass:
      buildOrder6Seconds < targets.buildOrder6SecondsMax &&
      generateCharsPerSec >= targets.generateCharsPerSecMin,
    node: process.version,
  }),
);
