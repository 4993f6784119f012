// Throughput of createSampler(...).sample on vocab 100: temperature + multinomial, and top-k + top-p + multinomial.
// Prints one JSON line; leaves out model cost (the generate-loop figure uses a constant-logits fake model).

import {
  createGenerationConfig,
  createRng,
  createSampler,
  EMPTY_LOGITS_CONTEXT,
  type GenerationConfig,
  generateText,
  type NextTokenModel,
} from '../src/index.js';

const VOCAB_SIZE = 100;
const ROWS = 64;
const TOKENS_PER_RUN = 400_000;
const WARM_UP_RUNS = 2;
const RUNS = 7;
const GENERATE_TOKENS = 200_000;
const TARGETS = { temperatureMultinomialTokensPerSec: 1_000_000, topKTopPTokensPerSec: 300_000 };

/** ROWS rows of standard-normal-ish logits (scaled by 2), from a fixed seed. */
function randomLogitRows(): Float32Array[] {
  const rng = createRng(12345);
  const rows: Float32Array[] = [];
  for (let r = 0; r < ROWS; r++) {
    const row = new Float32Array(VOCAB_SIZE);
    for (let i = 0; i < VOCAB_SIZE; i++) {
      const u1 = 1 - rng.nextFloat();
      const u2 = rng.nextFloat();
      row[i] = 2 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    rows.push(row);
  }
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median tokens/s of `sample` over RUNS timed runs, after WARM_UP_RUNS untimed ones. */
function samplerTokensPerSec(config: GenerationConfig, rows: Float32Array[]): number {
  const sampler = createSampler(config);
  let checksum = 0;
  const rates: number[] = [];
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const start = performance.now();
    for (let t = 0; t < TOKENS_PER_RUN; t++) {
      checksum += sampler.sample(rows[t % ROWS]!, EMPTY_LOGITS_CONTEXT);
    }
    const seconds = (performance.now() - start) / 1000;
    if (run >= WARM_UP_RUNS) rates.push(TOKENS_PER_RUN / seconds);
  }
  if (checksum < 0) throw new Error('unreachable: token ids are >= 0');
  return median(rates);
}

/** A synchronous model that returns the same row of logits every step: measures the loop itself. */
function constantModel(row: Float32Array): NextTokenModel<number> {
  return {
    vocabSize: VOCAB_SIZE,
    initialState: () => 0,
    step: (state) => ({ logits: row, state: state + 1 }),
  };
}

async function generateTextTokensPerSec(row: Float32Array): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const start = performance.now();
    let count = 0;
    const pieces = generateText(constantModel(row), {
      promptTokenIds: [0],
      maxLength: GENERATE_TOKENS,
      config: { temperature: 0.8, seed: run },
      decode: (tokenIds) => String.fromCharCode(32 + tokenIds[0]!),
    });
    for await (const piece of pieces) count += piece.length;
    const seconds = (performance.now() - start) / 1000;
    if (run >= WARM_UP_RUNS) rates.push(count / seconds);
  }
  return median(rates);
}

async function main(): Promise<void> {
  const rows = randomLogitRows();
  const temperatureMultinomialTokensPerSec = samplerTokensPerSec(
    createGenerationConfig({ temperature: 0.8, seed: 1 }),
    rows,
  );
  const topKTopPTokensPerSec = samplerTokensPerSec(
    createGenerationConfig({ temperature: 1, topK: 40, topP: 0.9, seed: 1 }),
    rows,
  );
  const generateTextTokensPerSecValue = await generateTextTokensPerSec(rows[0]!);
  const result = {
    package: '@charloom/sampling',
    vocabSize: VOCAB_SIZE,
    temperatureMultinomialTokensPerSec: Math.round(temperatureMultinomialTokensPerSec),
    topKTopPTokensPerSec: Math.round(topKTopPTokensPerSec),
    generateTextLoopTokensPerSec: Math.round(generateTextTokensPerSecValue),
    targets: TARGETS,
    pass:
      temperatureMultinomialTokensPerSec >= TARGETS.temperatureMultinomialTokensPerSec &&
      topKTopPTokensPerSec >= TARGETS.topKTopPTokensPerSec,
    node: process.version,
  };
  console.log(JSON.stringify(result));
}

await main();
