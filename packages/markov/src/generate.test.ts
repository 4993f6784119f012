// Generation checks: unsmoothed samples only contain n-grams seen in training (or report the backoff),
// determinism with a seed, priming, the shared contract with batches, and typed errors for bad options.

import { generate } from '@charloom/sampling';
import { CharVocab, UnknownCharacterError } from '@charloom/tokenizer';
import { describe, expect, it } from 'vitest';
import { generateMarkov, sampleMarkov } from './generate.js';
import { MarkovModel } from './markov-model.js';

const corpus =
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of ' +
  'foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, ' +
  'it was the season of Darkness, it was the spring of hope, it was the winter of despair.';

describe('generateMarkov without smoothing', () => {
  it('draws every character from a context seen in training, reporting backoffs', async () => {
    const order = 4;
    const model = MarkovModel.fromText(corpus, { order });
    let history = 'it w';
    let fullOrder = 0;
    for await (const token of generateMarkov(model, { prime: history, length: 3000, seed: 7 })) {
      const gram = history.slice(history.length - token.contextLength) + token.text;
      expect(corpus.includes(gram), `"${gram}" occurs in training`).toBe(true);
      expect(token.backedOff).toBe(token.contextLength < order);
      if (!token.backedOff) fullOrder++;
      history += token.text;
    }
    expect(history.length).toBe(3004);
    expect(fullOrder).toBeGreaterThan(2900);
  });

  it('backs off when the prime is a context never seen', async () => {
    const model = MarkovModel.fromText(corpus, { order: 3 });
    const sample = await sampleMarkov(model, { prime: 'zzz'.replace(/z/g, 'D'), length: 5, seed: 1 });
    expect(sample.backoffs[0]).toBe(0);
    expect(sample.text).toHaveLength(5);
  });

  it('is deterministic for a seed and varies across seeds', async () => {
    const model = MarkovModel.fromText(corpus, { order: 2 });
    const a = await sampleMarkov(model, { length: 300, seed: 3 });
    const b = await sampleMarkov(model, { length: 300, seed: 3 });
    const c = await sampleMarkov(model, { length: 300, seed: 4 });
    expect(a).toEqual(b);
    expect(a.prime + a.text).not.toEqual(c.prime + c.text);
    expect(corpus.includes(a.prime)).toBe(true);
    expect(a.prime).toHaveLength(2);
  });

  it('greedy decoding (temperature 0) follows the most frequent successor', async () => {
    const model = MarkovModel.fromText('aab aab aab aac', { order: 2 });
    const sample = await sampleMarkov(model, { prime: 'aa', length: 4, temperature: 0 });
    expect(sample.text).toBe('b aa');
  });

  it('samples from the smoothed distribution when asked, which may leave the training n-grams', async () => {
    const vocab = CharVocab.fromText(`${corpus}qxz`);
    const model = MarkovModel.fromText(corpus, { order: 3, vocab });
    const sample = await sampleMarkov(model, {
      smoothing: 'witten-bell',
      prime: 'it ',
      length: 4000,
      seed: 5,
    });
    expect(/[qxz]/.test(sample.text)).toBe(true);
  });

  it('rejects a prime with unknown characters and bad lengths', async () => {
    const model = MarkovModel.fromText(corpus, { order: 2 });
    await expect(sampleMarkov(model, { prime: 'it ✓', length: 5 })).rejects.toThrow(UnknownCharacterError);
    await expect(sampleMarkov(model, { prime: '', length: 5 })).rejects.toThrow(/prime/);
    await expect(sampleMarkov(model, { prime: 'it', length: -1 })).rejects.toThrow(/length.*-1/);
    await expect(sampleMarkov(model, { prime: 'it', length: 5, temperature: -1 })).rejects.toThrow(
      /temperature/,
    );
  });
});

describe('the shared next-token contract', () => {
  it('steps each row of a batch independently', async () => {
    const model = MarkovModel.fromText(corpus, { order: 3 });
    const contract = model.asNextTokenModel('kneser-ney');
    const state = contract.initialState(2);
    const [it, wa] = [model.vocab.encodeInt32('it '), model.vocab.encodeInt32('was')];
    let logits = new Float32Array(0);
    for (let t = 0; t < 3; t++) logits = contract.step(state, Int32Array.of(it[t]!, wa[t]!)).logits.slice();
    const v = model.vocabSize;
    const expectRow = (row: number, history: Int32Array) => {
      const probs = model.distribution(history, 'kneser-ney');
      for (let w = 0; w < v; w++) expect(Math.exp(logits[row * v + w]!)).toBeCloseTo(probs[w]!, 6);
    };
    expectRow(0, it);
    expectRow(1, wa);
  });

  it('drives the generic generate() loop for many samples at once', async () => {
    const model = MarkovModel.fromText(corpus, { order: 3 });
    const rows: string[] = ['', '', '', ''];
    for await (const step of generate(model.asNextTokenModel(), {
      promptTokenIds: model.vocab.encodeInt32('it was'),
      batchSize: 4,
      maxLength: 50,
      config: { seed: 11 },
    })) {
      step.tokenIds.forEach((id, row) => {
        rows[row] += model.vocab.symbolOf(id);
      });
    }
    for (const row of rows) expect(row).toHaveLength(50);
    expect(new Set(rows).size).toBeGreaterThan(1);
  });
});
