// sineWaves: values are the documented sum of sinusoids at the drawn phases, noise has the requested spread,
// inputs/targets are the next-value pairs, and seeds reproduce the waves.

import { describe, expect, it } from 'vitest';
import { sineWaves } from './sine-waves.js';

describe('sineWaves', () => {
  const options = {
    count: 20,
    frequencies: [0.5, 2],
    weights: [1, 0.25],
    steps: 50,
    sampleInterval: 0.05,
    seed: 3,
  };

  it('computes each sample from the formula and the phases it reports', () => {
    const waves = sineWaves(options);
    expect([waves.values.length, waves.phases.length, waves.inputs.length]).toEqual([1000, 40, 980]);
    for (let i = 0; i < 20; i++) {
      const [p0, p1] = [waves.phases[i * 2]!, waves.phases[i * 2 + 1]!];
      for (let t = 0; t < 50; t++) {
        const time = t * 0.05;
        const expected =
          Math.sin(2 * Math.PI * 0.5 * time + p0) + 0.25 * Math.sin(2 * Math.PI * 2 * time + p1);
        expect(waves.values[i * 50 + t]).toBeCloseTo(expected, 5);
      }
    }
    expect(waves.clean).toEqual(waves.values);
  });

  it('pairs each input with the next value of its own sequence', () => {
    const waves = sineWaves(options);
    for (let i = 0; i < 20; i++) {
      for (let t = 0; t < 49; t++) {
        expect(waves.inputs[i * 49 + t]).toBe(waves.values[i * 50 + t]);
        expect(waves.targets[i * 49 + t]).toBe(waves.values[i * 50 + t + 1]);
      }
    }
  });

  it('draws the same phases, so the same clean wave, with and without noise', () => {
    const quiet = sineWaves(options);
    const noisy = sineWaves({ ...options, noise: 0.3 });
    expect(noisy.phases).toEqual(quiet.phases);
    expect(noisy.clean).toEqual(quiet.clean);
    expect(noisy.values).not.toEqual(quiet.values);
  });

  it('draws every phase in [0, 2π)', () => {
    const { phases } = sineWaves({ ...options, count: 5000 });
    for (const phase of phases) {
      if (!(phase >= 0 && phase < 2 * Math.PI)) throw new Error(`phase ${phase} outside [0, 2π)`);
    }
  });

  it('adds Gaussian noise of the requested standard deviation', () => {
    const waves = sineWaves({ ...options, count: 200, noise: 0.1 });
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < waves.values.length; i++) {
      const difference = waves.values[i]! - waves.clean[i]!;
      sum += difference;
      squares += difference * difference;
    }
    const n = waves.values.length;
    expect(Math.abs(sum / n)).toBeLessThan(0.005);
    expect(Math.sqrt(squares / n)).toBeCloseTo(0.1, 2);
  });

  it('is reproducible for a seed and rejects bad options, naming the value', () => {
    expect(sineWaves(options).values).toEqual(sineWaves(options).values);
    expect(sineWaves(options).phases).not.toEqual(sineWaves({ ...options, seed: 4 }).phases);
    expect(() => sineWaves({ ...options, weights: [1] })).toThrow(
      'options.weights must be an array of 2 numbers',
    );
    expect(() => sineWaves({ ...options, frequencies: [1, Number.NaN] })).toThrow(
      'options.frequencies[1] must be a finite number >= 0, got NaN',
    );
    expect(() => sineWaves({ ...options, steps: 1 })).toThrow('options.steps must be an integer >= 2, got 1');
    expect(() => sineWaves({ ...options, sampleInterval: 0 })).toThrow('options.sampleInterval');
  });
});
