// Reference checks for the Markov model: hand-counted tables, hand-computed smoothed probabilities,
// normalisation, lower-order equivalence and the Moby Dick cross-check against the published figure.

import { CharVocab } from '@charloom/tokenizer';
import { describe, expect, it } from 'vitest';
import { readMobyDick, splitMobyDick } from '../scripts/moby-dick.js';
import { InvalidArgumentError } from './errors.js';
import { MarkovModel } from './markov-model.js';

const text = 'abracadabra';
const vocab = CharVocab.fromText(text); // a b c d r
const ids = (s: string) => Array.from(vocab.encodeInt32(s));

/** Successor counts of a context, as a plain object keyed by character, read from the flat arrays. */
function successors(
  model: MarkovModel,
  context: string,
): Record<string, [count: number, continuation: number]> {
  const { childStart, nodeSymbol, entryStart, entrySymbol, entryCount, entryContinuation } = model.tree;
  let node = 0;
  for (const id of ids(context).reverse()) {
    let found = -1;
    for (let c = childStart[node]!; c < childStart[node + 1]!; c++) if (nodeSymbol[c] === id) found = c;
    if (found < 0) return {};
    node = found;
  }
  const out: Record<string, [number, number]> = {};
  for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++) {
    out[vocab.symbolOf(entrySymbol[e]!)] = [entryCount[e]!, entryContinuation[e]!];
  }
  return out;
}

describe('counts', () => {
  const model = MarkovModel.fromText(text, { order: 2, vocab });

  it('match the hand-counted tables of "abracadabra" (count, continuation count)', () => {
    // Continuation = distinct characters (or the start of the text) seen before the n-gram.
    expect(successors(model, '')).toEqual({ a: [5, 4], b: [2, 1], r: [2, 1], c: [1, 1], d: [1, 1] });
    expect(successors(model, 'a')).toEqual({ b: [2, 2], c: [1, 1], d: [1, 1] });
    expect(successors(model, 'b')).toEqual({ r: [2, 1] });
    expect(successors(model, 'r')).toEqual({ a: [2, 1] });
    expect(successors(model, 'c')).toEqual({ a: [1, 1] });
    expect(successors(model, 'ab')).toEqual({ r: [2, 0] });
    expect(successors(model, 'ra')).toEqual({ c: [1, 0] });
    expect(successors(model, 'da')).toEqual({ b: [1, 0] });
    expect(successors(model, 'rr')).toEqual({});
    expect(model.size).toMatchObject({ contexts: 1 + 5 + 7, entries: 5 + 7 + 7, trainingTokens: 11 });
  });

  it('does not depend on vocabulary symbols beyond their ids', () => {
    const same = MarkovModel.fromTokenIds(vocab.encode(text), { order: 2, vocab });
    expect(same.tree).toEqual(model.tree);
  });
});

describe('smoothed probabilities', () => {
  it('Witten-Bell matches a hand computation', () => {
    const model = MarkovModel.fromText(text, { order: 2, vocab });
    // p0(r) = (2 + 5·⅕)/(11 + 5) = 3/16; p1(r|b) = (2 + 1·3/16)/3 = 35/48; p2(r|ab) = (2 + 35/48)/3 = 131/144.
    expect(model.probability(ids('ab'), ids('r')[0]!, 'witten-bell')).toBeCloseTo(131 / 144, 12);
    // An unseen context ("rr") passes everything down: p1(r|r) = (0 + 1·3/16)/(2 + 1).
    expect(model.probability(ids('rr'), ids('r')[0]!, 'witten-bell')).toBeCloseTo(3 / 16 / 3, 12);
  });

  it('modified Kneser-Ney matches a hand computation', () => {
    const model = MarkovModel.fromText(text, { order: 1, vocab });
    // Top level (context "a", raw counts b:2 c:1 d:1; depth-1 count-of-counts n1=4 n2=3 n3=0):
    // Y = 4/10, D1 = 1 − 2·0.4·3/4 = 0.4, D2 = 2 − 0 = 2. Lower level: continuation counts a:4 b:1 r:1 c:1 d:1,
    // n2 = 0 so every discount falls back to 0.5: p0(b) = 0.5/8 + (5·0.5/8)·⅕ = 0.125.
    // p1(b|a) = (2 − 2)/4 + ((2 + 0.4 + 0.4)/4)·0.125 = 0.0875.
    expect(model.probability(ids('a'), ids('b')[0]!, 'kneser-ney')).toBeCloseTo(0.0875, 12);
  });

  it('sum to 1 over the vocabulary for every context of the corpus and unseen ones, and agree with distribution()', () => {
    const corpus = 'the cat sat on the mat. the dog sat on the log! a cat, a dog.';
    const v = CharVocab.fromText(`${corpus}xyz`);
    const order = 4;
    const model = MarkovModel.fromText(corpus, { order, vocab: v });
    // Every substring of length 0…order (all seen contexts, including ones only at the end), plus unseen ones.
    const contexts = new Set(['zzzz', 'xyz', 'x', 'g.zz']);
    for (let length = 0; length <= order; length++) {
      for (let i = 0; i + length <= corpus.length; i++) contexts.add(corpus.slice(i, i + length));
    }
    expect(contexts.size).toBeGreaterThan(120);
    for (const smoothing of ['witten-bell', 'kneser-ney', 'none'] as const) {
      for (const context of contexts) {
        const history = v.encodeInt32(context);
        const distribution = model.distribution(history, smoothing);
        expect(distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (let w = 0; w < v.size; w++) {
          expect(model.probability(history, w, smoothing)).toBeCloseTo(distribution[w]!, 12);
          if (smoothing !== 'none') expect(distribution[w]).toBeGreaterThan(0);
        }
      }
    }
  });

  it('scoring as a lower order equals training that order', () => {
    const corpus = 'she sells sea shells by the sea shore, and the shells she sells are sea shells.';
    const v = CharVocab.fromText(corpus);
    const heldOut = v.encodeInt32('the sea shells she sells by the shore are shells.');
    const big = MarkovModel.fromText(corpus, { order: 6, vocab: v });
    for (let k = 0; k <= 6; k++) {
      const small = MarkovModel.fromText(corpus, { order: k, vocab: v });
      for (const smoothing of ['witten-bell', 'kneser-ney'] as const) {
        expect(big.evaluate(heldOut, { smoothing, order: k }).nats).toBeCloseTo(
          small.evaluate(heldOut, { smoothing }).nats,
          12,
        );
      }
    }
  });
});

describe('evaluate', () => {
  it('computes mean negative log-likelihood in nats and bits', () => {
    const model = MarkovModel.fromText(text, { order: 2, vocab });
    const heldOut = ids('abra');
    let sum = 0;
    for (let i = 0; i < heldOut.length; i++) {
      sum -= Math.log(model.probability(heldOut.slice(0, i), heldOut[i]!, 'witten-bell'));
    }
    const result = model.evaluate('abra');
    expect(result.chars).toBe(4);
    expect(result.nats).toBeCloseTo(sum / 4, 12);
    expect(result.bitsPerChar).toBeCloseTo(sum / 4 / Math.LN2, 12);
  });

  it('uses the given history for the first characters', () => {
    const model = MarkovModel.fromText(text, { order: 2, vocab });
    const withHistory = model.evaluate(ids('a'), { history: ids('ab'), smoothing: 'witten-bell' });
    expect(withHistory.nats).toBeCloseTo(-Math.log(model.probability(ids('ab'), ids('a')[0]!)), 12);
  });

  it('rejects bad arguments with typed errors naming the value', () => {
    const model = MarkovModel.fromText(text, { order: 2, vocab });
    expect(() => model.evaluate('abra', { smoothing: 'none' })).toThrow(InvalidArgumentError);
    expect(() => model.evaluate('abra', { smoothing: 'laplace' as never })).toThrow(/smoothing.*"laplace"/);
    expect(() => model.evaluate('abra', { order: 3 })).toThrow(/order.*got 3/);
    expect(() => MarkovModel.fromText(text, { order: -1 })).toThrow(
      /order must be an integer in \[0, 32\], got -1/,
    );
    expect(() => MarkovModel.fromText(text, { order: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => MarkovModel.fromTokenIds([0, 9], { order: 1, vocab })).toThrow(/tokenIds\[1\].*got 9/);
    expect(() => model.probability([], 99)).toThrow(/tokenId.*got 99/);
    expect(() => model.evaluate('abra', { history: [0, 42] })).toThrow(/history\[1\].*got 42/);
    expect(() => model.evaluate('abra', { smothing: 'kneser-ney' } as never)).toThrow(/options\.smothing/);
    expect(() => model.distribution([], 'witten-bell', new Float32Array(5) as never)).toThrow(
      /out must be a Float64Array/,
    );
    expect(() => MarkovModel.fromText(text, undefined as never)).toThrow(/options must be an options object/);
    expect(() => MarkovModel.fromText(text, { order: 2, vocab: {} as never })).toThrow(
      /vocab must be a CharVocab/,
    );
    expect(() => MarkovModel.fromText(text, { order: 2, size: 3 } as never)).toThrow(/options\.size/);
    expect(() => MarkovModel.fromText('', { order: 2, vocab })).toThrow(
      /tokenIds must be a non-empty training text/,
    );
  });
});

describe('Moby Dick cross-check (contiguous 90/5/5, validation part)', () => {
  it('Witten-Bell order 4 is near 2.24 bits/char and Kneser-Ney beats it', () => {
    const corpus = splitMobyDick(readMobyDick());
    expect(corpus.vocab.size).toBe(83);
    const model = MarkovModel.fromTokenIds(corpus.train, { order: 4, vocab: corpus.vocab });
    const wittenBell = model.evaluate(corpus.val, { smoothing: 'witten-bell' });
    const kneserNey = model.evaluate(corpus.val, { smoothing: 'kneser-ney' });
    expect(wittenBell.bitsPerChar).toBeGreaterThan(2.2);
    expect(wittenBell.bitsPerChar).toBeLessThan(2.28);
    expect(kneserNey.bitsPerChar).toBeLessThan(wittenBell.bitsPerChar);
  });
});
