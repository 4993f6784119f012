// sineWaves: sums of sinusoids with random phases (plus optional Gaussian noise), for a regression RNN.
// Leaves out random frequencies or amplitudes: only the phases and the noise are drawn.

import { createRng } from '@charloom/sampling';
import { InvalidArgumentError } from './errors.js';
import { RNG_STREAMS, standardNormal } from './random.js';
import { checkInteger, checkNumber, checkOptions, checkSeed } from './validate.js';

/** Options of `sineWaves`. */
export interface SineWavesOptions {
  /** Number of sequences (integer >= 1). */
  count: number;
  /** Frequencies in cycles per unit of time (finite, >= 0), at least one. */
  frequencies: readonly number[];
  /** Amplitude of each frequency (finite); default 1 for each. */
  weights?: readonly number[];
  /** Samples per sequence (integer >= 2). */
  steps: number;
  /** Time between samples (finite, > 0); default 1, so frequencies are then in cycles per step. */
  sampleInterval?: number;
  /** Standard deviation of the Gaussian noise added to every sample (finite, >= 0); default 0. */
  noise?: number;
  /** Seed (`createRng(seed, RNG_STREAMS.sineWaves)`). */
  seed: number;
}

/** Generated waves: the samples, the noise-free signal, the phases, and next-value inputs/targets. */
export interface SineWaves {
  readonly count: number;
  readonly steps: number;
  /** [count × steps]: Σ_k weights[k] · sin(2π · frequencies[k] · t · sampleInterval + phase) + noise. */
  readonly values: Float32Array;
  /** [count × steps]: the same without noise. */
  readonly clean: Float32Array;
  /** [count × frequencies.length]: the phases drawn, radians in [0, 2π) (stored as float32). */
  readonly phases: Float32Array;
  /** [count × (steps − 1)]: values[:, 0 … steps − 2], the inputs of next-value prediction. */
  readonly inputs: Float32Array;
  /** [count × (steps − 1)]: values[:, 1 … steps − 1], the value after each input. */
  readonly targets: Float32Array;
}

const TWO_PI = 2 * Math.PI;
/** The float32 just below 2π (float32(2π) itself is above 2π). */
const LARGEST_FLOAT32_BELOW_TWO_PI = 6.2831850051879883;

function numberArray(value: unknown, parameter: string, min: number): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidArgumentError({ parameter, value, expected: 'a non-empty array of numbers' });
  }
  return value.map((item: unknown, i) => checkNumber(item, `${parameter}[${i}]`, min));
}

/**
 * Sums of sinusoids, one sequence per row: sample t of sequence i is
 * Σ_k weights[k] · sin(2π · frequencies[k] · t · sampleInterval + φ[i, k]) + noise · N(0, 1), computed in float64
 * and stored as float32. Frequencies at or above the Nyquist limit (0.5 / sampleInterval) are allowed and alias.
 * Random choices, from `createRng(seed, RNG_STREAMS.sineWaves)`: first every phase, sequence by sequence and one per
 * frequency (φ = 2π · `nextFloat()`), then, when noise > 0, one standard normal per sample (Box-Muller, two
 * `nextFloat()` each) — so a seed gives the same phases and `clean` waves whatever the noise.
 * @throws InvalidArgumentError for counts or steps that are not integers in range, empty or non-finite
 *   frequencies, weights of another length, a sample interval <= 0, negative noise or a bad seed
 */
export function sineWaves(options: SineWavesOptions): SineWaves {
  const record = checkOptions(options, 'options', [
    'count',
    'frequencies',
    'weights',
    'steps',
    'sampleInterval',
    'noise',
    'seed',
  ]);
  const count = checkInteger(record['count'], 'options.count', 1);
  const steps = checkInteger(record['steps'], 'options.steps', 2);
  const frequencies = numberArray(record['frequencies'], 'options.frequencies', 0);
  const weights =
    record['weights'] === undefined
      ? frequencies.map(() => 1)
      : numberArray(record['weights'], 'options.weights', -Infinity);
  if (weights.length !== frequencies.length) {
    throw new InvalidArgumentError({
      parameter: 'options.weights',
      value: record['weights'],
      expected: `an array of ${frequencies.length} numbers (one per frequency)`,
    });
  }
  const sampleInterval =
    record['sampleInterval'] === undefined
      ? 1
      : checkNumber(record['sampleInterval'], 'options.sampleInterval', Number.MIN_VALUE);
  const noise = record['noise'] === undefined ? 0 : checkNumber(record['noise'], 'options.noise', 0);
  const rng = createRng(checkSeed(record['seed'], 'options.seed'), RNG_STREAMS.sineWaves);

  const k = frequencies.length;
  const values = new Float32Array(count * steps);
  const clean = new Float32Array(count * steps);
  // Every phase is drawn before any noise, so the clean waves of a seed do not depend on `noise`.
  const phase = new Float64Array(count * k);
  const phases = new Float32Array(count * k);
  for (let i = 0; i < count * k; i++) {
    phase[i] = TWO_PI * rng.nextFloat();
    // float32 rounding may round a phase just below 2π up to 2π; keep the stored value in [0, 2π).
    phases[i] = Math.fround(phase[i]!) < TWO_PI ? phase[i]! : LARGEST_FLOAT32_BELOW_TWO_PI;
  }
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < steps; t++) {
      let sum = 0;
      for (let f = 0; f < k; f++) {
        sum += weights[f]! * Math.sin(2 * Math.PI * frequencies[f]! * t * sampleInterval + phase[i * k + f]!);
      }
      clean[i * steps + t] = sum;
      values[i * steps + t] = noise > 0 ? sum + noise * standardNormal(rng) : sum;
    }
  }
  const inputs = new Float32Array(count * (steps - 1));
  const targets = new Float32Array(count * (steps - 1));
  for (let i = 0; i < count; i++) {
    inputs.set(values.subarray(i * steps, (i + 1) * steps - 1), i * (steps - 1));
    targets.set(values.subarray(i * steps + 1, (i + 1) * steps), i * (steps - 1));
  }
  return { count, steps, values, clean, phases, inputs, targets };
}
