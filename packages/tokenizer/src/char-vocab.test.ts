import { describe, expect, it } from 'vitest';
import { CharVocab } from './char-vocab.js';
import { InvalidArgumentError, UnknownCharacterError } from './errors.js';

const SAMPLES: Record<string, string> = {
  empty: '',
  ascii: 'Hello, World! 0123456789 ~`@#$%^&*()[]{}<>/\\|"\'\t\n',
  germanPrecomposed: 'Grüße aus Köln: Übermaß, Äpfel, Öl',
  germanDecomposed: 'Gru\u0308ße aus Ko\u0308ln: U\u0308berma\u00DF',
  ukrainian: 'Їжак їсть ґудзики, є сім’я. ЄҐЇІ',
  dutch: 'IJsselmeer, ijs, reünie, België, ĳ',
  emojiAstral: '😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀',
  zwjAndFlags: '👩‍👩‍👧‍👦 and 🇳🇱🇺🇦 👍🏽',
  combiningMarks: 'a\u0301 e\u0300\u0323 Z\u0351\u0352\u0353 \u0308',
  loneSurrogate: 'a\uD800b\uDC00',
};

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

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('CharVocab round trips', () => {
  for (const mode of ['codepoint', 'grapheme'] as const) {
    for (const [name, text] of Object.entries(SAMPLES)) {
      it(`decode(encode(s)) === s for ${name} in ${mode} mode`, () => {
        const vocab = CharVocab.fromText(text, { mode });
        expect(vocab.decode(vocab.encode(text))).toBe(text);
        expect(vocab.decode(vocab.encodeInt32(text))).toBe(text);
      });
    }

    it(`round-trips every sample with one shared vocab in ${mode} mode`, () => {
      const vocab = CharVocab.fromText(Object.values(SAMPLES), { mode });
      for (const text of Object.values(SAMPLES)) expect(vocab.decode(vocab.encode(text))).toBe(text);
    });
  }

  it('gives one id per code point, never per UTF-16 unit', () => {
    const vocab = CharVocab.fromText('😀𝔘a');
    expect(vocab.size).toBe(3);
    expect(vocab.symbols).toEqual(['a', '𝔘', '😀']);
    expect(Array.from(vocab.encode('😀😀𝔘'))).toEqual([2, 2, 1]);
  });

  it('splits a ZWJ family and a flag into code points in codepoint mode', () => {
    expect(CharVocab.fromText('👩‍👩‍👧‍👦').symbols).toEqual(['\u200D', '👦', '👧', '👩']);
    expect(CharVocab.fromText('🇳🇱').symbols).toEqual(['🇱', '🇳']);
  });

  it('keeps a ZWJ family, a flag and a combined letter whole in grapheme mode', () => {
    const family = '👩‍👩‍👧‍👦';
    const vocab = CharVocab.fromText(`${family}🇳🇱e\u0301`, { mode: 'grapheme' });
    expect(vocab.symbols).toEqual(['e\u0301', '🇳🇱', family]);
    expect(Array.from(vocab.encode(`${family}${family}🇳🇱`))).toEqual([2, 2, 1]);
  });

  it('normalises to NFC at build and encode, so decode gives s.normalize("NFC")', () => {
    const decomposed = 'Gru\u0308ße';
    const vocab = CharVocab.fromText(decomposed, { normalize: 'NFC' });
    expect(vocab.symbols).toContain('ü');
    expect(vocab.symbols).not.toContain('\u0308');
    expect(vocab.decode(vocab.encode(decomposed))).toBe(decomposed.normalize('NFC'));
    expect(vocab.decode(vocab.encode('Grüße'))).toBe('Grüße');
    const graphemes = CharVocab.fromText(decomposed, { mode: 'grapheme', normalize: 'NFC' });
    expect(graphemes.decode(graphemes.encode(decomposed))).toBe('Grüße');
  });

  it('keeps precomposed and decomposed umlauts apart without normalisation', () => {
    const vocab = CharVocab.fromText('ü');
    expect(() => vocab.encode('u\u0308')).toThrow(UnknownCharacterError);
  });
});

describe('CharVocab ordering', () => {
  it('sorts symbols by code point, not by UTF-16 unit', () => {
    const vocab = CharVocab.fromText('😀\uFF5Ea\uE000');
    expect(vocab.symbols).toEqual(['a', '\uE000', '\uFF5E', '😀']);
    const graphemes = CharVocab.fromText('😀\uFF5Ea', { mode: 'grapheme' });
    expect(graphemes.symbols).toEqual(['a', '\uFF5E', '😀']);
  });

  it('gives the same vocab for the same characters in any order', () => {
    const text = Object.values(SAMPLES).join('');
    const codePoints = Array.from(text);
    for (const mode of ['codepoint', 'grapheme'] as const) {
      const reference = CharVocab.fromText(text, { mode }).toJSON();
      for (const seed of [1, 2, 3]) {
        const units =
          mode === 'codepoint'
            ? codePoints
            : Array.from(new Intl.Segmenter().segment(text), (s) => s.segment);
        expect(CharVocab.fromText(shuffled(units, seed).join(''), { mode }).toJSON()).toEqual(reference);
      }
    }
  });

  it('gives the same vocab for a list of texts in any order', () => {
    const names = ['Olha', 'Jürgen', 'Ĳsbrand', 'Zoë', 'Ґаля', '😀 Bob'];
    const reference = CharVocab.fromText(names);
    for (const seed of [4, 5, 6]) {
      expect(CharVocab.fromText(shuffled(names, seed)).symbols).toEqual(reference.symbols);
      expect(CharVocab.fromText(new Set(shuffled(names, seed))).symbols).toEqual(reference.symbols);
    }
    expect(CharVocab.fromText(names).symbols).toEqual(CharVocab.fromText(names.join('')).symbols);
  });

  it('fromSymbols sorts and merges duplicates', () => {
    const vocab = CharVocab.fromSymbols(['c', '😀', 'a', 'c', '\uFF5E']);
    expect(vocab.symbols).toEqual(['a', 'c', '\uFF5E', '😀']);
    expect(vocab.symbols).toEqual(CharVocab.fromText('ac\uFF5E😀').symbols);
  });
});

describe('CharVocab special tokens', () => {
  const specialTokens = { unk: '<unk>', eos: '<eos>', pad: '<pad>' };

  it('puts the configured special tokens first, in the order pad, bos, eos, unk', () => {
    const vocab = CharVocab.fromText('ba', { specialTokens });
    expect(vocab.symbols).toEqual(['<pad>', '<eos>', '<unk>', 'a', 'b']);
    expect(vocab.specialIds).toEqual({ pad: 0, eos: 1, unk: 2 });
    expect(vocab.size).toBe(5);
    expect(vocab.idOf('<unk>')).toBe(2);
    expect(vocab.idOf('a')).toBe(3);
    expect(vocab.idOf('z')).toBeUndefined();
    expect(vocab.symbolOf(1)).toBe('<eos>');
    const bosOnly = CharVocab.fromText('a', { specialTokens: { bos: '<s>' } });
    expect(bosOnly.specialIds).toEqual({ bos: 0 });
  });

  it('never recognises special token strings inside text', () => {
    const vocab = CharVocab.fromText('<pad>', { specialTokens: { pad: '<pad>' } });
    expect(vocab.symbols).toEqual(['<pad>', '<', '>', 'a', 'd', 'p']);
    expect(Array.from(vocab.encode('<pad>'))).toEqual([1, 5, 3, 4, 2]);
  });

  it('writes special tokens as their strings unless skipSpecial', () => {
    const vocab = CharVocab.fromText('ab', { specialTokens: { bos: '<s>', eos: '</s>' } });
    const ids = [0, 2, 3, 1];
    expect(vocab.decode(ids)).toBe('<s>ab</s>');
    expect(vocab.decode(ids, { skipSpecial: true })).toBe('ab');
  });

  it('rejects a special token that is also an ordinary symbol', () => {
    const error = catchError(() => CharVocab.fromText('a_b', { specialTokens: { pad: '_' } }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe('specialTokens.pad');
    expect(() => CharVocab.fromSymbols(['x'], { specialTokens: { unk: 'x' } })).toThrow(/specialTokens\.unk/);
  });

  it('accepts a one-character special token that is not in the text', () => {
    const vocab = CharVocab.fromText('ab', { specialTokens: { pad: '\u0000' } });
    expect(vocab.decode([0, 1])).toBe('\u0000a');
    expect(() => vocab.encode('\u0000')).toThrow(UnknownCharacterError);
  });

  it('rejects bad special tokens', () => {
    const cases: Array<[unknown, string]> = [
      [{ pad: '' }, 'specialTokens.pad'],
      [{ pad: 3 }, 'specialTokens.pad'],
      [{ pad: '<x>', unk: '<x>' }, 'specialTokens.unk'],
      [{ mask: '<mask>' }, 'specialTokens.mask'],
      ['<pad>', 'specialTokens'],
    ];
    for (const [tokens, parameter] of cases) {
      const error = catchError(() => CharVocab.fromText('a', { specialTokens: tokens as never }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});

describe('CharVocab encode array types', () => {
  function codePointRange(first: number, count: number): string[] {
    return Array.from({ length: count }, (_, i) => String.fromCodePoint(first + i));
  }

  it('uses Uint8Array up to 256 ids', () => {
    const vocab = CharVocab.fromSymbols(codePointRange(0x100, 256));
    const ids = vocab.encode('\u01FF\u0100');
    expect(ids).toBeInstanceOf(Uint8Array);
    expect(Array.from(ids)).toEqual([255, 0]);
  });

  it('uses Uint16Array above 256 ids', () => {
    const vocab = CharVocab.fromSymbols(codePointRange(0x100, 257));
    const ids = vocab.encode('\u0200\u0100');
    expect(ids).toBeInstanceOf(Uint16Array);
    expect(Array.from(ids)).toEqual([256, 0]);
  });

  it('uses Int32Array above 65536 ids', () => {
    const vocab = CharVocab.fromSymbols(codePointRange(0x10000, 65537));
    const ids = vocab.encode('\u{20000}\u{10000}');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([65536, 0]);
  });

  it('encodeInt32 always gives an Int32Array of the exact length', () => {
    const vocab = CharVocab.fromText('ab😀');
    const ids = vocab.encodeInt32('a😀b');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([0, 2, 1]);
    expect(ids.buffer.byteLength).toBe(12);
    expect(vocab.encode('')).toHaveLength(0);
  });
});

describe('CharVocab unknown characters', () => {
  it("throws UnknownCharacterError naming the character, code point and index under 'error'", () => {
    const vocab = CharVocab.fromText('abc 😀');
    const error = catchError(() => vocab.encode('😀😀 abé'));
    expect(error).toBeInstanceOf(UnknownCharacterError);
    const unknown = error as UnknownCharacterError;
    expect(unknown.message).toBe("unknown character 'é' (U+00E9) at index 5");
    expect(unknown.char).toBe('é');
    expect(unknown.codePoint).toBe(0xe9);
    expect(unknown.index).toBe(5);
    expect(unknown.offset).toBe(7);
  });

  it('escapes an invisible unknown character', () => {
    const vocab = CharVocab.fromText('👩');
    const error = catchError(() => vocab.encode('👩\u200D👩')) as UnknownCharacterError;
    expect(error.message).toBe("unknown character '\\u200D' (U+200D) at index 1");
    const astral = catchError(() => vocab.encode('👩😀')) as UnknownCharacterError;
    expect(astral.message).toBe("unknown character '😀' (U+1F600) at index 1");
  });

  it('counts the index in graphemes in grapheme mode', () => {
    const family = '👩‍👩‍👧‍👦';
    const vocab = CharVocab.fromText(family, { mode: 'grapheme' });
    const error = catchError(() => vocab.encode(`${family}${family}e\u0301`)) as UnknownCharacterError;
    expect(error.index).toBe(2);
    expect(error.offset).toBe(2 * family.length);
    expect(error.char).toBe('e\u0301');
    expect(error.message).toBe("unknown character 'e\u0301' (U+0065 U+0301) at index 2");
  });

  it("maps unknown characters to the unk id under 'unk'", () => {
    const vocab = CharVocab.fromText('ab', { specialTokens: { unk: '<unk>' }, unknown: 'unk' });
    expect(Array.from(vocab.encode('aéb😀'))).toEqual([1, 0, 2, 0]);
    expect(vocab.decode(vocab.encode('aéb'))).toBe('a<unk>b');
    const graphemes = CharVocab.fromText('ab', {
      mode: 'grapheme',
      specialTokens: { unk: '?' },
      unknown: 'unk',
    });
    expect(graphemes.decode(graphemes.encode('a👩‍👩‍👧‍👦b'))).toBe('a?b');
  });

  it("drops unknown characters under 'skip'", () => {
    const vocab = CharVocab.fromText('ab', { unknown: 'skip' });
    expect(vocab.decode(vocab.encode('xaéb😀y'))).toBe('ab');
    expect(vocab.encodeInt32('xaéb😀y')).toHaveLength(2);
    const graphemes = CharVocab.fromText('ab', { mode: 'grapheme', unknown: 'skip' });
    expect(graphemes.decode(graphemes.encode('a👩‍👩‍👧‍👦b'))).toBe('ab');
  });

  it('lets one call override the policy', () => {
    const vocab = CharVocab.fromText('ab', { specialTokens: { unk: '<unk>' } });
    expect(() => vocab.encode('ax')).toThrow(UnknownCharacterError);
    expect(Array.from(vocab.encode('ax', { unknown: 'unk' }))).toEqual([1, 0]);
    expect(Array.from(vocab.encode('ax', { unknown: 'skip' }))).toEqual([1]);
    expect(() => vocab.encode('ax', { unknown: 'error' })).toThrow(UnknownCharacterError);
  });

  it("rejects 'unk' without an unk token, and unknown policy names", () => {
    expect(() => CharVocab.fromText('a', { unknown: 'unk' })).toThrow(InvalidArgumentError);
    const vocab = CharVocab.fromText('a');
    expect(() => vocab.encode('a', { unknown: 'unk' })).toThrow(/unknown must be 'error' or 'skip'/);
    expect(() => vocab.encode('a', { unknown: 'ignore' as never })).toThrow(/one of 'error', 'unk', 'skip'/);
  });
});

describe('CharVocab coverage', () => {
  it('counts missing symbols, most frequent first, ties by code point', () => {
    const vocab = CharVocab.fromText('abc');
    expect(vocab.coverage('abz😀yxxyc')).toEqual({
      totalSymbols: 9,
      unknownSymbols: 6,
      missing: [
        { char: 'x', codePoint: 0x78, count: 2 },
        { char: 'y', codePoint: 0x79, count: 2 },
        { char: 'z', codePoint: 0x7a, count: 1 },
        { char: '😀', codePoint: 0x1f600, count: 1 },
      ],
    });
    expect(vocab.coverage('')).toEqual({ totalSymbols: 0, unknownSymbols: 0, missing: [] });
    expect(vocab.coverage('cab')).toEqual({ totalSymbols: 3, unknownSymbols: 0, missing: [] });
  });

  it('counts graphemes in grapheme mode and applies NFC', () => {
    const vocab = CharVocab.fromText('ü', { mode: 'grapheme', normalize: 'NFC' });
    expect(vocab.coverage('u\u0308🇳🇱🇳🇱').missing).toEqual([{ char: '🇳🇱', codePoint: 0x1f1f3, count: 2 }]);
    expect(vocab.coverage('u\u0308🇳🇱🇳🇱').totalSymbols).toBe(3);
  });
});

describe('CharVocab argument checks', () => {
  const vocab = CharVocab.fromText('ab', { specialTokens: { pad: '<pad>' } });

  it('decode names a bad id and its position', () => {
    for (const bad of [3, -1, 1.5, Number.NaN]) {
      const error = catchError(() => vocab.decode([1, 2, bad])) as InvalidArgumentError;
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.parameter).toBe('tokenIds[2]');
      expect(error.value).toBe(bad);
      expect(error.message).toBe(`tokenIds[2] must be an integer id in [0, 3), got ${bad}`);
    }
    expect(() => vocab.decode(null as never)).toThrow(InvalidArgumentError);
  });

  it('symbolOf rejects a bad id', () => {
    expect(() => vocab.symbolOf(3)).toThrow('id must be an integer in [0, 3), got 3');
    expect(() => vocab.symbolOf(0.5)).toThrow(InvalidArgumentError);
  });

  it('rejects bad texts and options', () => {
    expect(() => CharVocab.fromText(42 as never)).toThrow(InvalidArgumentError);
    expect(() => CharVocab.fromText(['a', 7] as never)).toThrow('text[1] must be a string, got 7');
    expect(() => CharVocab.fromText('a', { mode: 'byte' as never })).toThrow(/mode must be one of/);
    expect(() => CharVocab.fromText('a', { normalize: 'NFD' as never })).toThrow(/normalize must be one of/);
    expect(() => CharVocab.fromText('a', 'codepoint' as never)).toThrow(InvalidArgumentError);
    expect(() => vocab.encode(5 as never)).toThrow('text must be a string, got 5');
    expect(() => vocab.coverage(5 as never)).toThrow(InvalidArgumentError);
  });

  it('fromSymbols rejects malformed symbols', () => {
    expect(() => CharVocab.fromSymbols('abc' as never)).toThrow(InvalidArgumentError);
    expect(() => CharVocab.fromSymbols(['a', ''])).toThrow('symbols[1] must be a non-empty string');
    expect(() => CharVocab.fromSymbols(['ab'])).toThrow(/symbols\[0\] must be a single code point/);
    expect(() => CharVocab.fromSymbols(['\u212B'], { normalize: 'NFC' })).toThrow(
      /symbols\[0\] must be in NFC/,
    );
    expect(CharVocab.fromSymbols(['e\u0301', 'ab'], { mode: 'grapheme' }).symbols).toEqual(['ab', 'e\u0301']);
  });

  it('exposes its settings read-only', () => {
    expect(vocab.mode).toBe('codepoint');
    expect(vocab.normalize).toBe('none');
    expect(vocab.unknown).toBe('error');
    expect(Object.isFrozen(vocab.symbols)).toBe(true);
    expect(Object.isFrozen(vocab.specialIds)).toBe(true);
  });
});

describe('CharVocab options', () => {
  it('rejects unknown option keys, naming the key', () => {
    expect(() => CharVocab.fromText('e\u0301', { normalise: 'NFC' } as never)).toThrow(InvalidArgumentError);
    expect(() => CharVocab.fromText('abc', { modes: 'grapheme' } as never)).toThrow(/options\.modes/);
  });
});
