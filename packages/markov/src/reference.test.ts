// An independent reference for the smoothed estimators: counts found by scanning strings, discounts from
// count-of-counts, the recursions written plainly. The model must agree on random texts, orders and histories.

import { createRng } from '@charloom/sampling';
import { CharVocab } from '@charloom/tokenizer';
import { describe, expect, it } from 'vitest';
import { MarkovModel } from './markov-model.js';
import { type Discounts, estimateDiscounts, type Smoothing } from './smoothing.js';

/** Brute-force interpolated Witten-Bell / modified Kneser-Ney for `text` at `order`, over `alphabet`. */
function reference(text: string, order: number, alphabet: readonly string[]) {
  const count = (h: string, w: string) => {
    let n = 0;
    for (let i = h.length; i < text.length; i++) if (text[i] === w && text.slice(i - h.length, i) === h) n++;
    return n;
  };
  /** Distinct characters before an occurrence of g, plus one if g starts the text (|g| ≤ order). */
  const continuation = (g: string) => {
    const before = new Set<string>();
    for (let i = 0; i + g.length <= text.length; i++) {
      if (text.slice(i, i + g.length) !== g) continue;
      before.add(i === 0 ? '<start>' : text[i - 1]!);
    }
    return before.size;
  };
  const discounts = (depth: number, value: (h: string, w: string) => number): Discounts => {
    const n = [0, 0, 0, 0, 0];
    const seen = new Set<string>();
    for (let i = depth; i < text.length; i++) {
      const key = text.slice(i - depth, i + 1);
      if (seen.has(key)) continue;
      seen.add(key);
      const c = value(key.slice(0, depth), key[depth]!);
      if (c >= 1 && c <= 4) n[c]! += 1;
    }
    return estimateDiscounts(n[1]!, n[2]!, n[3]!, n[4]!);
  };
  const discountOf = (c: number, d: Discounts) => (c === 0 ? 0 : c === 1 ? d.d1 : c === 2 ? d.d2 : d.d3);
  const cont = (h: string, w: string) => continuation(h + w);

  return (history: string, w: string, smoothing: Smoothing): number => {
    const top = Math.min(order, history.length);
    let p = 1 / alphabet.length;
    for (let d = 0; d <= top; d++) {
      const h = history.slice(history.length - d);
      if (smoothing === 'witten-bell') {
        const total = alphabet.reduce((sum, v) => sum + count(h, v), 0);
        if (total === 0) continue;
        const types = alphabet.filter((v) => count(h, v) > 0).length;
        p = (count(h, w) + types * p) / (total + types);
      } else {
        const value = d === top ? count : cont;
        const total = alphabet.reduce((sum, v) => sum + value(h, v), 0);
        if (alphabet.every((v) => count(h, v) === 0)) continue;
        const D = discounts(d, value);
        const mass = alphabet.reduce((sum, v) => sum + discountOf(value(h, v), D), 0);
        const c = value(h, w);
        p = (c - discountOf(c, D) + mass * p) / total;
      }
    }
    return p;
  };
}

describe('smoothed probabilities against a brute-force reference', () => {
  it('agree on random texts, orders 0–4 and random histories (seen and unseen)', () => {
    const rng = createRng(2024);
    const pick = (s: string) => s[Math.floor(rng.nextFloat() * s.length)]!;
    for (let trial = 0; trial < 25; trial++) {
      const letters = 'abcde'.slice(0, 2 + Math.floor(rng.nextFloat() * 4));
      const text = Array.from({ length: 30 + Math.floor(rng.nextFloat() * 90) }, () => pick(letters)).join(
        '',
      );
      const alphabet = [...`${letters}z`];
      const vocab = CharVocab.fromSymbols(alphabet);
      for (let order = 0; order <= 4; order++) {
        const model = MarkovModel.fromText(text, { order, vocab });
        const expected = reference(text, order, alphabet);
        for (let h = 0; h < 6; h++) {
          const history = Array.from({ length: Math.floor(rng.nextFloat() * 6) }, () =>
            pick(`${letters}z`),
          ).join('');
          for (const smoothing of ['witten-bell', 'kneser-ney'] as const) {
            for (const w of alphabet) {
              const actual = model.probability(vocab.encodeInt32(history), vocab.idOf(w)!, smoothing);
              expect(actual, `${smoothing} order ${order} p(${w}|${history}) on ${text}`).toBeCloseTo(
                expected(history, w, smoothing),
                12,
              );
            }
          }
        }
      }
    }
  });
});
