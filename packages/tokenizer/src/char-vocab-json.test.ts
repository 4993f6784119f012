import { describe, expect, it } from 'vitest';
import { CharVocab } from './char-vocab.js';
import type { CharVocabJSON } from './char-vocab-json.js';
import { VocabFormatError } from './errors.js';

function throughJSON(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function catchFormatError(json: unknown): VocabFormatError {
  try {
    CharVocab.fromJSON(json);
  } catch (error) {
    if (error instanceof VocabFormatError) return error;
    throw error;
  }
  throw new Error(`expected fromJSON to reject ${JSON.stringify(json)}`);
}

const VALID: CharVocabJSON = {
  format: 'charloom.char-vocab',
  version: 1,
  mode: 'codepoint',
  normalize: 'none',
  specialTokens: { pad: '<pad>', unk: '<unk>' },
  unknown: 'unk',
  symbols: ['a', 'b', '\uFF5E', '😀'],
};

function withField(field: string, value: unknown): Record<string, unknown> {
  return { ...VALID, [field]: value };
}

function without(field: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...VALID };
  delete copy[field];
  return copy;
}

describe('CharVocab JSON round trip', () => {
  it('writes the documented format', () => {
    const vocab = CharVocab.fromText('ba😀', {
      specialTokens: { unk: '<unk>', pad: '<pad>' },
      unknown: 'unk',
    });
    expect(vocab.toJSON()).toEqual({
      format: 'charloom.char-vocab',
      version: 1,
      mode: 'codepoint',
      normalize: 'none',
      specialTokens: { pad: '<pad>', unk: '<unk>' },
      unknown: 'unk',
      symbols: ['a', 'b', '😀'],
    });
  });

  it('preserves ids and settings through JSON.stringify and JSON.parse', () => {
    const text = 'Grüße, Їжак! 👩‍👩‍👧‍👦 🇳🇱 e\u0301 😀\uFF5E';
    const options = [
      { specialTokens: { pad: '<pad>', bos: '<s>', eos: '</s>', unk: '<unk>' }, unknown: 'unk' as const },
      { mode: 'grapheme' as const, normalize: 'NFC' as const, unknown: 'skip' as const },
      {},
    ];
    for (const option of options) {
      const vocab = CharVocab.fromText(text, option);
      const restored = CharVocab.fromJSON(throughJSON(vocab));
      expect(restored.symbols).toEqual(vocab.symbols);
      expect(restored.specialIds).toEqual(vocab.specialIds);
      expect(restored.toJSON()).toEqual(vocab.toJSON());
      expect(Array.from(restored.encode(text))).toEqual(Array.from(vocab.encode(text)));
      expect(restored.decode(restored.encode(`${text}§`, { unknown: 'skip' }))).toBe(
        vocab.decode(vocab.encode(`${text}§`, { unknown: 'skip' })),
      );
    }
  });

  it('accepts the JSON text as well as the parsed object', () => {
    const vocab = CharVocab.fromJSON(JSON.stringify(VALID));
    expect(vocab.symbols).toEqual(['<pad>', '<unk>', 'a', 'b', '\uFF5E', '😀']);
    expect(vocab.unknown).toBe('unk');
  });

  it('accepts multi-code-point symbols in grapheme mode', () => {
    const json = { ...VALID, mode: 'grapheme', symbols: ['e\u0301', '🇳🇱'] };
    expect(CharVocab.fromJSON(json).idOf('🇳🇱')).toBe(3);
  });

  it('does not share arrays with the JSON it was given or gives out', () => {
    const json = throughJSON(VALID) as CharVocabJSON;
    const vocab = CharVocab.fromJSON(json);
    json.symbols.push('z');
    vocab.toJSON().symbols.push('y');
    expect(vocab.size).toBe(6);
    expect(vocab.toJSON().symbols).toEqual(VALID.symbols);
  });
});

describe('CharVocab.fromJSON rejects malformed input', () => {
  const cases: Array<[string, unknown, string, RegExp?]> = [
    ['null', null, '(root)'],
    ['a number', 42, '(root)'],
    ['an array', [VALID], '(root)'],
    ['invalid JSON text', '{"format":', '(root)', /valid JSON text/],
    ['a missing format', without('format'), 'format', /got undefined \(missing\)/],
    ['a wrong format', withField('format', 'charloom.word-vocab'), 'format', /'charloom\.char-vocab'/],
    ['a missing version', without('version'), 'version'],
    ['an unsupported version', withField('version', 2), 'version', /version must be 1 .*got 2/],
    ['a version as a string', withField('version', '1'), 'version'],
    ['a missing mode', without('mode'), 'mode'],
    ['a bad mode', withField('mode', 'byte'), 'mode', /got 'byte'/],
    ['a missing normalize', without('normalize'), 'normalize'],
    ['a bad normalize', withField('normalize', 'NFD'), 'normalize', /got 'NFD'/],
    ['a missing unknown policy', without('unknown'), 'unknown'],
    ['a bad unknown policy', withField('unknown', 'ignore'), 'unknown', /got 'ignore'/],
    ['missing specialTokens', without('specialTokens'), 'specialTokens'],
    ['specialTokens null', withField('specialTokens', null), 'specialTokens'],
    ['specialTokens an array', withField('specialTokens', ['<pad>']), 'specialTokens'],
    ['a non-string special token', withField('specialTokens', { pad: 0, unk: '<unk>' }), 'specialTokens.pad'],
    ['an empty special token', withField('specialTokens', { pad: '', unk: '<unk>' }), 'specialTokens.pad'],
    [
      'duplicate special tokens',
      withField('specialTokens', { pad: '<x>', unk: '<x>' }),
      'specialTokens.unk',
      /different from specialTokens\.pad/,
    ],
    [
      'an unknown special token kind',
      withField('specialTokens', { mask: '<m>', unk: '<unk>' }),
      'specialTokens.mask',
    ],
    ["unknown 'unk' without an unk token", withField('specialTokens', { pad: '<pad>' }), 'unknown'],
    [
      'a special token equal to a symbol',
      withField('specialTokens', { pad: 'a', unk: '<unk>' }),
      'specialTokens.pad',
      /it equals symbols\[0\]/,
    ],
    ['missing symbols', without('symbols'), 'symbols'],
    ['symbols as a string', withField('symbols', 'ab'), 'symbols', /an array of strings/],
    ['symbols as an object', withField('symbols', { 0: 'a' }), 'symbols'],
    ['a non-string symbol', withField('symbols', ['a', 5]), 'symbols[1]', /got 5/],
    ['a null symbol', withField('symbols', ['a', null]), 'symbols[1]'],
    ['an empty-string symbol', withField('symbols', ['', 'a']), 'symbols[0]', /non-empty string/],
    [
      'a two-letter symbol in codepoint mode',
      withField('symbols', ['a', 'bc']),
      'symbols[1]',
      /single code point/,
    ],
    [
      'a combined letter in codepoint mode',
      withField('symbols', ['e\u0301']),
      'symbols[0]',
      /single code point/,
    ],
    ['a duplicate symbol', withField('symbols', ['a', 'b', 'a']), 'symbols[2]', /repeats symbols\[0\]/],
    ['adjacent duplicates', withField('symbols', ['a', 'a']), 'symbols[1]', /repeats symbols\[0\]/],
    ['unsorted symbols', withField('symbols', ['b', 'a']), 'symbols[1]', /code-point order/],
    [
      'symbols in UTF-16 order',
      withField('symbols', ['a', '😀', '\uFF5E']),
      'symbols[2]',
      /code-point order/,
    ],
    [
      'a symbol not in NFC under NFC',
      { ...VALID, normalize: 'NFC', symbols: ['\u212B'] },
      'symbols[0]',
      /must be in NFC/,
    ],
    ['an extra field', withField('counts', [1, 2]), 'counts', /absent/],
  ];

  for (const [description, json, field, message] of cases) {
    it(`rejects ${description}`, () => {
      const error = catchFormatError(json);
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`invalid vocab JSON: ${field} must be`)).toBe(true);
      if (message) expect(error.message).toMatch(message);
    });
  }

  it('keeps the syntax error as the cause of invalid JSON text', () => {
    expect(catchFormatError('{').cause).toBeInstanceOf(SyntaxError);
  });

  it('accepts the valid base case the malformed ones derive from', () => {
    expect(CharVocab.fromJSON(VALID).size).toBe(6);
  });
});

describe('CharVocab.fromJSON in grapheme mode with NFC', () => {
  it('rejects a symbol that NFC would change, since encode could never produce it', () => {
    const json = {
      format: 'charloom.char-vocab',
      version: 1,
      mode: 'grapheme',
      normalize: 'NFC',
      specialTokens: {},
      unknown: 'error',
      symbols: ['a', 'e\u0301'],
    };
    expect(() => CharVocab.fromJSON(json)).toThrow(VocabFormatError);
    expect(() => CharVocab.fromJSON(json)).toThrow(/symbols\[1\]/);
    expect(CharVocab.fromJSON({ ...json, symbols: ['a', '\u00e9'] }).size).toBe(2);
  });
});
