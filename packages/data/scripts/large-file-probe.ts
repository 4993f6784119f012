// Measures time and peak memory of loading and encoding one large text file, in a fresh process per mode.
// Run by bench.ts (node --expose-gc dist/scripts/large-file-probe.js <mode> <path>); prints one JSON line.

import { createRequire, syncBuiltinESMExports } from 'node:module';
import { CharVocab } from '@charloom/tokenizer';
import { encodeText } from '../src/index.js';
import { encodeTextFile, readTextFile } from '../src/node/index.js';

const MIB = 2 ** 20;
const [mode, path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: large-file-probe <read-encode|encode-file|naive> <path>');

const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
const start = process.memoryUsage();
const baseRss = start.rss;
const baseLive = start.heapUsed + start.arrayBuffers;
let peakLive = baseLive;
let peakSampledRss = baseRss;
let samples = 0;

/**
 * One sample of heapUsed + arrayBuffers (what V8 and its array buffers hold, garbage not yet collected included)
 * and of RSS. Taken before every `fs.readSync` (every 64 KiB chunk while streaming) and between the stages below,
 * so the sampled peak is a lower bound on the true one; `maxRSS` catches the true peak of resident memory.
 */
function sample(): void {
  const usage = process.memoryUsage();
  peakLive = Math.max(peakLive, usage.heapUsed + usage.arrayBuffers);
  peakSampledRss = Math.max(peakSampledRss, usage.rss);
  samples++;
}

// The package imports `readSync` from node:fs as an ESM binding; syncBuiltinESMExports makes it see this wrapper.
const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
const readSync = fs.readSync;
fs.readSync = ((...args: Parameters<typeof readSync>) => {
  sample();
  return readSync(...args);
}) as typeof readSync;
syncBuiltinESMExports();

const started = performance.now();
let chars = 0;
let tokens = 0;
let idType = '';
let afterLoad = 0;
if (mode === 'read-encode') {
  const text = readTextFile(path);
  sample();
  afterLoad = process.memoryUsage().rss;
  const vocab = CharVocab.fromText(text);
  sample();
  const ids = encodeText(vocab, text);
  sample();
  chars = text.length;
  tokens = ids.length;
  idType = ids.constructor.name;
} else if (mode === 'encode-file') {
  const { tokenIds } = encodeTextFile(path);
  sample();
  tokens = tokenIds.length;
  idType = tokenIds.constructor.name;
} else if (mode === 'naive') {
  const text = fs.readFileSync(path, 'utf8');
  sample();
  afterLoad = process.memoryUsage().rss;
  const vocab = CharVocab.fromText(text);
  sample();
  const ids = vocab.encodeInt32(text);
  sample();
  chars = text.length;
  tokens = ids.length;
  idType = ids.constructor.name;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
const mib = (bytes: number): number => Math.round(bytes / MIB);
console.log(
  JSON.stringify({
    mode,
    chars,
    tokens,
    idType,
    seconds: Number(seconds.toFixed(2)),
    peakRssAboveStartMiB: mib(process.resourceUsage().maxRSS * 1024 - baseRss),
    sampledPeakRssAboveStartMiB: mib(peakSampledRss - baseRss),
    rssAfterLoadAboveStartMiB: afterLoad === 0 ? null : mib(afterLoad - baseRss),
    sampledPeakHeapPlusArrayBuffersAboveStartMiB: mib(peakLive - baseLive),
    samples,
  }),
);
