import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidLogitsError } from './errors.js';
import { createGenerationConfig, type GenerationConfig } from './generation-config.js';
import {
  composeProcessors,
  EMPTY_LOGITS_CONTEXT,
  type LogitsContext,
  type LogitsProcessor,
} from './logits-processor.js';
import { greedy, sampleMultinomial } from './pick.js';
import { repetitionPenalty } from './repetition-penalty.js';
import { createRng, type SeededRng } from './rng.js';
import { createSampler } from './sampler.js';
import { logSoftmax } from './softmax.js';
import { temperature } from './temperature.js';
import { topK } from './top-k.js';
import { topP } from './top-p.js';

function randomRows(rng: SeededRng, rows: number, vocabSize: number): Float32Array[] {
  return Array.from({ length: rows }, () =>
    Float32Array.from({ length: vocabSize }, () => (rng.nextFloat() - 0.5) * 8),
  );
}

/** The documented pipeline, spelled out with the public processors and sampleMultinomial on a copy. */
function manualPipeline(config: GenerationConfig): (logits: Float32Array, context: LogitsContext) => number {
  const rng = createRng(config.seed);
  const processors: LogitsProcessor[] = [
    repetitionPenalty(config.repetitionPenalty, config.repetitionWindow),
  ];
  if (config.temperature > 0) {
    processors.push(temperature(config.temperature));
    if (config.topK > 0) processors.push(topK(config.topK));
    processors.push(topP(config.topP));
  }
  const chain = composeProcessors(processors);
  return (logits, context) => {
    const copy = chain(logits.slice(), context);
    return config.temperature === 0 ? greedy(copy) : sampleMultinomial(copy, rng);
  };
}

describe('createSampler', () => {
  const rows = randomRows(createRng(42), 50, 64);
  const history = (i: number): LogitsContext => ({ recentTokenIds: [i % 64, (i * 7) % 64, (i * 13) % 64] });

  it('never modifies the caller’s logits', () => {
    const sampler = createSampler(
      createGenerationConfig({ temperature: 0.7, topK: 10, topP: 0.8, repetitionPenalty: 1.5 }),
    );
    for (const [i, row] of rows.entries()) {
      const before = row.slice();
      sampler.sample(row, history(i));
      expect(row).toEqual(before);
    }
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const run = (seed: number): number[] => {
      const sampler = createSampler(createGenerationConfig({ temperature: 0.9, topK: 20, seed }));
      return rows.map((row) => sampler.sample(row, EMPTY_LOGITS_CONTEXT));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it.each([
    { temperature: 1, topK: 40, topP: 0.9 },
    { temperature: 0.6, topK: 0, topP: 0.75, repetitionPenalty: 2 },
    { temperature: 1.3, topK: 5, topP: 0.5, repetitionPenalty: 1.2, repetitionWindow: 2 },
    { temperature: 0, topK: 3, topP: 0.5, repetitionPenalty: 3 },
  ])('draws exactly what processors + sampleMultinomial draw when top-p is on (%j)', (overrides) => {
    const config = createGenerationConfig({ ...overrides, seed: 77 });
    const sampler = createSampler(config);
    const manual = manualPipeline(config);
    for (let pass = 0; pass < 20; pass++) {
      for (const [i, row] of rows.entries()) {
        expect(sampler.sample(row, history(i))).toBe(manual(row, history(i)));
      }
    }
  });

  it('with top-p off folds the temperature into the draw: same draws up to float rounding', () => {
    const config = createGenerationConfig({ temperature: 0.8, topK: 12, repetitionPenalty: 1.4, seed: 3 });
    const sampler = createSampler(config);
    const manual = manualPipeline(config);
    let differences = 0;
    let draws = 0;
    for (let pass = 0; pass < 100; pass++) {
      for (const [i, row] of rows.entries()) {
        if (sampler.sample(row, history(i)) !== manual(row, history(i))) differences++;
        draws++;
      }
    }
    expect(differences / draws).toBeLessThan(0.001);
  });

  it('temperature -> 0 (1e-4) equals greedy when the largest logit is unique by a margin', () => {
    for (const overrides of [{}, { topP: 0.9 }, { topK: 5 }]) {
      const sampler = createSampler(createGenerationConfig({ ...overrides, temperature: 1e-4, seed: 8 }));
      let checked = 0;
      for (const row of randomRows(createRng(9), 300, 50)) {
        const sorted = Array.from(row).sort((a, b) => b - a);
        if (sorted[0]! - sorted[1]! < 0.01) continue;
        expect(sampler.sample(row, EMPTY_LOGITS_CONTEXT)).toBe(greedy(row));
        checked++;
      }
      expect(checked).toBeGreaterThan(200);
    }
  });

  describe('tiny temperatures equal greedy decoding', () => {
    const probes: readonly (readonly number[])[] = [
      [5, 4.9, 1, -3],
      [-1.2, -0.35, -2.5, -4],
      Array.from(logSoftmax(new Float32Array([5, 4.9, 1, -3]))),
      [3e38, 2.9e38, -3e38, 1],
    ];
    const temperatures = [5e-324, 1e-40, 1e-38, 1e-20, 1e-4];
    const configs = [{}, { topP: 0.9 }, { topK: 2 }, { topK: 2, topP: 0.9 }, { topK: 3, topP: 0.5 }];

    it.each(temperatures)('t = %s, with and without top-k / top-p, on positive and negative rows', (t) => {
      for (const overrides of configs) {
        const sampler = createSampler(createGenerationConfig({ ...overrides, temperature: t, seed: 11 }));
        const manual = manualPipeline(createGenerationConfig({ ...overrides, temperature: t, seed: 11 }));
        for (const probe of probes) {
          const row = Float32Array.from(probe);
          const expected = greedy(row);
          for (let draw = 0; draw < 100; draw++) {
            expect(sampler.sample(row, EMPTY_LOGITS_CONTEXT)).toBe(expected);
            expect(manual(row, EMPTY_LOGITS_CONTEXT)).toBe(expected);
          }
        }
      }
    });

    it.each(temperatures)('t = %s after a repetition penalty equals temperature 0', (t) => {
      // The penalty on token 0 moves the argmax of [5, 4.9, 1, -3] to 1 (5 - ln 1.5 < 4.9).
      const context: LogitsContext = { recentTokenIds: [0] };
      const penalisedGreedy = createSampler(
        createGenerationConfig({ temperature: 0, repetitionPenalty: 1.5 }),
      );
      expect(penalisedGreedy.sample(new Float32Array([5, 4.9, 1, -3]), context)).toBe(1);
      for (const overrides of configs) {
        const config = { ...overrides, repetitionPenalty: 1.5, seed: 4 };
        const sampler = createSampler(createGenerationConfig({ ...config, temperature: t }));
        const greedySampler = createSampler(createGenerationConfig({ ...config, temperature: 0 }));
        for (const probe of probes) {
          const row = Float32Array.from(probe);
          const expected = greedySampler.sample(row, context);
          for (let draw = 0; draw < 50; draw++) expect(sampler.sample(row, context)).toBe(expected);
        }
      }
    });
  });

  it('temperature 0 is greedy, uses no randomness, and still applies the repetition penalty', () => {
    let calls = 0;
    const countingRng = {
      nextFloat: () => {
        calls++;
        return 0.5;
      },
      nextUint32: () => 0,
    };
    const logits = new Float32Array([1, 3, 2.9, 0]);
    const plain = createSampler(createGenerationConfig({ temperature: 0, topK: 2 }), countingRng);
    expect(plain.sample(logits, { recentTokenIds: [1] })).toBe(1);
    const penalised = createSampler(
      createGenerationConfig({ temperature: 0, repetitionPenalty: 2 }),
      countingRng,
    );
    expect(penalised.sample(logits, { recentTokenIds: [1] })).toBe(2);
    expect(calls).toBe(0);
  });

  it('handles changing vocabulary sizes with one sampler', () => {
    const sampler = createSampler(createGenerationConfig({ topK: 2, topP: 0.9, repetitionPenalty: 1.1 }));
    for (const n of [3, 10, 3, 1]) {
      const id = sampler.sample(new Float32Array(n).fill(1), { recentTokenIds: [0] });
      expect(id).toBeGreaterThanOrEqual(0);
      expect(id).toBeLessThan(n);
    }
  });

  it('validates config, rng and logits with typed errors', () => {
    expect(() => createSampler({ ...createGenerationConfig(), topK: -1 })).toThrow(
      'topK must be an integer >= 0 (0 = off), got -1',
    );
    expect(() => createSampler(createGenerationConfig(), {} as never)).toThrow(InvalidArgumentError);
    const sampler = createSampler(createGenerationConfig());
    expect(() => sampler.sample([0, 1] as never, EMPTY_LOGITS_CONTEXT)).toThrow(
      /^logits must be a Float32Array/,
    );
    expect(() => sampler.sample(new Float32Array([Number.NaN]), EMPTY_LOGITS_CONTEXT)).toThrow(
      InvalidLogitsError,
    );
  });
});
