import { generate } from '@charloom/sampling';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { InvalidArgumentError } from '../errors.js';
import type { CellType } from '../recurrent/cell-spec.js';
import { CharLanguageModel, type CharLanguageModelConfig } from './char-language-model.js';
import type { CharLanguageModelState } from './lm-state.js';

const BACKENDS = ['cpu', 'wasm'] as const;
const CELLS: CellType[] = ['lstm', 'gru', 'rnn'];
const [VOCAB, HIDDEN, BATCH, TIME] = [7, 5, 2, 4];

const models: CharLanguageModel[] = [];
function tinyModel(
  config: Partial<CharLanguageModelConfig> = {},
  stepper?: 'auto' | 'ops',
): CharLanguageModel {
  const model = new CharLanguageModel(
    { cell: 'lstm', vocabSize: VOCAB, hiddenSize: HIDDEN, numLayers: 2, seed: 3, ...config },
    stepper ? { stepper } : {},
  );
  models.push(model);
  return model;
}
afterAll(() => {
  for (const model of models) model.dispose();
});

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs((a[k] as number) - (b[k] as number)));
  return worst;
}

const ids = Int32Array.from({ length: BATCH * TIME }, (_, k) => (k * 5 + 1) % VOCAB); // [batch, time]

describe.each(BACKENDS)('CharLanguageModel on %s', (backend) => {
  it('is set up', async () => {
    await initBackend(backend);
    expect(tf.getBackend()).toBe(backend);
  });

  for (const cell of CELLS) {
    for (const embeddingSize of [0, 4]) {
      it(`${cell}, ${embeddingSize ? 'embedding' : 'one-hot'}: step by step equals the full sequence (1e-5)`, async () => {
        const model = tinyModel({ cell, embeddingSize });
        // Non-trivial biases, so that the input table and the fused bias paths are exercised.
        model.setWeights(
          model.getWeights().map((w) => ({
            ...w,
            values: w.name.endsWith('bias') ? w.values.map((_, k) => 0.1 * Math.sin(k + 1)) : w.values,
          })),
        );
        const full = await model.logits(ids, { batchSize: BATCH, sequenceLength: TIME });
        let state: CharLanguageModelState = model.initialState(BATCH);
        for (let t = 0; t < TIME; t++) {
          const tokens = Int32Array.from({ length: BATCH }, (_, b) => ids[b * TIME + t] as number);
          const out = await model.step(state, tokens);
          for (let b = 0; b < BATCH; b++) {
            const expected = full.logits.subarray((b * TIME + t) * VOCAB, (b * TIME + t + 1) * VOCAB);
            expect(maxAbsDiff(out.logits.subarray(b * VOCAB, (b + 1) * VOCAB), expected)).toBeLessThan(1e-5);
          }
          state = out.state;
        }
        state.layers.forEach((arrays, l) => {
          arrays.forEach((values, k) => {
            expect(maxAbsDiff(values, full.state.layers[l]?.[k] as Float32Array)).toBeLessThan(1e-5);
          });
        });
        // Continuing from a carried state equals continuing the full sequence.
        const more = await model.logits(ids, { batchSize: BATCH, sequenceLength: TIME, state });
        const out = await model.step(state, Int32Array.from([ids[0] as number, ids[TIME] as number]));
        expect(maxAbsDiff(out.logits.subarray(0, VOCAB), more.logits.subarray(0, VOCAB))).toBeLessThan(1e-5);
      });
    }
  }

  it('never writes into the state it is given (an old state can be stepped again)', async () => {
    const model = tinyModel();
    const start = model.initialState(1);
    const a = await model.step(start, Int32Array.of(2));
    const b = await model.step(a.state, Int32Array.of(3));
    const again = await model.step(a.state, Int32Array.of(3));
    expect(start.layers[0]?.[0]?.every((v) => v === 0)).toBe(true);
    expect(Array.from(again.logits)).toEqual(Array.from(b.logits));
  });

  it('generate() is deterministic with a seed and row r does not depend on the batch size', async () => {
    const model = tinyModel({ cell: 'gru' });
    const run = async (batchSize: number): Promise<number[][]> => {
      const rows: number[][] = Array.from({ length: batchSize }, () => []);
      for await (const step of generate(model, {
        promptTokenIds: [1, 2],
        config: { temperature: 1, seed: 11 },
        batchSize,
        maxLength: 30,
      })) {
        step.tokenIds.forEach((id, r) => {
          rows[r]?.push(id);
        });
      }
      return rows;
    };
    const [single] = await run(1);
    const [again] = await run(1);
    const batched = await run(3);
    expect(again).toEqual(single);
    expect(batched[0]).toEqual(single);
    expect(batched[1]).not.toEqual(single);
  });

  it('keeps tf.memory().numTensors flat over 200 generation steps and repeated logits calls', async () => {
    const model = tinyModel();
    for await (const _ of generate(model, {
      promptTokenIds: [1],
      config: { seed: 1 },
      batchSize: 2,
      maxLength: 5,
    })) {
      // warm-up
    }
    await model.logits(ids, { batchSize: BATCH, sequenceLength: TIME });
    const before = tf.memory().numTensors;
    let count = 0;
    for await (const _ of generate(model, {
      promptTokenIds: [1],
      config: { seed: 2 },
      batchSize: 2,
      maxLength: 200,
    })) {
      count++;
    }
    for (let k = 0; k < 5; k++) await model.logits(ids, { batchSize: BATCH, sequenceLength: TIME });
    expect(count).toBe(200);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the 'ops' stepper gives the same logits as the default one", async () => {
    const fast = tinyModel({ cell: 'lstm', embeddingSize: 3 });
    const ops = tinyModel({ cell: 'lstm', embeddingSize: 3 }, 'ops');
    ops.setWeights(fast.getWeights());
    let [s1, s2] = [fast.initialState(BATCH), ops.initialState(BATCH)];
    for (let t = 0; t < 3; t++) {
      const tokens = Int32Array.of(t, 6 - t);
      const [a, b] = [await fast.step(s1, tokens), await ops.step(s2, tokens)];
      expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
      [s1, s2] = [a.state, b.state];
    }
  });

  it('honours a state edited in place between steps (e.g. one row reset), like the ops stepper', async () => {
    for (const cell of ['lstm', 'gru', 'rnn'] as const) {
      const fast = tinyModel({ cell });
      const ops = tinyModel({ cell }, 'ops');
      ops.setWeights(fast.getWeights());
      let [s1, s2] = [fast.initialState(BATCH), ops.initialState(BATCH)];
      for (let t = 0; t < 2; t++) {
        const tokens = Int32Array.of(t + 1, 5 - t);
        [s1, s2] = [(await fast.step(s1, tokens)).state, (await ops.step(s2, tokens)).state];
      }
      for (const state of [s1, s2]) for (const array of state.layers[0] ?? []) array.fill(0);
      const [a, b] = [await fast.step(s1, Int32Array.of(2, 3)), await ops.step(s2, Int32Array.of(2, 3))];
      expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
      fast.dispose();
      ops.dispose();
    }
  });
});

describe('CharLanguageModel: backends agree', () => {
  it('full-sequence one-hot logits on wasm equal those on cpu (tf.oneHot float32 is broken on wasm 4.22)', async () => {
    const results: Float32Array[] = [];
    for (const backend of BACKENDS) {
      await initBackend(backend);
      const model = tinyModel({ cell: 'rnn', seed: 9 });
      results.push((await model.logits(ids, { batchSize: BATCH, sequenceLength: TIME })).logits);
    }
    expect(maxAbsDiff(results[0] as Float32Array, results[1] as Float32Array)).toBeLessThan(1e-5);
  });
});

describe('CharLanguageModel: a periodic pattern', () => {
  it('continues "abcabc" exactly when sampled greedily after a short training on it', async () => {
    await initBackend('cpu');
    const model = tinyModel({ cell: 'lstm', vocabSize: 3, hiddenSize: 8, numLayers: 1, seed: 5 });
    const time = 12;
    const input = Int32Array.from({ length: time }, (_, t) => t % 3); // a b c a b c ...
    const optimizer = tf.train.adam(0.05);
    const targets = tf.oneHot(
      tf.tensor1d(
        Int32Array.from(input, (id) => (id + 1) % 3),
        'int32',
      ),
      3,
    ); // [time, 3]
    const idsT = tf.tensor2d(input, [time, 1], 'int32'); // [time, batch 1]
    let loss = Number.NaN;
    for (let k = 0; k < 150; k++) {
      const cost = optimizer.minimize(
        () => {
          const { logits } = model.network.apply(idsT);
          return tf.losses.softmaxCrossEntropy(targets, tf.reshape(logits, [time, 3])) as tf.Scalar;
        },
        true,
        model.network.variables,
      );
      loss = (cost as tf.Scalar).dataSync()[0] as number;
      cost?.dispose();
    }
    tf.dispose([targets, idsT]);
    optimizer.dispose();
    expect(loss).toBeLessThan(0.05);
    const drawn: number[] = [];
    for await (const step of generate(model, {
      promptTokenIds: [0, 1],
      config: { temperature: 0 },
      maxLength: 30,
    })) {
      drawn.push(step.tokenIds[0] as number);
    }
    expect(drawn.map((id) => 'abc'[id]).join('')).toBe('cab'.repeat(10));
  });
});

describe('CharLanguageModel: validation', () => {
  it('rejects bad configs with a typed error naming the field and the value', () => {
    const base = { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 1 } as const;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, cell: 'lstmx' }, 'cell'],
      [{ ...base, vocabSize: 0 }, 'vocabSize'],
      [{ ...base, hiddenSize: 2.5 }, 'hiddenSize'],
      [{ ...base, numLayers: 0 }, 'numLayers'],
      [{ ...base, embeddingSize: -1 }, 'embeddingSize'],
      [{ ...base, dropout: 1 }, 'dropout'],
      [{ ...base, seed: 'x' }, 'seed'],
      [{ ...base, hidenSize: 4 }, 'config.hidenSize'],
    ];
    for (const [config, parameter] of cases) {
      let error: unknown;
      try {
        new CharLanguageModel(config as unknown as CharLanguageModelConfig);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
      expect((error as InvalidArgumentError).message).toContain(parameter);
    }
    expect(() => new CharLanguageModel({ ...base, seed: 1 }, { stepper: 'fast' as 'ops' })).toThrow(
      /options.stepper must be 'auto' or 'ops', got "fast"/,
    );
  });

  it('rejects bad token ids, states and weights with typed errors', async () => {
    const model = tinyModel({ numLayers: 1 });
    const state = model.initialState(2);
    await expect(model.step(state, Int32Array.of(1, 7))).rejects.toThrow(
      /tokenIds\[1\] must be a token id in \[0, 7\), got 7/,
    );
    await expect(model.step(state, Int32Array.of(1))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(model.step(state, [1, 2] as unknown as Int32Array)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(model.step({ batchSize: 2, layers: [] }, Int32Array.of(1, 2))).rejects.toThrow(
      /state.layers/,
    );
    await expect(
      model.logits(Int32Array.of(1, 2, 3), { batchSize: 2, sequenceLength: 2 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => model.initialState(0)).toThrow(/batchSize must be an integer >= 1, got 0/);
    const weights = model.getWeights();
    expect(weights.map((w) => w.name)).toEqual([
      'layer0/kernel',
      'layer0/recurrentKernel',
      'layer0/bias',
      'output/kernel',
      'output/bias',
    ]);
    expect(model.parameterCount).toBe(7 * 20 + 5 * 20 + 20 + 5 * 7 + 7);
    const wrong = weights.map((w) => (w.name === 'layer0/bias' ? { ...w, shape: [19] } : w));
    expect(() => model.setWeights(wrong)).toThrow(/layer0\/bias.shape must be \[20\], got \[19\]/);
    expect(() => model.setWeights(weights.slice(1))).toThrow(/to include layer0\/kernel/);
  });

  it('round-trips weights through getWeights/setWeights', async () => {
    await initBackend('cpu');
    const a = tinyModel({ cell: 'gru', embeddingSize: 3, seed: 1 });
    const b = tinyModel({ cell: 'gru', embeddingSize: 3, seed: 2 });
    expect(a.getWeights()[0]?.name).toBe('embedding/table');
    b.setWeights(a.getWeights());
    const [la, lb] = [
      await a.logits(ids, { batchSize: BATCH, sequenceLength: TIME }),
      await b.logits(ids, { batchSize: BATCH, sequenceLength: TIME }),
    ];
    expect(Array.from(lb.logits)).toEqual(Array.from(la.logits));
  });
});
