// Measures time and peak memory of loading and encoding one large text file, in a fresh process per mode.
// Run by bench.ts (node dist/scripts/large-file-probe.js <mode> <path>); prints one JSON line.

import { readFileSync } from 'node:fs';
import { CharVocab } from '@charloom/tokenizer';
import { encodeText } from '../src/index.js';
import { encodeTextFile, readTextFile } from '../src/node/index.js';

const MIB = 2 ** 20;
const [mode, path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: large-file-probe <read-encode|encode-file|naive> <path>');

const baseRss = process.memoryUsage().rss;
const started = performance.now();
let chars = 0;
let tokens = 0;
let idType = '';
/** Bytes per character of the text as a V8 string (held or not): 1 when every code unit is below 0x100, else 2. */
let stringBytesPerChar = 0;

function bytesPerChar(vocab: CharVocab): number {
  return vocab.symbols.some((symbol) => symbol.charCodeAt(0) > 0xff) ? 2 : 1;
}
let afterLoad = 0;
if (mode === 'read-encode') {
  const text = readTextFile(path);
  afterLoad = process.memoryUsage().rss;
  const vocab = CharVocab.fromText(text);
  const ids = encodeText(vocab, text);
  chars = text.length;
  stringBytesPerChar = bytesPerChar(vocab);
  tokens = ids.length;
  idType = ids.constructor.name;
} else if (mode === 'encode-file') {
  const { tokenIds, vocab } = encodeTextFile(path);
  tokens = tokenIds.length;
  stringBytesPerChar = bytesPerChar(vocab);
  idType = tokenIds.constructor.name;
} else if (mode === 'naive') {
  const text = readFileSync(path, 'utf8');
  afterLoad = process.memoryUsage().rss;
  const vocab = CharVocab.fromText(text);
  const ids = vocab.encodeInt32(text);
  chars = text.length;
  stringBytesPerChar = bytesPerChar(vocab);
  tokens = ids.length;
  idType = ids.constructor.name;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    mode,
    chars,
    tokens,
    idType,
    stringBytesPerChar,
    seconds: Number(seconds.toFixed(2)),
    peakRssAboveStartMiB: Math.round((process.resourceUsage().maxRSS * 1024 - baseRss) / MIB),
    rssAfterLoadAboveStartMiB: afterLoad === 0 ? null : Math.round((afterLoad - baseRss) / MIB),
    heapUsedPlusArrayBuffersMiB: Math.round((usage.heapUsed + usage.arrayBuffers) / MIB),
  }),
);
