// The main job until the CLI exists: train the Markov baseline on Moby Dick, print a sample and its bits/char.
// Run with `pnpm demo` from the repository root (builds first). Optional args: --order K --length N --seed S.

import { parseArgs } from 'node:util';
import { MarkovModel, sampleMarkov } from '../src/index.js';
import { splitMobyDick } from './moby-dick.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    order: { type: 'string', default: '6' },
    length: { type: 'string', default: '600' },
    seed: { type: 'string', default: '42' },
  },
});
const order = Number(values.order);
const length = Number(values.length);
const seed = Number(values.seed);

const corpus = splitMobyDick();
console.log(
  `Moby Dick: ${corpus.train.length + corpus.val.length + corpus.test.length} chars, vocabulary ${corpus.vocab.size}, ` +
    `split 90/5/5 contiguous (train ${corpus.train.length}, val ${corpus.val.length}, test ${corpus.test.length})`,
);

const started = performance.now();
const model = MarkovModel.fromTokenIds(corpus.train, { order, vocab: corpus.vocab });
const seconds = (performance.now() - started) / 1000;
const { contexts, entries, bytes } = model.size;
console.log(
  `order-${order} model built in ${seconds.toFixed(2)} s: ${contexts} contexts, ${entries} (context, char) pairs, ` +
    `${(bytes / 2 ** 20).toFixed(1)} MiB`,
);

const sample = await sampleMarkov(model, { length, seed });
console.log(`\n--- sample (order ${order}, unsmoothed counts as in Goldberg's generator, seed ${seed}) ---`);
console.log(sample.prime + sample.text);
console.log(
  `--- ${sample.backoffs.length} of ${sample.text.length} characters came from a backed-off context ---\n`,
);

console.log(
  'validation cross-entropy (orders up to the model order; the same counts, scored as that order):',
);
console.log('order  witten-bell                     kneser-ney');
let best = { bitsPerChar: Number.POSITIVE_INFINITY, label: '' };
for (let k = 1; k <= order; k++) {
  const cells = (['witten-bell', 'kneser-ney'] as const).map((smoothing) => {
    const result = model.evaluate(corpus.val, { smoothing, order: k });
    if (result.bitsPerChar < best.bitsPerChar)
      best = { bitsPerChar: result.bitsPerChar, label: `${smoothing} order ${k}` };
    return `${result.bitsPerChar.toFixed(3)} bits/char (${result.nats.toFixed(3)} nats)`.padEnd(32);
  });
  console.log(`${String(k).padStart(5)}  ${cells.join('')}`);
}
console.log(`\nbest on validation: ${best.label}, ${best.bitsPerChar.toFixed(3)} bits/char`);
