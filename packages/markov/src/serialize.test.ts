// Save/load checks: a round trip keeps every count and prediction; truncated, corrupted, foreign and
// future-version files are refused with a ModelFormatError naming the problem.

import { describe, expect, it } from 'vitest';
import { ModelFormatError } from './errors.js';
import { sampleMarkov } from './generate.js';
import { MarkovModel } from './markov-model.js';
import { crc32, MARKOV_FORMAT_VERSION, modelFromBytes, modelToBytes } from './serialize.js';

const corpus =
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse.';
const model = MarkovModel.fromText(corpus, { order: 3 });

/** Re-seal bytes after an edit so the checksum passes and the check under test is the one that fires. */
function reseal(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer).setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

function withHeader(edit: (header: Record<string, unknown>) => void): Uint8Array {
  const bytes = modelToBytes(model);
  const view = new DataView(bytes.buffer);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  edit(header);
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  if (encoded.length !== length) throw new Error('test edit must keep the header length');
  bytes.set(encoded, 12);
  return reseal(bytes);
}

describe('modelToBytes / modelFromBytes', () => {
  it('round-trips counts, vocabulary, evaluation and samples', async () => {
    const loaded = modelFromBytes(modelToBytes(model));
    expect(loaded.tree).toEqual(model.tree);
    expect(loaded.order).toBe(3);
    expect(loaded.vocab.toJSON()).toEqual(model.vocab.toJSON());
    expect(loaded.evaluate('never mind how long', { smoothing: 'kneser-ney' })).toEqual(
      model.evaluate('never mind how long', { smoothing: 'kneser-ney' }),
    );
    expect(await sampleMarkov(loaded, { length: 100, seed: 9 })).toEqual(
      await sampleMarkov(model, { length: 100, seed: 9 }),
    );
  });

  it('refuses a truncated file', () => {
    const bytes = modelToBytes(model);
    expect(() => modelFromBytes(bytes.subarray(0, bytes.length - 10))).toThrow(ModelFormatError);
    expect(() => modelFromBytes(bytes.subarray(0, 5))).toThrow(/magic/);
  });

  it('refuses a corrupted byte', () => {
    const bytes = modelToBytes(model);
    bytes[bytes.length - 20]! ^= 0xff;
    expect(() => modelFromBytes(bytes)).toThrow(/checksum/);
  });

  it('refuses other formats and versions', () => {
    expect(() => modelFromBytes(new TextEncoder().encode('{"hello": "world"} and more bytes'))).toThrow(
      /magic/,
    );
    const future = MARKOV_FORMAT_VERSION + 1;
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          h.version = future;
        }),
      ),
    ).toThrow(new RegExp(`version.*${future}`));
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          h.format = 'charloom.markoX';
        }),
      ),
    ).toThrow(/format/);
  });

  it('refuses structurally broken arrays even with a valid checksum', () => {
    const cases: [name: string, edit: (tree: Record<string, Int32Array>) => void, message: RegExp][] = [
      ['symbol beyond the vocabulary', (t) => t.nodeSymbol!.set([9999], 1), /nodeSymbol.*9999/],
      [
        'children out of order',
        (t) => t.nodeSymbol!.set([t.nodeSymbol![2]!, t.nodeSymbol![1]!], 1),
        /not sorted/,
      ],
      [
        'successors out of order',
        (t) => t.entrySymbol!.set([t.entrySymbol![1]!, t.entrySymbol![0]!], 0),
        /sorted/,
      ],
      ['negative continuation count', (t) => t.entryContinuation!.set([-100], 0), /entryContinuation/],
      ['a context without successors', (t) => t.entryStart!.set([t.entryStart![1]!], 2), /no successors/],
      ['a child before its parent', (t) => t.childStart!.set([1], 1), /childStart/],
      ['counts that do not add up', (t) => t.entryCount!.set([t.entryCount![0]! + 1], 0), /trainingTokens/],
    ];
    for (const [what, edit, message] of cases) {
      expect(() => modelFromBytes(withArrays(edit)), what).toThrow(ModelFormatError);
      expect(() => modelFromBytes(withArrays(edit)), what).toThrow(message);
    }
  });
});

/** Bytes of `model` whose count arrays were edited in place, re-sealed. */
function withArrays(edit: (tree: Record<string, Int32Array>) => void): Uint8Array {
  const bytes = modelToBytes(model);
  const view = new DataView(bytes.buffer);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  let offset = 12 + ((length + 3) & ~3);
  const arrays: Record<string, Int32Array> = {};
  for (const { name, length: size } of header.arrays as { name: string; length: number }[]) {
    arrays[name] = new Int32Array(bytes.buffer, offset, size);
    offset += 4 * size;
  }
  edit(arrays);
  return reseal(bytes);
}
