import { describe, expect, it } from 'vitest';
import { forEachGrapheme } from './graphemes.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function reference(text: string): Array<[string, number]> {
  return Array.from(segmenter.segment(text), ({ segment, index }) => [segment, index]);
}

function windowed(text: string, windowSize?: number): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  forEachGrapheme(text, segmenter, (segment, offset) => out.push([segment, offset]), windowSize);
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  ' ',
  'x',
  '\r',
  '\n',
  '\r\n',
  '\u0301',
  '\u0308',
  'é',
  'Ї',
  '😀',
  '𝔘',
  '\u200D',
  '👩\u200D👩\u200D👧\u200D👦',
  '🇳',
  '🇱',
  '🇳🇱',
  '🏽',
  '\uFE0F',
  'क्',
  'ष',
  '\u0E33',
  '\uD800',
  '\uDC00',
  '\u0600',
  '각',
  '\u1100',
  '\u1161',
];

describe('forEachGrapheme', () => {
  it('matches Intl.Segmenter on tricky text for every window size', () => {
    const text = 'Gru\u0308ße 👩‍👩‍👧‍👦 🇳🇱🇺🇦🇳 a\u0301\u0302\u0303\u0304\u0305b\r\n\nक्षि 😀🏽 x';
    for (const windowSize of [2, 3, 4, 5, 7, 16, 128])
      expect(windowed(text, windowSize)).toEqual(reference(text));
  });

  it('matches Intl.Segmenter on random mixes of hard cases', () => {
    const random = rng(42);
    for (let trial = 0; trial < 300; trial++) {
      let text = '';
      const length = 1 + Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
      const windowSize = 2 + Math.floor(random() * 9);
      expect(windowed(text, windowSize), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('handles a cluster longer than the window and the empty string', () => {
    const long = `x${'\u0301'.repeat(50)}y`;
    expect(windowed(long, 2)).toEqual(reference(long));
    expect(windowed('')).toEqual([]);
  });
});
