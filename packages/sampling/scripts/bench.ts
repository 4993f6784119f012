// Throughput of createSampler(...).sample on vocab 100 against a plain reference sampler measured in the same run.
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
/** The baseline is about ten times slower: shorter runs (still over 0.2 s each) keep the bench near 30 s. */
const BASELINE_TOKENS_PER_RUN = 40_000;
const WARM_UP_RUNS = 2;
const RUNS = 7;
const GENERATE_TOKENS = 200_000;
const MATCH_DRAWS = 20_000;
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

/** Picks one token id from one row of logits. */
type Sample = (logits: Float32Array) => number;

/** Probabilities of the kept entries (Math.exp, max subtracted, normalised); 0 for the others. */
function referenceSoftmax(logits: number[], keep: boolean[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (keep[i] && logits[i]! > max) max = logits[i]!;
  const weights = logits.map((x, i) => (keep[i] ? Math.exp(x - max) : 0));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

/**
 * The baseline: `config` sampled the obvious way, with nothing reused between calls. Copy the logits dividing
 * by the temperature, sort every index by logit (descending, ties to the lower index) for top-k and top-p,
 * Math.exp softmax over the whole vocabulary, and a linear walk of the CDF in index order with one
 * `nextFloat()` from `createRng(config.seed)`, so its draws can be compared with the sampler's.
 */
function referenceSampler(config: GenerationConfig): Sample {
  const rng = createRng(config.seed);
  return (logits) => {
    const n = logits.length;
    const scaled = Array.from(logits, (x) => x / config.temperature);
    const keep = new Array<boolean>(n).fill(true);
    if (config.topK > 0 || config.topP < 1) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scaled[b]! - scaled[a]! || a - b);
      if (config.topK > 0) for (const i of order.slice(config.topK)) keep[i] = false;
      if (config.topP < 1) {
        const probs = referenceSoftmax(scaled, keep);
        let mass = 0;
        for (const i of order) {
          if (mass >= config.topP) keep[i] = false;
          else if (keep[i]) mass += probs[i]!;
        }
      }
    }
    const probs = referenceSoftmax(scaled, keep);
    const u = rng.nextFloat();
    let cumulative = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      cumulative += probs[i]!;
      last = i;
      if (u < cumulative) return i;
    }
    return last;
  };
}

/** The sampler under test, as a `Sample`. */
function packageSampler(config: GenerationConfig): Sample {
  const sampler = createSampler(config);
  return (logits) => sampler.sample(logits, EMPTY_LOGITS_CONTEXT);
}

/** Tokens/s of `sample` over one run of `tokens` draws, cycling through `rows`. */
function timeRun(sample: Sample, rows: Float32Array[], tokens: number): number {
  let checksum = 0;
  const start = performance.now();
  for (let t = 0; t < tokens; t++) checksum += sample(rows[t % ROWS]!);
  const seconds = (performance.now() - start) / 1000;
  if (checksum < 0) throw new Error('unreachable: token ids are >= 0');
  return tokens / seconds;
}

interface Comparison {
  /** Median tokens/s of `createSampler(config).sample`. */
  readonly tokensPerSec: number;
  /** Median tokens/s of `referenceSampler(config)`. */
  readonly baselineTokensPerSec: number;
  /** Fraction of MATCH_DRAWS draws, from fresh samplers with the same seed, on which the two agree. */
  readonly matchingDraws: number;
}

/**
 * Both samplers for `config` on the same rows and seed: WARM_UP_RUNS untimed runs, then RUNS timed runs
 * (TOKENS_PER_RUN draws for the sampler, BASELINE_TOKENS_PER_RUN for the baseline), alternating the two
 * within each run so that a change of machine load hits both.
 */
function compare(config: GenerationConfig, rows: Float32Array[]): Comparison {
  const sample = packageSampler(config);
  const baseline = referenceSampler(config);
  const rates: number[] = [];
  const baselineRates: number[] = [];
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const rate = timeRun(sample, rows, TOKENS_PER_RUN);
    const baselineRate = timeRun(baseline, rows, BASELINE_TOKENS_PER_RUN);
    if (run >= WARM_UP_RUNS) {
      rates.push(rate);
      baselineRates.push(baselineRate);
    }
  }
  const freshSample = packageSampler(config);
  const freshBaseline = referenceSampler(config);
  let matching = 0;
  for (let t = 0; t < MATCH_DRAWS; t++) {
    const row = rows[t % ROWS]!;
    if (freshSample(row) === freshBaseline(row)) matching++;
  }
  return {
    tokensPerSec: median(rates),
    baselineTokensPerSec: median(baselineRates),
    matchingDraws: matching / MATCH_DRAWS,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
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
  const temperatureMultinomial = compare(createGenerationConfig({ temperature: 0.8, seed: 1 }), rows);
  const topKTopP = compare(createGenerationConfig({ temperature: 1, topK: 40, topP: 0.9, seed: 1 }), rows);
  const temperatureMultinomialTokensPerSec = temperatureMultinomial.tokensPerSec;
  const topKTopPTokensPerSec = topKTopP.tokensPerSec;
  const generateTextTokensPerSecValue = await generateTextTokensPerSec(rows[0]!);
  const result = {
    package: '@charloom/sampling',
    vocabSize: VOCAB_SIZE,
    temperatureMultinomialTokensPerSec: Math.round(temperatureMultinomialTokensPerSec),
    topKTopPTokensPerSec: Math.round(topKTopPTokensPerSec),
    baselineTemperatureMultinomialTokensPerSec: Math.round(temperatureMultinomial.baselineTokensPerSec),
    baselineTopKTopPTokensPerSec: Math.round(topKTopP.baselineTokensPerSec),
    speedupOverBaseline: {
      temperatureMultinomial: round2(
        temperatureMultinomialTokensPerSec / temperatureMultinomial.baselineTokensPerSec,
      ),
      topKTopP: round2(topKTopPTokensPerSec / topKTopP.baselineTokensPerSec),
    },
    baselineMatchingDraws: {
      temperatureMultinomial: temperatureMultinomial.matchingDraws,
      topKTopP: topKTopP.matchingDraws,
    },
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
