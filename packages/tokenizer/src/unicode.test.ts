import { describe, expect, it } from 'vitest';
import { compareCodePoints, countCodePoints, escapeText, formatCodePoint } from './unicode.js';

describe('compareCodePoints', () => {
  it('puts a high BMP character before an astral one, unlike UTF-16 order', () => {
    const fullwidthTilde = '\uFF5E';
    const grinning = '😀';
    expect(fullwidthTilde > grinning).toBe(true);
    expect(compareCodePoints(fullwidthTilde, grinning)).toBeLessThan(0);
    expect(compareCodePoints(grinning, fullwidthTilde)).toBeGreaterThan(0);
    expect(['😀', '\uFF5E', '𝔘', 'a', '\uE000'].sort(compareCodePoints)).toEqual([
      'a',
      '\uE000',
      '\uFF5E',
      '𝔘',
      '😀',
    ]);
  });

  it('orders by the first differing code point, then by length', () => {
    expect(compareCodePoints('a', 'a')).toBe(0);
    expect(compareCodePoints('', '')).toBe(0);
    expect(compareCodePoints('', 'a')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('a😀', 'a😀b')).toBeLessThan(0);
    expect(compareCodePoints('x😀', 'x\uFF5E')).toBeGreaterThan(0);
    expect(compareCodePoints('e\u0301', 'é')).toBeLessThan(0);
  });

  it('treats a lone surrogate as its own code point', () => {
    expect(compareCodePoints('\uD800', '\uE000')).toBeLessThan(0);
    expect(compareCodePoints('\uD800', '😀')).toBeLessThan(0);
  });
});

describe('formatCodePoint', () => {
  it('writes U+ and at least four upper-case hex digits', () => {
    expect(formatCodePoint(0xe9)).toBe('U+00E9');
    expect(formatCodePoint(0x200d)).toBe('U+200D');
    expect(formatCodePoint(0x1f600)).toBe('U+1F600');
  });
});

describe('escapeText', () => {
  it('leaves visible text alone', () => {
    expect(escapeText('é Ї 😀 a b')).toBe('é Ї 😀 a b');
  });

  it('escapes control, format and separator characters', () => {
    expect(escapeText('\u200D')).toBe('\\u200D');
    expect(escapeText('a\nb\tc')).toBe('a\\u000Ab\\u0009c');
    expect(escapeText('\u00A0')).toBe('\\u00A0');
    expect(escapeText('\u{E0041}')).toBe('\\u{E0041}');
    expect(escapeText('\uD800')).toBe('\\uD800');
  });

  it('escapes a leading combining mark but not one after a letter', () => {
    expect(escapeText('\u0308')).toBe('\\u0308');
    expect(escapeText('u\u0308')).toBe('u\u0308');
  });

  it('escapes quote and backslash', () => {
    expect(escapeText("'\\")).toBe("\\'\\\\");
  });
});

describe('countCodePoints', () => {
  it('counts a surrogate pair once', () => {
    expect(countCodePoints('😀😀é', 4)).toBe(2);
    expect(countCodePoints('a\uD800b', 3)).toBe(3);
    expect(countCodePoints('', 0)).toBe(0);
  });
});
