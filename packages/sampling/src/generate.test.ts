import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ModelOutputError } from './errors.js';
import {
  type GeneratedStep,
  type GenerateOptions,
  generate,
  generateText,
  type NextTokenModel,
  STOPPED_TOKEN_ID,
} from './generate.js';
import { createRng } from './rng.js';

interface FakeState {
  readonly lastTokenIds: Int32Array;
  readonly steps: number;
}

interface FakeModel extends NextTokenModel<FakeState> {
  readonly stepInputs: number[][];
  initialStateCalls: number[];
}

/** A bigram table model: row r's next-token logits depend only on row r's last token. */
function fakeModel(vocabSize: number, options: { async?: boolean; table?: Float32Array[] } = {}): FakeModel {
  const rng = createRng(1234);
  const table =
    options.table ??
    Array.from({ length: vocabSize }, () =>
      Float32Array.from({ length: vocabSize }, () => (rng.nextFloat() - 0.5) * 4),
    );
  const stepInputs: number[][] = [];
  const initialStateCalls: number[] = [];
  return {
    vocabSize,
    stepInputs,
    initialStateCalls,
    initialState(batchSize) {
      initialStateCalls.push(batchSize);
      return { lastTokenIds: new Int32Array(batchSize).fill(-1), steps: 0 };
    },
    step(state, tokenIds) {
      stepInputs.push(Array.from(tokenIds));
      const logits = new Float32Array(tokenIds.length * vocabSize);
      tokenIds.forEach((id, r) => {
        logits.set(table[id]!, r * vocabSize);
      });
      const output = { logits, state: { lastTokenIds: tokenIds.slice(), steps: state.steps + 1 } };
      return options.async ? Promise.resolve(output) : output;
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** tokenIds per row: rows[r][i] is row r's token at index i. */
async function rowsOf(model: NextTokenModel<FakeState>, options: GenerateOptions): Promise<number[][]> {
  const steps = await collect(generate(model, options));
  const batchSize = options.batchSize ?? 1;
  return Array.from({ length: batchSize }, (_, r) => steps.map((step) => step.tokenIds[r]!));
}

describe('generate', () => {
  const base = { promptTokenIds: [1, 2, 3], config: { seed: 11, maxLength: 30 } };

  it('is deterministic for a seed and changes with the seed', async () => {
    const a = await rowsOf(fakeModel(12), base);
    const b = await rowsOf(fakeModel(12), base);
    const c = await rowsOf(fakeModel(12), { ...base, config: { seed: 12, maxLength: 30 } });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a[0]).toHaveLength(30);
  });

  it('gives row r the same tokens whatever the batch size', async () => {
    const one = await rowsOf(fakeModel(12), base);
    const three = await rowsOf(fakeModel(12), { ...base, batchSize: 3 });
    const five = await rowsOf(fakeModel(12), { ...base, batchSize: 5 });
    expect(three[0]).toEqual(one[0]);
    expect(five.slice(0, 3)).toEqual(three);
    expect(new Set(five.map((row) => row.join(','))).size).toBe(5);
  });

  it('warms the state with one step per prompt token, then one per new token but the last', async () => {
    const model = fakeModel(12);
    const steps = await collect(generate(model, { ...base, batchSize: 2, maxLength: 4 }));
    expect(model.initialStateCalls).toEqual([2]);
    expect(model.stepInputs.slice(0, 3)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(model.stepInputs).toHaveLength(3 + 4 - 1);
    steps.slice(0, -1).forEach((step, i) => {
      expect(model.stepInputs[3 + i]).toEqual(Array.from(step.tokenIds));
    });
    expect(steps.map((step) => step.index)).toEqual([0, 1, 2, 3]);
    expect(steps.map((step) => step.state.steps)).toEqual([3, 4, 5, 6]);
  });

  it('runs a synchronous model without awaiting: the prompt is consumed inside the first next()', () => {
    const model = fakeModel(12);
    const iterator = generate(model, base)[Symbol.asyncIterator]();
    void iterator.next();
    expect(model.stepInputs).toHaveLength(3);
    void iterator.next();
    expect(model.stepInputs).toHaveLength(4);
  });

  it('gives the same tokens with an asynchronous model', async () => {
    const sync = await rowsOf(fakeModel(12), { ...base, batchSize: 2 });
    const asyncRows = await rowsOf(fakeModel(12, { async: true }), { ...base, batchSize: 2 });
    expect(asyncRows).toEqual(sync);
  });

  it('serialises overlapping next() calls on an asynchronous model', async () => {
    const model = fakeModel(12, { async: true });
    const iterator = generate(model, { ...base, maxLength: 5 })[Symbol.asyncIterator]();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((result) => (result.done ? -1 : result.value.index))).toEqual([0, 1, 2]);
    expect(model.stepInputs).toHaveLength(3 + 2);
  });

  it('maxLength in the options overrides config.maxLength', async () => {
    const rows = await rowsOf(fakeModel(12), { ...base, maxLength: 7 });
    expect(rows[0]).toHaveLength(7);
    const defaults = await rowsOf(fakeModel(12), { promptTokenIds: [0] });
    expect(defaults[0]).toHaveLength(200);
  });

  it('stops a row at a stop token: the stop id once, then STOPPED_TOKEN_ID; ends when every row stopped', async () => {
    // Token 0 always leads to token 1 or 2 with equal odds; tokens 1 and 2 lead to 0.
    const NEG = Number.NEGATIVE_INFINITY;
    const table = [
      new Float32Array([NEG, 0, 0]),
      new Float32Array([0, NEG, NEG]),
      new Float32Array([0, NEG, NEG]),
    ];
    const model = fakeModel(3, { table });
    const steps = await collect(
      generate(model, {
        promptTokenIds: [0],
        batchSize: 4,
        maxLength: 50,
        stopTokenIds: [2],
        config: { seed: 5 },
      }),
    );
    const rows = [0, 1, 2, 3].map((r) => steps.map((step) => step.tokenIds[r]!));
    for (const row of rows) {
      const stopAt = row.indexOf(2);
      expect(stopAt).toBeGreaterThanOrEqual(0);
      expect(row.slice(stopAt + 1).every((id) => id === STOPPED_TOKEN_ID)).toBe(true);
      expect(row.slice(0, stopAt).includes(STOPPED_TOKEN_ID)).toBe(false);
    }
    const lastStop = Math.max(...rows.map((row) => row.indexOf(2)));
    expect(steps).toHaveLength(lastStop + 1);
    // stopped rows are fed their stop token again
    for (const input of model.stepInputs.slice(1)) expect(input.includes(STOPPED_TOKEN_ID)).toBe(false);
  });

  it('accepts stopTokenIds as any array-like: an Int32Array stops rows exactly like an array', async () => {
    const NEG = Number.NEGATIVE_INFINITY;
    const table = [
      new Float32Array([NEG, 0, 0, 0]),
      new Float32Array([0, NEG, NEG, NEG]),
      new Float32Array([0, NEG, NEG, NEG]),
      new Float32Array([0, NEG, NEG, NEG]),
    ];
    const run = (stopTokenIds: ArrayLike<number>): Promise<number[][]> =>
      rowsOf(fakeModel(4, { table }), {
        promptTokenIds: Int32Array.of(0),
        batchSize: 3,
        maxLength: 40,
        stopTokenIds,
        config: { seed: 9 },
      });
    const fromTypedArray = await run(Int32Array.of(3, 2));
    expect(fromTypedArray).toEqual(await run([3, 2]));
    for (const row of fromTypedArray) {
      const stopAt = row.findIndex((id) => id === 2 || id === 3);
      expect(stopAt).toBeGreaterThanOrEqual(0);
      expect(row.slice(stopAt + 1).every((id) => id === STOPPED_TOKEN_ID)).toBe(true);
    }
    // An empty list stops nothing: every row runs to maxLength.
    const unstopped = await run(new Int32Array(0));
    for (const row of unstopped) expect(row.filter((id) => id !== STOPPED_TOKEN_ID)).toHaveLength(40);
  });

  it('stops cleanly when the signal is aborted, before any further step', async () => {
    const controller = new AbortController();
    const model = fakeModel(12);
    const seen: GeneratedStep<FakeState>[] = [];
    for await (const step of generate(model, { ...base, signal: controller.signal })) {
      seen.push(step);
      if (step.index === 2) controller.abort();
    }
    expect(seen).toHaveLength(3);
    expect(model.stepInputs).toHaveLength(3 + 2);

    const already = new AbortController();
    already.abort();
    const idle = fakeModel(12);
    expect(await collect(generate(idle, { ...base, signal: already.signal }))).toEqual([]);
    expect(idle.stepInputs).toHaveLength(0);
  });

  it('an abort during an asynchronous step ends the iteration when the step resolves', async () => {
    const controller = new AbortController();
    const model = fakeModel(12, { async: true });
    const iterator = generate(model, { ...base, signal: controller.signal })[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('breaking out of for-await makes no further steps', async () => {
    const model = fakeModel(12);
    for await (const step of generate(model, base)) if (step.index === 1) break;
    expect(model.stepInputs).toHaveLength(3 + 1);
  });

  it('the repetition penalty of each row sees the prompt', async () => {
    const table = Array.from({ length: 3 }, () => new Float32Array([1, 0.9, 0]));
    const greedyWithPenalty = { temperature: 0, repetitionPenalty: 2, repetitionWindow: 4 };
    const fromPrompt0 = await rowsOf(fakeModel(3, { table }), {
      promptTokenIds: [0],
      maxLength: 3,
      config: greedyWithPenalty,
    });
    // 0 is in the prompt, so 1 wins first; then both 0 and 1 are penalised and 0 wins again.
    expect(fromPrompt0[0]).toEqual([1, 0, 0]);
    const fromPrompt2 = await rowsOf(fakeModel(3, { table }), {
      promptTokenIds: [2],
      maxLength: 1,
      config: greedyWithPenalty,
    });
    expect(fromPrompt2[0]).toEqual([0]);
  });

  it('propagates model errors and bad model output, then reports done', async () => {
    const broken: NextTokenModel<number> = {
      vocabSize: 4,
      initialState: () => 0,
      step: () => ({ logits: new Float32Array(3), state: 0 }),
    };
    const iterator = generate(broken, { promptTokenIds: [0] })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(ModelOutputError);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    const failing: NextTokenModel<number> = {
      vocabSize: 4,
      initialState: () => 0,
      step: () => Promise.reject(new Error('device lost')),
    };
    await expect(collect(generate(failing, { promptTokenIds: [0] }))).rejects.toThrow('device lost');
  });

  it.each<[string, Partial<GenerateOptions> & Record<string, unknown>, string]>([
    ['empty prompt', { promptTokenIds: [] }, 'promptTokenIds'],
    ['prompt id out of range', { promptTokenIds: [1, 12] }, 'promptTokenIds[1]'],
    ['prompt as a string', { promptTokenIds: 'abc' as never }, 'promptTokenIds'],
    ['batchSize 0', { batchSize: 0 }, 'batchSize'],
    ['maxLength 1.5', { maxLength: 1.5 }, 'maxLength'],
    ['stop id negative', { stopTokenIds: [-1] }, 'stopTokenIds[0]'],
    ['stop id out of range in an Int32Array', { stopTokenIds: Int32Array.of(3, 12) }, 'stopTokenIds[1]'],
    ['stop id fractional in a Float64Array', { stopTokenIds: Float64Array.of(1.5) }, 'stopTokenIds[0]'],
    ['stop ids as a string', { stopTokenIds: '2' as never }, 'stopTokenIds'],
    ['stop ids with a negative length', { stopTokenIds: { length: -1 } as never }, 'stopTokenIds'],
    ['stop ids with holes', { stopTokenIds: { length: 2 } as never }, 'stopTokenIds[0]'],
    ['signal not a signal', { signal: {} as never }, 'signal'],
    ['unknown option', { maxTokens: 5 }, 'maxTokens'],
    ['bad config value', { config: { topP: 2 } }, 'topP'],
    ['unknown config key', { config: { temp: 1 } as never }, 'temp'],
  ])('rejects %s up front, naming %s', (_, overrides, parameter) => {
    const options = { promptTokenIds: [1], ...overrides } as GenerateOptions;
    let error: unknown;
    try {
      generate(fakeModel(12), options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe(parameter);
  });

  it('rejects a model that breaks the contract shape', () => {
    expect(() => generate({ vocabSize: 0 } as never, { promptTokenIds: [0] })).toThrow(
      'model.vocabSize must be',
    );
    expect(() => generate({ vocabSize: 2, initialState: () => 0 } as never, { promptTokenIds: [0] })).toThrow(
      'model.step must be a function',
    );
  });
});

describe('generateText', () => {
  const decode = (ids: ArrayLike<number>): string => String.fromCharCode(97 + ids[0]!);

  it('yields the decoded text of each token, matching generate', async () => {
    const options = { promptTokenIds: [0], maxLength: 20, config: { seed: 4 } };
    const pieces = await collect(generateText(fakeModel(12), { ...options, decode }));
    const tokens = await rowsOf(fakeModel(12), options);
    expect(pieces).toEqual(tokens[0]!.map((id) => decode([id])));
  });

  it('ends at a stop token without yielding its text', async () => {
    const NEG = Number.NEGATIVE_INFINITY;
    const table = [
      new Float32Array([NEG, 0, NEG]),
      new Float32Array([NEG, NEG, 0]),
      new Float32Array([0, NEG, NEG]),
    ];
    const text = (
      await collect(generateText(fakeModel(3, { table }), { promptTokenIds: [0], stopTokenIds: [0], decode }))
    ).join('');
    expect(text).toBe('bc');
  });

  it('rejects batchSize > 1, a missing decode and a decode that returns no string', async () => {
    expect(() => generateText(fakeModel(3), { promptTokenIds: [0], batchSize: 2, decode })).toThrow(
      'batchSize must be 1 (generateText streams a single row), got 2',
    );
    expect(() => generateText(fakeModel(3), { promptTokenIds: [0] } as never)).toThrow(
      /^decode must be a function/,
    );
    const bad = generateText(fakeModel(3), { promptTokenIds: [0], decode: () => 5 as unknown as string });
    await expect(collect(bad)).rejects.toThrow(InvalidArgumentError);
  });
});
